"""What an operator meets when deploying: production settings, migrations, the database."""

import json
import os
import re
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

REPO_ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_HOST = "yhdessa.example.fi"


# Only what a production process has from its host; nothing from this test run, which may
# carry test-only variables (DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests, DATABASE_URL).
HOST_VARIABLES = ("PATH", "HOME", "LANG", "TMPDIR", "SYSTEMROOT")


def production_env(**overrides):
    """The environment an operator gives a production process, with `overrides` applied
    (None removes a variable)."""
    env = {k: v for k, v in os.environ.items() if k in HOST_VARIABLES or k.startswith("LC_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=PRODUCTION_HOST,
    )
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_python(args, env):
    return subprocess.run(  # noqa: S603 (fixed arguments, our own interpreter)
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env()
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in result.stdout, output
    assert "WARNING" not in output
    assert not re.search(r"\(\w+\.W\d+\)", output), output


@pytest.mark.parametrize("blank", [None, "", "   "], ids=["unset", "empty", "whitespace"])
@pytest.mark.parametrize("variable", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_variable(variable, blank):
    result = run_python(["manage.py", "check"], production_env(**{variable: blank}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Set the {variable} environment variable" in result.stderr


@pytest.mark.django_db
def test_models_have_no_missing_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=1, stdout=out)
    except SystemExit as exit_:
        pytest.fail(f"makemigrations --check exited {exit_.code}; missing:\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()


PRINT_DATABASE_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"],
    "name": str(db["NAME"]),
    "user": db.get("USER"),
    "host": db.get("HOST"),
    "port": db.get("PORT"),
    "conn_max_age": db.get("CONN_MAX_AGE"),
    "search": settings.WAGTAILSEARCH_BACKENDS["default"],
}))
"""


def database_settings(env):
    result = run_python(["-c", PRINT_DATABASE_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_postgres_database_url_selects_postgresql_and_finnish_search(scheme):
    url = f"{scheme}://yhdessa:salasana@db.example.fi:5433/yhdessa"
    found = database_settings(production_env(DATABASE_URL=url))
    assert found["engine"] == "django.db.backends.postgresql"
    assert (found["name"], found["user"], found["host"], found["port"]) == (
        "yhdessa",
        "yhdessa",
        "db.example.fi",
        5433,
    )
    assert found["conn_max_age"] == 60
    assert found["search"] == {
        "BACKEND": "core.search",
        "SEARCH_CONFIG": "finnish",
    }


def test_without_database_url_sqlite_is_used_without_finnish_search_config():
    found = database_settings(production_env(DATABASE_URL=None))
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"] == str(REPO_ROOT / "db.sqlite3")
    assert "SEARCH_CONFIG" not in found["search"]


SHARED_CACHES = {
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    },
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "yhdessa_cache",
    },
}
PER_PROCESS_CACHES = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "dummy": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}


def deploy_errors(settings, cache):
    from django.core.checks import ERROR, run_checks

    settings.CACHES = {"default": cache}
    # The browser tests' conftest sets this for the whole session; production never does.
    with pytest.MonkeyPatch.context() as env:
        env.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
        return [m for m in run_checks(include_deployment_checks=True) if m.level >= ERROR]


@pytest.mark.parametrize("cache", PER_PROCESS_CACHES)
def test_deploy_check_refuses_a_cache_that_each_worker_keeps_alone(settings, cache):
    errors = deploy_errors(settings, PER_PROCESS_CACHES[cache])

    assert [error.id for error in errors] == ["core.E001"]
    assert "count rate limits and failed sign-ins on its own" in errors[0].msg
    assert "REDIS_URL" in errors[0].hint


@pytest.mark.parametrize("cache", SHARED_CACHES)
def test_deploy_check_accepts_a_cache_all_workers_share(settings, cache):
    assert deploy_errors(settings, SHARED_CACHES[cache]) == []


@pytest.mark.parametrize(
    ("redis_url", "backend"),
    [(None, "db.DatabaseCache"), ("redis://127.0.0.1:6379/0", "redis.RedisCache")],
    ids=["without-redis", "with-redis"],
)
def test_production_counts_in_a_shared_cache(redis_url, backend):
    result = run_python(
        [
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        ],
        production_env(REDIS_URL=redis_url),
    )
    assert result.stdout.splitlines()[-1] == f"django.core.cache.backends.{backend}", result.stderr
