"""The Site a request is for, found once per host and content version instead of per request.

Wagtail asks the database which Site answers a Host header on every request (a query built
from a CASE expression, then the root page's own row for routing). The answer only changes
when a Site or a page changes, which already gives the chrome's content version a new value
(core.chrome.content_changed), so it is kept in the cache under that version, root page
and all. Wagtail's own lookups (routing, the content API, the sitemap) read it from
`request._wagtail_site`, where Site.find_for_request keeps its answer for the request.
"""

import contextlib
import hashlib

from django.core.cache import cache
from django.http.request import split_domain_port
from wagtail.models import Site

from core import chrome
from core.middleware import CACHE_UNAVAILABLE, service_unavailable

# A backstop only: a change gives the version a new value at once.
TIMEOUT = 60 * 60


def _key(hostname, port):
    digest = hashlib.md5(f"{hostname}\n{port}".encode(), usedforsecurity=False).hexdigest()
    return f"yhdessa:site:{chrome.version()}:{digest}"


def _lookup(request):
    """(the Site, its cache key, whether it came from the cache)."""
    # The same host and port Wagtail matches on (Site._find_for_request).
    hostname = split_domain_port(request._get_raw_host())[0]
    key = _key(hostname, request.get_port())
    kept = cache.get(key)
    if kept is not None:
        return kept[0], key, True
    return Site._find_for_request(request), key, False


class SiteMiddleware:
    """Gives every request its Site before any view asks for it.

    Placed after CommonMiddleware, so a Host that ALLOWED_HOSTS refuses has been answered
    with 400 already and never makes a cache entry. A Site found in the database is kept
    once the response is made: by then routing has fetched its root page's specific row
    (a cached_property of the root page), which is kept with it; views that never route
    (the APIs, forms) pay no query for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            site, key, kept = _lookup(request)
        except Exception as error:
            if not service_unavailable(error):
                raise
            # The database (or the cache) is away: the view meets the same error, where
            # DatabaseUnavailableMiddleware answers 503 instead of a 500 from here.
            return self.get_response(request)
        request._wagtail_site = site
        response = self.get_response(request)
        if not kept:
            with contextlib.suppress(*CACHE_UNAVAILABLE):
                cache.set(key, (site,), TIMEOUT)
        return response
