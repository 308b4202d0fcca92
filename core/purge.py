"""What a change makes stale, purged from every cache the moment it is committed.

Purges go through Wagtail's frontend cache (wagtail.contrib.frontend_cache.utils), so the
same list of URLs reaches our own page cache (core.page_cache.PageCacheBackend) and, in
production, Varnish (HTTPBackend, deploy/varnish/yhdessa.vcl). Its app is not installed:
its own handlers purge only a page's Finnish address, while every page here also has a
/sv/ and an /en/ address, and its listings, feeds and API answers show it too. So core
connects the page events itself, and each app registers, for each kind of record, which
pages show one (`register_purge_rule`).
"""

from collections import defaultdict
from functools import lru_cache, partial
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_save, pre_delete, pre_save
from django.urls import translate_url
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page

from core.links import absolute_url
from core.page_cache import WHOLE_HOST

# The site search, which finds records as well as pages.
SITE_SEARCH_PATH = "/haku/"
# Paths that list or index every page of a site: purged with any page's change.
SITE_LISTING_PATHS = ("/sitemap.xml", SITE_SEARCH_PATH, "/api/v2/pages/")


@lru_cache(maxsize=8192)
def _path_in_every_language(path):
    # Resolving and reversing a path costs more than the rest of a vote's purge, and the
    # same paths (a wall, its ideas, the API) come back with every vote: the answer for a
    # path never changes while the process runs.
    # Resolved in the path's own language, so the answer is the same whichever language
    # the request that changed something was in.
    with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
        return frozenset(translate_url(path, code) for code, _name in settings.LANGUAGES)


def in_every_language(url):
    """`url` and its address in each interface language (/sv/…, /en/…); an address outside
    the language patterns (the APIs, the sitemap) is itself only."""
    parts = urlsplit(url)
    return {
        urlunsplit((parts.scheme, parts.netloc, path, "", ""))
        for path in _path_in_every_language(parts.path)
    }


def _send(urls):
    purge_urls_from_cache(sorted(urls))


def _send_on_commit(urls):
    transaction.on_commit(partial(_send, urls))


def purge_urls(urls):
    """Purge these absolute URLs, in every language, once the change is committed."""
    expanded = set()
    for url in urls:
        expanded |= in_every_language(url)
    if expanded:
        _send_on_commit(expanded)


def page_urls(page):
    """The absolute URLs a page answers on: itself and its own routes (get_cached_paths)."""
    page = page.specific_deferred
    url = page.get_full_url()
    if url is None:
        return set()
    return {url + path.lstrip("/") for path in page.get_cached_paths()}


def route_url(page, name, *args):
    """The absolute URL of a route of a routable page; None for a page outside every Site,
    which no cache holds."""
    url = page.get_full_url()
    return url + page.reverse_subpage(name, args=args) if url else None


def site_url(site, path):
    """`path` (an API answer, the search) on the Site's address; None without a Site."""
    return absolute_url(site, path) if site is not None else None


def url_beside(page, path):
    """`path` (an API answer, the search) on the address of the Site the page is on, read
    from Wagtail's cached Site roots (no query, a vote's hot path); None outside every Site."""
    parts = page.get_url_parts()
    return parts[1] + path if parts else None


def site_urls(site, *paths):
    return {absolute_url(site, path) for path in paths}


def purge_site(site):
    """Every page of the site: what the navigation or the footer shows has changed."""
    if site is not None:
        _send_on_commit({absolute_url(site, WHOLE_HOST)})


def urls_showing_page(page):
    """The page, the pages above it (their listings show it) and the site's indexes."""
    urls = page_urls(page)
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific(defer=True):
        urls |= page_urls(ancestor)
    site = page.get_site()
    if site is not None:
        urls |= site_urls(site, *SITE_LISTING_PATHS, f"/api/v2/pages/{page.pk}/")
    return urls


def shown_on_every_page(page):
    """In the main navigation, which every page of the site shows."""
    from core.models.site_settings import NavigationLink

    return NavigationLink.objects.filter(page=page).exists()


