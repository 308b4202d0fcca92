"""What the pages of every app that takes visitors' writes share."""

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


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
