"""Local development: `make run` uses these."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-8d1f0c7e0c9b4c4a")
# Every demo municipality has its own *.localhost name, which browsers resolve to loopback.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", ".localhost", "[::1]"]
# Serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
