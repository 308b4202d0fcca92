"""What the pages of every app that takes visitors' writes share, and the brand stylesheet."""

from django.conf import settings
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, resolve_url
from django.urls import NoReverseMatch
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.branding import accent_stylesheet, stylesheet_version
from core.models import SiteSettings


def wants_json(request):
    """The script asks for JSON; a browser without it prefers HTML (and */* means HTML)."""
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def login_url(request, next_url=None):
    """The sign-in page, coming back to `next_url` (by default this page) afterwards."""
    try:
        url = resolve_url(settings.LOGIN_URL)
    except NoReverseMatch:  # the participant accounts are not installed
        return None
    query = QueryDict(mutable=True)
    query["next"] = next_url or request.get_full_path()
    return f"{url}?{query.urlencode(safe='/')}"


def safe_next(request, fallback):
    """`next` if it is a path on this site, else `fallback`: a relative "foo" would
    land beside the vote's own address, and anything else elsewhere."""
    target = request.POST.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def public_name(author):
    """How a writer is named on public pages; a deleted account leaves its texts unsigned."""
    return author.public_name if author is not None else _("Deleted user")


def brand_stylesheet(request, version):
    """The site's accent colour as a stylesheet from our own origin.

    The Content-Security-Policy allows styles only from this origin and no inline
    ones, so the colour cannot go into a <style> element or a style attribute; a
    nonce would make every page uncacheable. A separate file is allowed by the policy
    as it is, and its address carries a hash of its contents, so browsers and proxies
    keep it for a year and a new colour is a new address. An address with an old hash
    (a page cached somewhere) is sent on to the current one.
    """
    colour = SiteSettings.for_request(request).accent_colour
    if not colour:
        raise Http404
    current = stylesheet_version(colour)
    if version != current:
        return redirect("brand_stylesheet", version=current)
    response = HttpResponse(accent_stylesheet(colour), content_type="text/css; charset=utf-8")
    patch_cache_control(response, public=True, max_age=365 * 24 * 60 * 60, immutable=True)
    return response
