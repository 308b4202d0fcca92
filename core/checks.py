"""System checks for a deployment (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

# Caches that live inside one process: each worker would count rate limits on its own.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def rate_limits_count_in_a_shared_cache(app_configs, **kwargs):
    """allauth's sign-in limits use the default cache, django-ratelimit's its own setting."""
    aliases = {"default", getattr(settings, "RATELIMIT_USE_CACHE", "default")}
    return [
        Error(
            f"The {alias!r} cache ({settings.CACHES[alias]['BACKEND']}) is kept per process, "
            "so every worker would count rate limits and failed sign-ins on its own.",
            hint="Set REDIS_URL, or use django.core.cache.backends.db.DatabaseCache.",
            id="core.E001",
        )
        for alias in sorted(aliases)
        if settings.CACHES.get(alias, {}).get("BACKEND") in PER_PROCESS_CACHES
    ]


def _origin(url):
    """scheme://host[:port] of `url`, without a port its scheme implies."""
    parts = urlsplit(url)
    implied = {"http": 80, "https": 443}.get(parts.scheme)
    port = f":{parts.port}" if parts.port and parts.port != implied else ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}"


@register(Tags.database, deploy=True)
def admin_address_is_the_default_sites(app_configs, databases=None, **kwargs):
    """Wagtail's own e-mails and image renditions link to WAGTAILADMIN_BASE_URL, every other
    absolute address of ours to the Site (core.links): they must be one address. Reads the
    Site, so it runs with `check --deploy --database default`."""
    if not databases:
        return []
    from wagtail.models import Site

    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # not migrated yet: there is no Site to disagree with
        return []
    if site is None:
        return []
    configured = _origin(settings.WAGTAILADMIN_BASE_URL)
    if configured == _origin(site.root_url.lower()):
        return []
    return [
        Error(
            f"WAGTAILADMIN_BASE_URL is {configured}, but the default Site is served at "
            f"{site.root_url}: Wagtail's e-mails would link to another address than the "
            "site's pages, feeds, API and e-mails.",
            hint="Set WAGTAILADMIN_BASE_URL to the Site's address, or correct the Site's "
            "hostname and port (Settings → Sites in the admin).",
            id="core.E002",
        )
    ]
