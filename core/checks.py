"""System checks for a deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

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
