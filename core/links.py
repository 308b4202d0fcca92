"""Absolute addresses and lasting identifiers: both come from a Wagtail Site, never a request.

A link in an API response, a feed, a calendar file, an e-mail or an export is followed
from elsewhere and later, so it must lead to where the site is served. The request's Host
header says only what this client typed or a proxy passed on (127.0.0.1:8000, localhost,
an internal name), and a worker sending e-mail has no request at all. So the one source
of truth is the Site: its hostname and port, written as Wagtail's Site.root_url writes
them (https on port 443, http otherwise), as Page.get_full_url() already does for pages.
`make run` keeps the default Site on the address it serves (home's ensure_admin), and in
production `manage.py check --deploy --database default` refuses a WAGTAILADMIN_BASE_URL
(the address of Wagtail's own e-mails) that is not the default Site's (core.checks).
"""

from urllib.parse import urlsplit

from django.utils import translation
from wagtail.models import Site


def site_of(request):
    """The Site a request is for (the default Site when its Host names none), or None."""
    return Site.find_for_request(request)


def absolute_url(site, path):
    """`path` (as a page, a view or file storage gives it) on `site`'s address.

    An address that is already absolute (files kept by a storage on another host) stays as
    it is. Without a Site nothing is known about the address, and the path is the best link.
    """
    if site is None or urlsplit(path).scheme:
        return path
    return site.root_url + path


def request_url(request, path):
    """`path` on the address of the Site the request is for (API responses: as Wagtail's
    content API writes its detail_url)."""
    return absolute_url(site_of(request), path)


def identifier_authority(site):
    """The name in identifiers that must never change: Atom ids, calendar UIDs.

    The Site's hostname alone: not the Host header (a reader fetching by another name
    would see every item twice), and not the port, which `make run HOST_PORT=...` changes
    while the site and its items stay the same.
    """
    return site.hostname


def page_url(page, request=None):
    """page.get_url(request), worked out once per page object and language.

    A page with routes links to them many times (every idea's, comment's and section's
    address starts with it), and each get_url walks the sites' root paths again.
    """
    memo = page.__dict__.setdefault("_yhdessa_urls", {})
    key = (translation.get_language(), request is not None)
    if key not in memo:
        memo[key] = page.get_url(request)
    return memo[key]
