from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control

from core.branding import accent_stylesheet, stylesheet_version
from core.models import SiteSettings


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
