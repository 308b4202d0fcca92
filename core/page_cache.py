"""Anonymous visitors' pages served without rendering, until what they show changes.

One rule, `is_shareable`, decides which answers anyone may be given a copy of: the same
rule sets the Cache-Control that Varnish or a CDN obeys and decides what this cache keeps.
Everything else (signed-in pages, forms with their CSRF cookie, token links, previews,
errors) is `private` and never stored.

Entries are keyed by host, path and query. Each entry remembers the version of its
(host, path) and of its host that it was rendered under; a purge deletes those version
keys (core.purge through Wagtail's frontend cache, PageCacheBackend below), so every query
variant of a path (?sivu=2, ?jarjestys=aanet), or every page of a host, is stale at once.
A missing version key, whether purged, expired or evicted by Redis, never validates an
old entry: a new version is made and the page rendered again.
"""

import contextlib
import hashlib
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from core.middleware import CACHE_UNAVAILABLE, service_unavailable

CACHE_ALIAS = "pages"
# The path of a purge that drops every page of the host (Varnish's VCL reads it the same way).
WHOLE_HOST = "/*"
# The messages framework's cookie (django.contrib.messages.storage.cookie.CookieStorage):
# a visitor with a message waiting sees a page made for them.
MESSAGES_COOKIE = "messages"
# What a view says when its answer is for one person, or must never be kept.
PERSONAL_DIRECTIVES = ("private", "no-store", "no-cache")


def _personal_cookies():
    return (settings.SESSION_COOKIE_NAME, MESSAGES_COOKIE)


def is_personal_request(request):
    """A request whose answer may depend on who asks: signed in, a token, a message waiting."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return True
    return any(name in request.COOKIES for name in _personal_cookies())


def is_shareable(request, response):
    """May this answer be kept and given to every anonymous visitor asking for the same URL?"""
    if is_personal_request(request) or response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    directives = response.get("Cache-Control", "").lower()
    return not any(directive in directives for directive in PERSONAL_DIRECTIVES)


def _digest(*parts):
    return hashlib.md5("\n".join(parts).encode(), usedforsecurity=False).hexdigest()


def path_version_key(host, path):
    return "pc:v:" + _digest(host, path)


def host_version_key(host):
    return "pc:g:" + _digest(host)


def _entry_key(host, path, query):
    return "pc:e:" + _digest(host, path, query)


def _new_version():
    return uuid.uuid4().hex


def cache_enabled():
    return settings.YHDESSA_PAGE_CACHE_ENABLED and settings.YHDESSA_PAGE_CACHE_SECONDS > 0


def _shared_lifetime(response):
    """Seconds a shared cache may keep the answer: the view's own s-maxage/max-age, else ours."""
    for directive in response.get("Cache-Control", "").split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() == "s-maxage" and value.isdigit():
            return int(value)
    for directive in response.get("Cache-Control", "").split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() == "max-age" and value.isdigit():
            return int(value)
    return settings.YHDESSA_PAGE_CACHE_SECONDS


def mark_cacheability(request, response):
    """Cache-Control for shared caches (our page cache, Varnish, a CDN) and each Vary once."""
    if is_shareable(request, response):
        if "max-age" not in response.get("Cache-Control", ""):
            # Browsers revalidate every time (a cheap 304 with the ETag), so a purge reaches
            # them too; shared caches, which we purge, keep the page for the lifetime.
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=settings.YHDESSA_PAGE_CACHE_SECONDS,
            )
        shareable = True
    else:
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        shareable = False
    _deduplicate_vary(response)
    return shareable


def _deduplicate_vary(response):
    if not response.has_header("Vary"):
        return
    names = [name.strip() for name in response["Vary"].split(",") if name.strip()]
    del response.headers["Vary"]
    patch_vary_headers(response, names)


def site_hosts():
    """The address (host, and port where not the scheme's own) of every Site."""
    from wagtail.models import Site

    return {urlsplit(site.root_url).netloc for site in Site.objects.all()}


class PageCacheMiddleware:
    """Below CORS (which adds each requester's own headers) and above sessions and auth,
    so a hit costs one cache round trip and nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cache_enabled() or is_personal_request(request):
            response = self.get_response(request)
            mark_cacheability(request, response)
            return response
        cache = caches[CACHE_ALIAS]
        host, path = request.get_host(), request.path
        keys = [
            _entry_key(host, path, request.META.get("QUERY_STRING", "")),
            path_version_key(host, path),
            host_version_key(host),
        ]
        try:
            found = cache.get_many(keys)
            versions = self._versions(cache, found, host, keys[1:])
        except Exception as error:
            if not service_unavailable(error):
                raise
            # Redis, or the database that says which hosts are Sites, is away: the page
            # is rendered as if there were no cache (or meets the database's 503).
            found, versions = {}, None
        entry = found.get(keys[0])
        if entry is not None and entry["versions"] == versions:
            return self._rebuild(entry)
        response = self.get_response(request)
        shareable = mark_cacheability(request, response)
        if shareable and versions is not None and request.method == "GET":
            response["X-Page-Cache"] = "miss"
            with contextlib.suppress(*CACHE_UNAVAILABLE):
                cache.set(
                    keys[0],
                    {
                        "versions": versions,
                        "status": response.status_code,
                        "headers": list(response.items()),
                        "content": response.content,
                    },
                    _shared_lifetime(response),
                )
        return response

    @staticmethod
    def _versions(cache, found, host, version_keys):
        """The current versions; a missing one is made now, so no old entry can match it.

        None for a host that is no Site's address (`localhost` for `127.0.0.1:8000`): purges
        are sent for the Site's own address only, so its pages are not kept under another.
        """
        host_key = version_keys[1]
        if host_key not in found and host not in site_hosts():
            return None
        versions = []
        for key in version_keys:
            version = found.get(key)
            if version is None:
                version = _new_version()
                if not cache.add(key, version, None):
                    version = cache.get(key) or version
            versions.append(version)
        return versions

    @staticmethod
    def _rebuild(entry):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response


class PageCacheBackend(BaseBackend):
    """Wagtail's frontend cache backend for our own page cache: a purged URL's path (every
    query of it) is rendered afresh, and `/*` renders every page of the host afresh."""

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        keys = set()
        for url in urls:
            parts = urlsplit(url)
            host = parts.netloc
            if parts.path == WHOLE_HOST:
                keys.add(host_version_key(host))
            else:
                keys.add(path_version_key(host, parts.path or "/"))
        caches[CACHE_ALIAS].delete_many(list(keys))
