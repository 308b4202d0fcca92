"""Several app servers, one database: the production topology on loopback, under load.

    nice -n 19 .venv/bin/python bench/scale.py [--seconds 8] [--connections 8]

Starts, from Debian's packages, what deploy/ describes: a PostgreSQL cluster of its own,
Redis, two gunicorn instances (production settings, REDIS_URL, DATABASE_URL,
VARNISH_PURGE_URL) on different ports, a task worker and Varnish with the shipped
deploy/varnish/yhdessa.vcl; loads the demo content; then measures with wrk (Debian's wrk
package; installed with apt-get when missing) and checks, across the two instances:

- cached anonymous page req/s as a fraction of a static file's req/s in the same run,
  through Varnish and straight from one app server with only the app's page cache;
- uncached req/s per page type (signed in: neither cache serves a signed-in visitor);
- the time from a publish (Wagtail's publish, as the admin's button runs it, in a process
  with the app servers' settings) to the page served fresh through Varnish and through
  the other app server;
- vote counts exact when votes arrive at both instances at once;
- the failed sign-in limit shared: it hits at the same total whichever instance is asked;
- a signed-in page never served to another session or to an anonymous visitor.

Writes its section (<!-- scale -->) of docs/benchmarks.md with the machine's load, and
stops every process it started.
"""

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from results import write_section  # bench/results.py, beside this script

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tests import topology
from tests.postgres_cluster import free_port, throwaway_cluster

MARKER = "<!-- scale -->"
HOST = "yhdessa.bench.test"
STATIC_PATH = "/static/css/site.css"
VOTERS = 60
VOTER = "aanestaja"
SIGN_IN_ATTEMPTS = 20
PASSWORD = secrets.token_urlsafe(16)
WRONG = "Annettu sähköposti tai salasana ei ole oikein."
REFUSED = "Liian monta virheellistä kirjautumisyritystä"
FRESH_TIMEOUT = 30


def site_env(database_url, redis_url, varnish_port):
    return topology.host_env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        # Loopback has no TLS: requests say https the way the TLS terminator would.
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        VARNISH_PURGE_URL=f"http://127.0.0.1:{varnish_port}",
        WAGTAILADMIN_BASE_URL=f"https://{HOST}",
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        LOG_LEVEL="WARNING",
    )


def wrk_program():
    found = shutil.which("wrk")
    if found is None:
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)  # noqa: S607
        found = shutil.which("wrk")
    return found


class Load:
    """Bounded load with wrk: a fixed time, a fixed number of connections."""

    def __init__(self, seconds, connections):
        self.wrk = wrk_program()
        self.seconds, self.connections = seconds, connections

    def rate(self, url, headers=()):
        command = [self.wrk, "-t1", f"-c{self.connections}", f"-d{self.seconds}s"]
        for header in (f"Host: {HOST}", "X-Forwarded-Proto: https", *headers):
            command += ["-H", header]
        output = subprocess.run(  # noqa: S603 (wrk on loopback)
            [*command, url], capture_output=True, text=True, check=True, timeout=600
        ).stdout
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        if errors:
            raise RuntimeError(f"{url}: {errors.group(1)} error answers under load\n{output}")
        return rate


def get(base, path, **headers):
    return requests.get(
        base + path,
        headers={"Host": HOST, "X-Forwarded-Proto": "https", **headers},
        allow_redirects=False,
        timeout=60,
    )


def set_up_django(env):
    os.environ.update(env)
    import django

    django.setup()


def default_site_on_host():
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(hostname=HOST, port=443)


def participant(email):
    """A participant with a confirmed address and a signed-in session; returns the key."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    from accounts.models import User

    user = User.objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def page_path(page):
    """The page's path on its Site, as a visitor asks for it."""
    return page.get_url_parts()[2]


def page_types():
    """The first live page of each page type, as visitors reach them."""
    from wagtail.models import Page

    found = {}
    for page in Page.objects.live().exclude(depth=1).specific().order_by("path"):
        name = type(page).__name__
        if name not in found:
            found[name] = page_path(page)
    found["search"] = "/haku/?q=foorumi"
    return found


def csrf_headers(session_key=None):
    """What a browser sends with a form: its CSRF cookie and the same token, from this
    origin (Django's check for https requests)."""
    token = secrets.token_hex(16)
    cookie = f"csrftoken={token}" + (f"; sessionid={session_key}" if session_key else "")
    return {"Cookie": cookie, "X-CSRFToken": token, "Origin": f"https://{HOST}"}


