"""While the database restarts, visitors and other systems are told to come back soon.

A 500 says "broken"; a 503 with Retry-After says "try again", which browsers, the
city's other systems and the cache in front understand. Pages get a Finnish page in
the site's look that needs no database; /api/ paths get the collaboration API's error
JSON. The first test makes every query fail the way the real driver fails when its
server is gone, on SQLite and on PostgreSQL; the second really stops a PostgreSQL
server under a running site.
"""

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection

from tests import postgres_cluster
from tests.postgres_cluster import free_port

FINNISH_PAGE_TEXT = "Palvelu on hetken poissa käytöstä. Yritä hetken päästä uudelleen."
FINNISH_MESSAGE = {
    "fi": "Palvelu on hetken poissa käytöstä. Yritä hetken päästä uudelleen.",
    "en": "The service is briefly unavailable. Please try again in a moment.",
}
PAGES = ["/", "/haku/?q=foorumi", "/tili/profiili/"]
API_PATHS = ["/api/v2/pages/", "/api/forums/", "/api/me/"]


@pytest.fixture
def participant_client(client, django_user_model):
    """Signed in, so that even the pages of one's own account need the database."""
    client.force_login(
        django_user_model.objects.create_user(email="aino@latu.example", password="x-12345678")
    )
    return client


def driver_error_for_a_missing_server():
    """The error the database driver itself raises when there is no server to talk to."""
    if connection.vendor == "postgresql":
        import psycopg

        try:
            psycopg.connect(host="127.0.0.1", port=free_port(), user="postgres", connect_timeout=5)
        except psycopg.OperationalError as error:
            return error
    else:
        try:
            sqlite3.connect("file:/nonexistent/yhdessa.sqlite3?mode=ro", uri=True)
        except sqlite3.OperationalError as error:
            return error
    raise AssertionError("the missing server answered")


@pytest.fixture
def database_gone(home_page):
    """From here on every query fails as it does while the server restarts."""
    error = driver_error_for_a_missing_server()
    with mock.patch.object(connection, "create_cursor", side_effect=error):
        yield


def test_a_page_the_cache_kept_is_still_served_while_the_database_is_away(page_cache, home_page):
    from tests.page_cache_helpers import anonymous, warm

    visitor = anonymous()
    warm(visitor, "/")
    with mock.patch.object(
        connection, "create_cursor", side_effect=driver_error_for_a_missing_server()
    ):
        kept = visitor.get("/")
        not_kept = visitor.get("/haku/?q=foorumi")

    assert kept.status_code == 200
    assert kept["X-Page-Cache"] == "hit"
    # What the cache does not hold asks to try again, as without the cache: not a 500.
    assert not_kept.status_code == 503
    assert FINNISH_PAGE_TEXT in not_kept.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_a_page_asks_to_try_again_in_finnish_while_the_database_is_away(
    participant_client, database_gone, path
):
    response = participant_client.get(path)

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert FINNISH_PAGE_TEXT in page
    assert '<html lang="fi">' in page
    assert 'class="site-header"' in page


@pytest.mark.parametrize("path", API_PATHS)
def test_the_apis_answer_503_json_while_the_database_is_away(
    participant_client, database_gone, path
):
    response = participant_client.get(path)

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json() == {"code": "database_unavailable", "message": FINNISH_MESSAGE}


def test_a_form_sent_while_the_database_is_away_is_asked_again(client, database_gone):
    response = client.post("/tili/login/", {"login": "aino@latu.example", "password": "x"})

    assert response.status_code == 503
    assert FINNISH_PAGE_TEXT in response.content.decode()


# --- A real PostgreSQL server stopped under a running site ------------------------


@pytest.fixture
def throwaway_cluster():
    with postgres_cluster.throwaway_cluster() as cluster:
        yield cluster


@pytest.fixture
def site_on_the_cluster(throwaway_cluster):
    """The site served by Django's development server, its database on the cluster."""
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": throwaway_cluster.url(),
    }
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and manage.py)
        command,
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port, server)
        yield {"url": f"http://127.0.0.1:{port}", "stop": throwaway_cluster.stop}
    finally:
        server.terminate()
        server.wait()


def wait_until_listening(port, server):
    for _attempt in range(600):
        if server.poll() is not None:
            raise AssertionError("the development server did not start")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the development server did not start listening")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (our own server)
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="stops a real PostgreSQL server (CI runs this on PostgreSQL)",
)
def test_a_postgresql_restart_is_a_503_with_retry_after(site_on_the_cluster):
    site = site_on_the_cluster
    site["stop"]()

    status, headers, page = fetch(site["url"] + "/")
    assert status == 503
    assert int(headers["Retry-After"]) > 0
    assert FINNISH_PAGE_TEXT in page

    status, headers, body = fetch(site["url"] + "/api/v2/pages/")
    assert status == 503
    assert int(headers["Retry-After"]) > 0
    assert json.loads(body) == {"code": "database_unavailable", "message": FINNISH_MESSAGE}
