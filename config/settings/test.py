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
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
