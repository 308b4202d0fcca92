import datetime
import re

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from core import chrome
from core.branding import stylesheet_version
from core.links import request_url
from core.phone import format_phone

register = template.Library()


@register.filter
def phone(value):
    """040 123 4567 from +358401234567."""
    return format_phone(value)


# Where an address may wrap: after "@" and before each dot, as printed addresses wrap.
ADDRESS_BREAK = re.compile(r"(?<=@)|(?=\.)")


@register.filter
def breakable_address(value):
    """An e-mail address (or a web address) that wraps only after "@" and before dots.

    A narrow card otherwise breaks "kunta.exa|mple" mid-word. The value is escaped
    first and only then gets its <wbr>s, so nothing in it can become markup; escaping
    makes no "@" or "." of its own.
    """
    return mark_safe(ADDRESS_BREAK.sub("<wbr>", escape(value)))  # noqa: S308


@register.filter
def html_datetime(value):
    """The value of a `<time datetime>`: 2026-12-01 for a date, 2026-12-01T09:37:45+02:00 for
    a moment, in the local time zone.

    HTML allows at most three decimals of a second and Django's ISO format gives the six
    that the database stores; whole seconds are what a reader and a calendar need.
    """
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """The site's settings, logo and footer as every page shows them (core.chrome), or the
    empty chrome where there is no request (a template rendered for an e-mail)."""
    request = context.get("request")
    return chrome.site_chrome(request) if request else {}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    request = context.get("request")
    # The request goes along: without it `{% pageurl page %}` cannot tell the page is on
    # this Site and writes its full address whenever the install has several Sites.
    return {"ancestors": chrome.breadcrumbs(request, page), "page": page, "request": request}


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The navigation links, marking the one for this page ("page") or its section ("true")."""
    request = context.get("request")
    return {"links": chrome.navigation(request, context.get("page")) if request else []}


@register.simple_tag(takes_context=True)
def brand_stylesheet_url(context):
    """The address of the site's accent-colour stylesheet (core.views), or "" without one."""
    request = context.get("request")
    colour = chrome.site_chrome(request)["accent_colour"] if request else ""
    if not colour:
        return ""
    return reverse("brand_stylesheet", kwargs={"version": stylesheet_version(colour)})


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in each interface language: code, name in that language, path, absolute URL.

    The page's own address translated (/ajankohtaista/?tag=x, /sv/ajankohtaista/?tag=x, …),
    for the header's language links and the alternates that tell search engines about them.
    """
    request = context.get("request")
    if request is None:
        return []
    # The head's alternates and the header's links both ask; resolving the address once in
    # each language is enough.
    memo = request.__dict__.setdefault("_yhdessa_language_versions", {})
    current = translation.get_language()
    if current not in memo:
        memo[current] = _language_versions(request, current)
    return memo[current]


def _language_versions(request, current):
    here = request.get_full_path()
    versions = []
    for code, _name in settings.LANGUAGES:
        path = translate_url(here, code)
        versions.append(
            {
                "code": code,
                "name": capfirst(translation.get_language_info(code)["name_local"]),
                "path": path,
                "url": request_url(request, path),
                "current": code == current,
                "default": code == settings.LANGUAGE_CODE,
            }
        )
    return versions


@register.simple_tag(takes_context=True)
def default_language_path(context):
    """This page's path without a language prefix: /tili/login/ for /sv/tili/login/."""
    return translate_url(context["request"].path, settings.LANGUAGE_CODE)