def purge_page(page):
    """A page was published or unpublished: it and what lists it. Every page of its site
    when it is in the navigation, or when its title or address changed, which the pages
    below it show in their breadcrumbs and links."""
    if getattr(page, "_renamed", False) or shown_on_every_page(page):
        purge_site(page.get_site())
    else:
        purge_urls(urls_showing_page(page))


def _note_renaming(sender, instance, update_fields=None, raw=False, **kwargs):
    """Before a page's row is written: will its title or address change?"""
    if raw or instance.pk is None or (update_fields and not {"title", "slug"} & set(update_fields)):
        return
    before = Page.objects.filter(pk=instance.pk).values_list("title", "slug").first()
    instance._renamed = before is not None and before != (instance.title, instance.slug)


def purge_page_moved_or_deleted(page):
    """Moved or deleted, a page's address (and its children's) is gone from every page
    that linked to it, so the whole site is rendered afresh."""
    purge_site(page.get_site())


# Each model's rules: the app that owns the model registers one; an app that shows the
# record where its owner cannot look (the forums an association sits in) adds its own.
_rules = defaultdict(list)


def register_purge_rule(model, urls_showing, fields=None):
    """`urls_showing(instance)` gives the Pages and absolute URLs (route_url, site_url:
    None where there is none) that show the record; they are purged when one is saved or
    deleted. Deletes are read before the row goes, while what the record belongs to can
    still be looked up. With `fields`, a save that names its update_fields purges only
    when it writes one of them (a sign-in writes the account's last_login, not its name)."""
    if model not in _rules:
        post_save.connect(_record_changed, sender=model, weak=False)
        pre_delete.connect(_record_changed, sender=model, weak=False)
    _rules[model].append((urls_showing, set(fields) if fields else None))


def urls_showing_record(instance, update_fields=None):
    """Every registered rule's pages (each with its own routes) and URLs for the record."""
    urls = set()
    for urls_showing, fields in _rules.get(type(instance), ()):
        if fields and update_fields is not None and not fields & set(update_fields):
            continue
        for target in urls_showing(instance):
            if isinstance(target, Page):
                urls |= page_urls(target)
            elif target:  # None: a route or a path of a page outside every Site
                urls.add(target)
    return urls


def purge_record(instance):
    """What shows the record, purged once the change commits. Saves and deletes purge by
    themselves; a service that writes the row with queryset.update() (a hold after reports,
    a bulk change) calls this, because no signal tells of such a write."""
    purge_urls(urls_showing_record(instance))


def _deleted_with_a_page(origin):
    """A record going because its page is deleted (an idea with its wall): the page's
    deletion purges every page of its site, so nothing is looked up for each record."""
    if isinstance(origin, QuerySet):
        return issubclass(origin.model, Page)
    return isinstance(origin, Page)


def _record_changed(sender, instance, raw=False, origin=None, update_fields=None, **kwargs):
    if raw:
        return  # fixtures being loaded
    if _deleted_with_a_page(origin):
        return
    purge_urls(urls_showing_record(instance, update_fields))


def _page_changed(sender, instance, **kwargs):
    purge_page(instance)


def _page_moved_or_deleted(sender, instance, **kwargs):
    purge_page_moved_or_deleted(instance)


def _site_setting_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # a fixture or a test database being restored has no pages cached yet
        purge_site(instance.site)


def connect_page_events():
    """Every page type's publishing, and the site settings every page shows (the footer,
    the logo, the feedback channel)."""
    from django.apps import apps
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for model in apps.get_models():
        if issubclass(model, Page):
            pre_save.connect(_note_renaming, sender=model)
            page_published.connect(_page_changed, sender=model)
            page_unpublished.connect(_page_changed, sender=model)
            pre_delete.connect(_page_moved_or_deleted, sender=model)
        elif issubclass(model, BaseSiteSetting):
            post_save.connect(_site_setting_changed, sender=model)
    post_page_move.connect(_page_moved_or_deleted)
