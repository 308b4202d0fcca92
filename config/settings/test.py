"""The test suite: fast hashing, e-mail kept in memory, static files from the finders."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The suite runs in one process, and the pinned query counts assume a cache that costs
# no queries; tests/test_shared_rate_limits.py runs real workers on the shared caches.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}
# Most tests change records behind the services' back and read the page again; the page
# cache's own tests (tests/test_page_cache.py) switch it on, with every purge rule.
YHDESSA_PAGE_CACHE_ENABLED = False
