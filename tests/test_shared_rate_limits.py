"""Rate limits hold across processes: gunicorn's workers count failed sign-ins together.

Each test starts real gunicorn workers on a migrated SQLite file and sends wrong
passwords for one account, and asks for sign-in codes. Counted per process, every worker
would check its own five passwords and send its own three codes; counted in the shared
cache (the database, or Redis when REDIS_URL is set), five and three are all there are.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.topology import manage

REPO_ROOT = Path(__file__).resolve().parent.parent
HOST_VARIABLES = ("PATH", "HOME", "LANG", "TMPDIR")
WORKERS = 4
ATTEMPTS = 20
EMAIL = "aino@latu.example"
REFUSED = "Liian monta virheellistä kirjautumisyritystä"
WRONG = "Annettu sähköposti tai salasana ei ole oikein."
START_TIMEOUT = 60


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(database, **extra):
    env = {k: v for k, v in os.environ.items() if k in HOST_VARIABLES or k.startswith("LC_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


@pytest.fixture(scope="module")
def migrated_site(tmp_path_factory):
    """A migrated SQLite file with one participant whose address is confirmed."""
    database = tmp_path_factory.mktemp("site") / "db.sqlite3"
    env = site_env(database)
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(
        env,
        "shell",
        "-c",
        "from accounts.models import User\n"
        "from allauth.account.models import EmailAddress\n"
        f"user = User.objects.create_user(email='{EMAIL}', password='Oikea-salasana-7')\n"
        f"EmailAddress.objects.create(user=user, email='{EMAIL}', verified=True, primary=True)",
    )
    return database


@pytest.fixture
def site_database(migrated_site, tmp_path):
    """A copy per test, so each starts with no attempts counted."""
    database = tmp_path / "db.sqlite3"
    shutil.copy(migrated_site, database)
    return database


@pytest.fixture
def redis_url():
    """A throwaway redis-server on a free loopback port, stopped after the test."""
    server = shutil.which("redis-server")
    if server is None:
        message = "redis-server is not installed (Debian's redis-server package)."
        if os.environ.get("CI"):
            pytest.fail(message + " CI needs it.")
        pytest.skip(message)
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (the system's redis-server, on loopback)
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        import redis

        client = redis.Redis(host="127.0.0.1", port=port)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("redis-server did not start")
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=30)


def start_gunicorn(env):
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and app, on loopback)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            # The app is loaded once before the workers fork, so they all answer at once.
            "--preload",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            if requests.get(f"{base}/tili/login/", timeout=30).status_code == 200:
                return process, base
        except (requests.ConnectionError, requests.Timeout):
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("gunicorn did not start")
        time.sleep(0.2)


@pytest.fixture
def serve():
    processes = []

    def start(env):
        process, base = start_gunicorn(env)
        processes.append(process)
        return base

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=30)


def wrong_passwords(base):
    """ATTEMPTS wrong passwords, a few at a time, as a guessing script would send them."""
    session = requests.Session()
    session.get(f"{base}/tili/login/", timeout=30)
    token = session.cookies["csrftoken"]

    def attempt(_number):
        response = session.post(
            f"{base}/tili/login/",
            data={"login": EMAIL, "password": "arvaus", "csrfmiddlewaretoken": token},
            headers={"Referer": f"{base}/tili/login/"},
            timeout=60,
        )
        assert response.status_code == 200, response.text[:2000]
        return response.text

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(attempt, range(ATTEMPTS)))


def code_requests(base, count):
    """Sign-in codes asked for the account from fresh browsers; True for each one sent."""

    def ask(_number):
        session = requests.Session()
        session.get(f"{base}/tili/login/code/", timeout=30)
        response = session.post(
            f"{base}/tili/login/code/",
            data={"email": EMAIL, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
            headers={"Referer": f"{base}/tili/login/code/"},
            allow_redirects=False,
            timeout=60,
        )
        assert response.status_code in {200, 302}, response.text[:2000]
        return response.status_code == 302

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(ask, range(count)))


def assert_five_checked_in_all(pages):
    checked = [page for page in pages if REFUSED not in page]
    assert all(WRONG in page for page in checked), "every answer is a checked or a refused guess"
    assert len(checked) <= 5, f"{len(checked)} of {ATTEMPTS} wrong passwords were checked"


def test_workers_count_failed_sign_ins_together_in_the_database(serve, site_database):
    base = serve(site_env(site_database))

    assert_five_checked_in_all(wrong_passwords(base))
    sent = code_requests(base, 10)
    assert sent.count(True) <= 3, f"{sent.count(True)} of 10 sign-in codes were sent"


def test_workers_count_failed_sign_ins_together_in_redis(serve, site_database, redis_url):
    base = serve(site_env(site_database, REDIS_URL=redis_url))

    assert_five_checked_in_all(wrong_passwords(base))
