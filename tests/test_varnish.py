"""Varnish in front of the app servers, with the shipped deploy/varnish/yhdessa.vcl.

A real varnishd (Debian's varnish package) on a free loopback port in front of a real
gunicorn on a migrated SQLite site with the demo content: anonymous pages come from
Varnish's cache, anything personal goes to the app, and a PURGE of a path (what the app
sends when a page changes) makes the next visitor see the fresh page. Without varnishd
the tests skip locally and fail in CI.
"""

import os
import subprocess
import sys
import tempfile

import pytest
import requests

from tests import topology
from tests.postgres_cluster import free_port

HOST = "127.0.0.1"


def require(name, package):
    try:
        return topology.program(name, package)
    except topology.MissingProgram as missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} CI needs it.")
        pytest.skip(str(missing))


def compile_vcl(vcl_path):
    varnishd = require("varnishd", "varnish")
    with tempfile.TemporaryDirectory() as workdir:
        return subprocess.run(  # noqa: S603 (the system's varnishd, compile only)
            [
                varnishd,
                "-C",
                "-j",
                "none",
                "-n",
                f"{workdir}/varnish",
                "-f",
                str(topology.VCL_DIR / "yhdessa.vcl"),
                "-p",
                f"vcl_path={vcl_path}",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def test_the_shipped_vcl_and_backends_compile():
    result = compile_vcl(topology.VCL_DIR)
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_vcl_compiles_with_the_backends_the_bench_writes(tmp_path):
    (tmp_path / "yhdessa-backends.vcl").write_text(topology.backends_vcl([8001, 8002], HOST))
    result = compile_vcl(f"{tmp_path}:{topology.VCL_DIR}")
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_varnish_unit_runs_the_shipped_vcl():
    drop_in = (topology.REPO_ROOT / "deploy/systemd/varnish.service.d/yhdessa.conf").read_text()
    assert "-f /etc/yhdessa/yhdessa.vcl" in drop_in
    assert "vcl_path=/etc/yhdessa" in drop_in


def manage(env, *args):
    result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=topology.REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def site():
    """The demo site on SQLite behind one gunicorn and Varnish; stopped after the module.
    The app's page cache (files) and its purges to Varnish are on, as in production."""
    require("varnishd", "varnish")
    processes = topology.Processes()
    try:
        varnish_port = free_port()
        env = topology.host_env(
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DATABASE_URL=f"sqlite:///{processes.directory / 'db.sqlite3'}",
            YHDESSA_PAGE_CACHE_DIR=str(processes.directory / "page-cache"),
            VARNISH_PURGE_URL=f"http://{HOST}:{varnish_port}",
        )
        manage(env, "migrate", "--no-input", "--verbosity", "0")
        manage(env, "load_demo", "--verbosity", "0")
        # Purges name the Site's address: the one this test asks Varnish for.
        manage(env, "shell", "-c", SITE_ON_HOST)
        port = processes.gunicorn(env)
        varnish = processes.varnish([port], host=HOST, port=varnish_port)
        yield {"varnish": varnish, "env": env}
    finally:
        processes.stop()


SITE_ON_HOST = (
    "from wagtail.models import Site\n"
    f"Site.objects.filter(is_default_site=True).update(hostname='{HOST}', port=80)"
)
NEWS = "/ajankohtaista/"


def fetch(site, path, **headers):
    response = requests.get(
        site["varnish"] + path,
        headers={"Host": HOST, **headers},
        timeout=60,
        allow_redirects=False,
    )
    assert response.status_code == 200, (path, response.status_code)
    return response


def purge(site, path):
    response = requests.request("PURGE", site["varnish"] + path, headers={"Host": HOST}, timeout=60)
    assert response.status_code == 200, response.text
    return response


def cached(site, path):
    fetch(site, path)
    return fetch(site, path).headers["X-Cache"] == "HIT"


def test_an_anonymous_page_is_served_from_varnish_the_second_time(site):
    purge(site, NEWS)
    first = fetch(site, NEWS)
    second = fetch(site, NEWS)

    assert first.headers["X-Cache"] == "MISS"
    assert second.headers["X-Cache"] == "HIT"
    assert int(second.headers["Age"]) >= 0
    assert second.text == first.text
    # Varnish's own bookkeeping for purges never reaches the visitor.
    assert "x-host" not in second.headers
    assert "x-path" not in second.headers


def test_other_cookies_do_not_split_the_cache(site):
    fetch(site, NEWS)
    with_cookie = fetch(site, NEWS, Cookie="csrftoken=abc; _ga=GA1.2.3")
    assert with_cookie.headers["X-Cache"] == "HIT"


@pytest.mark.parametrize(
    "headers",
    [
        {"Cookie": "sessionid=someone-signed-in"},
        {"Cookie": "csrftoken=abc; messages=a-message-waits"},
        {"Authorization": "Bearer a-token"},
    ],
    ids=["session", "messages", "authorization"],
)
def test_a_personal_request_goes_to_the_app(site, headers):
    fetch(site, NEWS)
    personal = fetch(site, NEWS, **headers)
    assert personal.headers["X-Cache"] == "MISS"


def test_the_account_pages_are_never_stored(site):
    assert not cached(site, "/tili/login/")


def test_a_purge_of_a_path_drops_every_query_variant(site):
    assert cached(site, NEWS)
    assert cached(site, NEWS + "?sivu=1")
    assert cached(site, "/")

    purge(site, NEWS)

    assert fetch(site, NEWS).headers["X-Cache"] == "MISS"
    assert fetch(site, NEWS + "?sivu=1").headers["X-Cache"] == "MISS"
    assert fetch(site, "/").headers["X-Cache"] == "HIT"


def test_a_purge_of_the_whole_host_drops_every_page(site):
    assert cached(site, "/")
    assert cached(site, NEWS)

    purge(site, "/*")

    assert fetch(site, "/").headers["X-Cache"] == "MISS"
    assert fetch(site, NEWS).headers["X-Cache"] == "MISS"


PUBLISH = """
from news.models import NewsPage
page = NewsPage.objects.live().get(slug="{slug}")
page.title = "{title}"
page.save_revision().publish()
"""


def test_a_published_change_is_served_fresh_through_varnish(site):
    article = NEWS + "jarjestofoorumi-kokoontuu/"
    assert cached(site, article)
    assert cached(site, NEWS)
    title = "Järjestöfoorumi kokoontuu uudessa paikassa"
    assert title not in fetch(site, article).text

    # The publish runs with the app servers' settings: its purge reaches Varnish.
    manage(
        site["env"], "shell", "-c", PUBLISH.format(slug="jarjestofoorumi-kokoontuu", title=title)
    )

    fresh = fetch(site, article)
    assert fresh.headers["X-Cache"] == "MISS"
    assert title in fresh.text
    assert title in fetch(site, NEWS).text
