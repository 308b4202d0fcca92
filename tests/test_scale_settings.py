"""Production settings for several app servers: what every instance must share."""

import json

from tests.test_deploy import production_env, run_python

PRINT_SHARED_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
print(json.dumps({
    "sessions": settings.SESSION_ENGINE,
    "caches": {alias: cache["BACKEND"] for alias, cache in settings.CACHES.items()},
}))
"""


def shared_settings(**env):
    result = run_python(["-c", PRINT_SHARED_SETTINGS], production_env(**env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_redis_sessions_survive_a_redis_restart_on_any_instance():
    found = shared_settings(REDIS_URL="redis://127.0.0.1:6379/0")
    # Read from Redis by whichever instance answers, written through to the database.
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"


PRINT_PURGE_BACKENDS = """
import json
import django
django.setup()
from wagtail.contrib.frontend_cache.utils import get_backends
print(json.dumps({name: type(backend).__name__ for name, backend in get_backends().items()}))
"""


def test_varnish_purge_url_sends_every_purge_to_varnish_as_well():
    result = run_python(
        ["-c", PRINT_PURGE_BACKENDS],
        production_env(
            REDIS_URL="redis://127.0.0.1:6379/0", VARNISH_PURGE_URL="http://127.0.0.1:6081"
        ),
    )
    assert result.returncode == 0, result.stderr
    backends = json.loads(result.stdout.strip().splitlines()[-1])
    assert backends == {"pages": "PageCacheBackend", "varnish": "HTTPBackend"}


def test_with_redis_every_instance_shares_the_page_cache():
    found = shared_settings(REDIS_URL="redis://127.0.0.1:6379/0")
    assert found["caches"]["pages"] == "django.core.cache.backends.redis.RedisCache"