def measure_rates(load, varnish, app_a):
    results = {}
    # Warm both caches first: the figures are for pages already cached.
    for base in (varnish, app_a):
        for _round in range(2):
            get(base, "/")
            get(base, STATIC_PATH)
    if get(varnish, "/").headers.get("X-Cache") != "HIT":
        raise RuntimeError("Varnish does not keep the home page: the figures would mean nothing")
    results["page_bytes"] = len(get(varnish, "/").content)
    results["static_bytes"] = len(get(varnish, STATIC_PATH).content)
    results["varnish_page"] = load.rate(varnish + "/")
    results["varnish_static"] = load.rate(varnish + STATIC_PATH)
    results["app_page"] = load.rate(app_a + "/")
    results["app_static"] = load.rate(app_a + STATIC_PATH)
    return results


def measure_uncached(load, app_a, session_key):
    rates = {}
    for name, path in page_types().items():
        response = get(app_a, path, Cookie=f"sessionid={session_key}")
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} signed in")
        rates[f"{name} ({path})"] = load.rate(app_a + path, [f"Cookie: sessionid={session_key}"])
    return rates


def wait_fresh(base, path, text, started):
    while time.monotonic() - started < FRESH_TIMEOUT:
        if text in get(base, path).text:
            return time.monotonic() - started
        time.sleep(0.01)
    raise RuntimeError(f"{base}{path} still not fresh after {FRESH_TIMEOUT} s")


def measure_publish(varnish, app_b):
    """Publish a news article in this process (as an app server would), then see how soon
    the page is fresh through Varnish and through the other instance."""
    from news.models import NewsPage

    page = NewsPage.objects.live().first()
    path = page_path(page)
    for base in (varnish, app_b):
        get(base, path)
        get(base, path)
    title = f"Julkaistu juuri {secrets.token_hex(4)}"
    page.title = title
    started = time.monotonic()
    page.save_revision().publish()
    through_varnish = wait_fresh(varnish, path, title, started)
    through_other = wait_fresh(app_b, path, title, started)
    return path, through_varnish, through_other


def measure_votes(app_a, app_b, voters):
    """Every voter votes once, half through each instance, all at once."""
    from accounts.models import User
    from ideas.models import Idea
    from ideas.services import can_vote

    voter = User.objects.get(email=f"{VOTER}0@bench.example")
    idea = next(i for i in Idea.objects.select_related("wall") if can_vote(i, voter))
    wall_path = page_path(idea.wall)
    vote_path = f"{wall_path}idea/{idea.pk}/aani/"
    before = idea.vote_count

    def vote(number):
        base = (app_a, app_b)[number % 2]
        response = requests.post(
            base + vote_path,
            data={"vote": "add"},
            headers={
                "Host": HOST,
                "X-Forwarded-Proto": "https",
                "Accept": "application/json",
                **csrf_headers(voters[number]),
            },
            timeout=60,
        )
        return response.status_code, response.headers.get("Content-Type", "")

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(vote, range(len(voters))))
    idea.refresh_from_db()
    counted = sum(1 for status, _kind in answers if status == 200)
    return {
        "votes sent": len(voters),
        "answered 200": counted,
        "count before": before,
        "count after": idea.vote_count,
        "exact": idea.vote_count == before + len(voters) == before + counted,
    }


def measure_sign_in_limit(app_a, app_b, email):
    """Wrong passwords for one account, alternately to both instances: the limit of five
    per account and address must hold in all, not five per instance."""

    def attempt(number):
        base = (app_a, app_b)[number % 2]
        response = requests.post(
            base + "/tili/login/",
            data={"login": email, "password": "arvaus"},
            headers={"Host": HOST, "X-Forwarded-Proto": "https", **csrf_headers()},
            allow_redirects=False,
            timeout=60,
        )
        return response.text

    pages = [attempt(number) for number in range(SIGN_IN_ATTEMPTS)]
    checked = sum(1 for page in pages if WRONG in page and REFUSED not in page)
    refused = sum(1 for page in pages if REFUSED in page)
    return {"attempts": SIGN_IN_ATTEMPTS, "checked": checked, "refused": refused}


def measure_personal(varnish, first, second, wall_path):
    """Two signed-in sessions and an anonymous visitor, in turns, through Varnish."""
    seen = []
    for _round in range(3):
        for who, key in (("first", first), ("second", second), ("anonymous", None)):
            headers = {"Cookie": f"sessionid={key[1]}"} if key else {}
            page = get(varnish, wall_path, **headers).text
            names = [email for email, _key in (first, second) if email in page]
            seen.append((who, names))
    expected = {"first": [first[0]], "second": [second[0]], "anonymous": []}
    return all(names == expected[who] for who, names in seen), seen


def ratio_row(name, page, static):
    share = page / static
    verdict = "met" if share >= 0.5 else f"missed by {50 - share * 100:.0f} points"
    return f"| {name} | {page:,.0f} | {static:,.0f} | {share:.0%} | {verdict} |"


