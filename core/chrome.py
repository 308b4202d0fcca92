"""The chrome around every page (header, navigation, footer, breadcrumbs), built once and kept.

Every page showed the same site settings, logo, navigation links and footer, and paid five
queries and their template work for them on every request. They are built once per site and
language and kept in the cache under a version; any save or delete of what they show (a page,
the site settings and their links, an image, a site) gives the version a new value, so the next
request builds them afresh and nothing needs purging. Nothing here is personal: the visitor's
own links (sign-in, profile) and which link is the current page are added per request.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.images.models import AbstractImage
from wagtail.models import Page, Site
from wagtail.signals import page_unpublished, post_page_move

from core.models import NavigationLink, SiteSettings

VERSION_KEY = "yhdessa:chrome:version"
# A backstop only: a change gives the version a new value at once.
TIMEOUT = 60 * 60


def version():
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        current = cache.get(VERSION_KEY)
    return current


def new_version(**kwargs):
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def content_changed(sender, instance=None, **kwargs):
    """A new version now (this transaction's own requests see the change) and once more when
    it commits, so a request that built the chrome from the old rows meanwhile is not kept."""
    if instance is not None and not isinstance(
        instance, Page | SiteSettings | NavigationLink | AbstractImage | Site
    ):
        return
    new_version()
    transaction.on_commit(new_version)


def connect():
    # Page subclasses, images and settings each have their own sender: connect for every model
    # and let content_changed pick the ones the chrome shows.
    post_save.connect(content_changed, dispatch_uid="yhdessa-chrome-save")
    post_delete.connect(content_changed, dispatch_uid="yhdessa-chrome-delete")
    post_page_move.connect(content_changed, dispatch_uid="yhdessa-chrome-move")
    page_unpublished.connect(content_changed, dispatch_uid="yhdessa-chrome-unpublish")


def _cached(request, name, build):
    """One value per site, language and version, kept for the request as well."""
    memo = request.__dict__.setdefault("_yhdessa_chrome", {})
    if name in memo:
        return memo[name]
    site = Site.find_for_request(request)
    key = f"yhdessa:chrome:{version()}:{site.pk if site else 0}:{translation.get_language()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build(request, site)
        cache.set(key, value, TIMEOUT)
    memo[name] = value
    return value


def _build_site(request, site):
    settings = SiteSettings.for_site(site) if site else SiteSettings()
    return {
        "organisation_name": settings.organisation_name,
        "accent_colour": settings.accent_colour,
        "feedback_email": settings.feedback_email,
        "feedback_url": settings.feedback_url,
        "logo_html": (
            render_to_string(
                "includes/site_logo.html",
                {"logo": settings.logo, "name": settings.organisation_name},
                request,
            )
            if settings.logo
            else ""
        ),
        "footer_html": render_to_string(
            "includes/footer.html", {"site_settings": settings}, request
        ),
        "navigation": [
            {
                "url": link.page.get_url(request),
                "text": link.text,
                "pk": link.page.pk,
                "path": link.page.path,
                "depth": link.page.depth,
            }
            for link in (settings.navigation() if settings.pk else [])
        ],
    }


def site_chrome(request):
    """The site's settings as the chrome shows them: names, feedback channel, the logo's and
    the footer's HTML, the navigation links (url, text, pk, path, depth)."""
    return _cached(request, "site", _build_site)


def navigation(request, page):
    """The navigation links, each marked "page" for this page, "true" for its section."""
    links = []
    for link in site_chrome(request)["navigation"]:
        current = None
        if page is not None and page.path.startswith(link["path"]) and link["depth"] > 2:
            current = "page" if page.pk == link["pk"] else "true"
        links.append({**link, "current": current})
    return links


def breadcrumbs(request, page):
    """The page's ancestors below the root: [{"url", "title", "depth"}]."""
    if page.pk is None or request is None:  # a preview of a page not yet saved
        return _ancestors(request, page)
    return _cached(
        request, f"breadcrumbs:{page.pk}", lambda request, site: _ancestors(request, page)
    )


def _ancestors(request, page):
    return [
        {"url": ancestor.get_url(request), "title": ancestor.title, "depth": ancestor.depth}
        for ancestor in page.get_ancestors().filter(depth__gt=1)
    ]
