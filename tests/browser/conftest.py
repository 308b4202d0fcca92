"""Browser tests: Playwright drives the system Chromium against pytest-django's live server.

The demo (`manage.py load_demo`: three municipalities and the region's site, and the
regional overview of `load_regional_demo` when that command exists) is loaded once for
the whole browser package and then restored before every test by Django's serialized
rollback: the live server needs a transactional database, which is emptied after each
test, and re-creating the demo from scratch per test would cost seconds each time.
"""

import io
import os

# Playwright's sync API runs an event loop in the main thread, which trips Django's
# async-safety check for every ORM call made by the test itself.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import DEFAULT_DB_ALIAS, connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCALE = "fi-FI"
TIMEZONE = "Europe/Helsinki"


def browser_is_required():
    return os.environ.get("CI") == "true" or os.environ.get("YHDESSA_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session", autouse=True)
def chromium():
    """The system Chromium; checked before anything else, so a missing one costs nothing."""
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM}; the browser tests need it."
        if browser_is_required():
            pytest.fail(message + " (CI=true or YHDESSA_REQUIRE_BROWSER=1 makes this an error)")
        pytest.skip(message + " Install Debian's chromium package to run them.")
    return CHROMIUM


@pytest.fixture(scope="session", autouse=True)
def migrated_contents(django_db_setup, django_db_blocker):
    """The migrated database as Django serialized it, read before Playwright starts.

    Django's connections are per context; once Playwright's event loop runs in the main
    thread, `connections["default"]` is another object that lacks these contents.
    """
    return getattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", None)


@pytest.fixture(scope="session")
def playwright_instance(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser):
    """Open browser contexts (Finnish, Helsinki time) that are closed after the test."""
    contexts = []

    def open_context(**options):
        options = {"locale": LOCALE, "timezone_id": TIMEZONE, **options}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture(scope="package")
def demo_snapshot(django_db_setup, django_db_blocker, migrated_contents):
    """Load the demo once and make it the state that serialized rollback restores.

    Django's TransactionTestCase with `serialized_rollback` puts back, before each
    test, the database contents it serialized after migrating. Here those contents
    are replaced by the migrated database plus the demo, and the original is put
    back when the browser tests are done.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    with django_db_blocker.unblock():
        migrated = migrated_contents
        if migrated is not None:
            reset_to(connection, migrated)
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        if "load_regional_demo" in get_commands():
            call_command("load_regional_demo", verbosity=0, stdout=io.StringIO())
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        if migrated is None:
            del connection._test_serialized_contents
        else:
            connection._test_serialized_contents = migrated
            reset_to(connection, migrated)


def reset_to(connection, serialized):
    """Empty the database and fill it with serialized contents, as Django's test cases do."""
    call_command(
        "flush",
        database=connection.alias,
        interactive=False,
        inhibit_post_migrate=True,
        reset_sequences=False,  # as TransactionTestCase does: ids never repeat on PostgreSQL
        verbosity=0,
    )
    connection.creation.deserialize_db_from_string(serialized)


@pytest.fixture(scope="session")
def finnish_interface():
    """The tests read the Finnish interface, which needs the compiled catalogue."""
    catalogue = Path(settings.BASE_DIR) / "locale" / "fi" / "LC_MESSAGES" / "django.mo"
    if not catalogue.exists():
        pytest.fail(f"{catalogue} is missing: compile the translations with `make messages`.")


@pytest.fixture
def demo(
    finnish_interface,
    demo_snapshot,
    django_db_serialized_rollback,
    transactional_db,
    live_server,
):
    """The live server serving the demo site; returns the server's base URL."""
    return live_server.url


@pytest.fixture
def demo_sites(demo):
    """Every demo Site on the live server's port: {code: base URL without a slash at the
    end}, e.g. {"koivikko": "http://koivikko.localhost:PORT"}. Chromium resolves every
    `*.localhost` name to the loopback address by itself, as `make run`'s visitors' browsers
    do; the default Site (Järvelä) also answers at the live server's own address. Serialized
    rollback puts the Sites back after the test."""
    from wagtail.models import Site

    from core.models import SiteSettings

    port = urlsplit(demo).port
    bases = {}
    for site in Site.objects.all():
        if site.hostname.endswith(".localhost") and site.port != port:
            site.port = port
            site.save(update_fields=["port"])
        code = SiteSettings.for_site(site).code
        if code:
            bases[code] = f"http://{site.hostname}:{site.port}"
    return bases