def write(results, args):
    rates = results["rates"]
    path, via_varnish, via_other = results["publish"]
    votes, limit = results["votes"], results["limit"]
    personal_ok, _seen = results["personal"]
    lines = [
        MARKER,
        "### Two app servers behind Varnish",
        "",
        f"Measured {time.strftime('%-d.%-m.%Y')} with `bench/scale.py` (wrk, 1 thread, "
        f"{args.connections} connections, {args.seconds} s per figure) on {os.cpu_count()} "
        f"cores shared by the load generator, Varnish, two gunicorn instances (2 workers "
        "each, production settings), PostgreSQL 15, Redis and a task worker. Load "
        f"average {results['load_before']} before and {os.getloadavg()[0]:.1f} when it "
        "ended: other work on the machine slows every figure, the ratios are from one run.",
        "",
        f"| cached anonymous page `/` ({rates['page_bytes']:,} bytes) | page req/s | "
        f"static file req/s (`{STATIC_PATH}`, {rates['static_bytes']:,} bytes) | "
        "page / static | target ≥ 50 % |",
        "| --- | ---: | ---: | ---: | --- |",
        ratio_row("through Varnish", rates["varnish_page"], rates["varnish_static"]),
        ratio_row("one app server, its page cache only", rates["app_page"], rates["app_static"]),
        "",
        "Uncached, signed in, straight from one app server (neither cache serves a "
        "signed-in visitor):",
        "",
        "| page type | req/s |",
        "| --- | ---: |",
        *(f"| {name} | {rate:,.1f} |" for name, rate in results["uncached"].items()),
        "",
        "| check across the two instances | result | target |",
        "| --- | --- | --- |",
        f"| publish of `{path}` to fresh through Varnish | {via_varnish * 1000:.0f} ms | "
        f"< 1 s: {'met' if via_varnish < 1 else 'missed'} |",
        f"| publish to fresh through the other app server | {via_other * 1000:.0f} ms | "
        f"< 1 s: {'met' if via_other < 1 else 'missed'} |",
        f"| {votes['votes sent']} votes at once, half to each instance | count "
        f"{votes['count before']} → {votes['count after']} | exact: "
        f"{'yes' if votes['exact'] else 'NO'} |",
        f"| {limit['attempts']} wrong passwords for one account, alternately to each "
        f"instance | {limit['checked']} checked, {limit['refused']} refused | 5 checked in "
        f"all: {'yes' if limit['checked'] == 5 else 'NO'} |",
        "| two sessions and an anonymous visitor in turns through Varnish | "
        f"{'each saw only their own page' if personal_ok else 'a page LEAKED'} | never "
        f"another's: {'yes' if personal_ok else 'NO'} |",
        MARKER,
    ]
    write_section(MARKER, lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=8, help="per wrk run")
    parser.add_argument("--connections", type=int, default=8, help="wrk's connections")
    args = parser.parse_args()
    results = {"load_before": f"{os.getloadavg()[0]:.1f}"}
    load = Load(args.seconds, args.connections)
    processes = topology.Processes()
    try:
        with throwaway_cluster() as cluster:
            cluster.createdb("yhdessa")
            redis_url = processes.redis()
            varnish_port = free_port()
            env = site_env(cluster.url("yhdessa"), redis_url, varnish_port)
            print("Migrating and loading the demo content ...", flush=True)
            topology.manage(env, "migrate", "--no-input", "--verbosity", "0")
            topology.manage(env, "collectstatic", "--no-input", "--verbosity", "0")
            topology.manage(env, "load_demo", "--verbosity", "0")
            set_up_django(env)
            default_site_on_host()
            first = ("ensimmainen@bench.example", participant("ensimmainen@bench.example"))
            second = ("toinen@bench.example", participant("toinen@bench.example"))
            voters = [participant(f"{VOTER}{n}@bench.example") for n in range(VOTERS)]

            print("Starting two app servers, a worker and Varnish ...", flush=True)
            port_a = processes.gunicorn(env, host=HOST)
            port_b = processes.gunicorn(env, host=HOST)
            processes.worker(env)
            varnish = processes.varnish([port_a, port_b], host=HOST, port=varnish_port)
            app_a, app_b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"

            print("Measuring ...", flush=True)
            results["rates"] = measure_rates(load, varnish, app_a)
            results["uncached"] = measure_uncached(load, app_a, first[1])
            results["publish"] = measure_publish(varnish, app_b)
            results["votes"] = measure_votes(app_a, app_b, voters)
            results["limit"] = measure_sign_in_limit(app_a, app_b, second[0])
            wall_path = page_types()["IdeaWallPage"]
            results["personal"] = measure_personal(varnish, first, second, wall_path)
            from django.db import connections

            connections.close_all()
            processes.stop()
    finally:
        processes.stop()
    write(results, args)


if __name__ == "__main__":
    main()
