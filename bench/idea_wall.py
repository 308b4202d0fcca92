"""Benchmark: an idea wall with 10,000 ideas, 100,000 votes and 20,000 comments.

Measures the wall page (first page, each sort), the home page and its newest-ideas query,
and the vote request through Django's test client, in this process, against the database
DATABASE_URL names (a throwaway SQLite file under var/ when unset), and writes the medians
and the query plans (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL) of the
newest-ideas query and of each wall sort to docs/benchmarks.md.

The vote counts in the cache production uses: Redis (a throwaway redis-server on a free
loopback port, when Debian's redis-server is installed) and the database cache, the
default when REDIS_URL is unset; both figures are recorded.

    .venv/bin/python bench/idea_wall.py                       # SQLite
    DATABASE_URL=postgres://... .venv/bin/python bench/idea_wall.py

The data is built once per database and reused on later runs.
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from results import write_section  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
(ROOT / "var").mkdir(exist_ok=True)

import django

django.setup()

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site

from accounts.models import User
from core.models import ModerationState
from home.models import HomePage
from ideas.models import Idea, IdeaColumn, IdeaComment, IdeaVote, IdeaWallPage
from ideas.queries import WALL_ORDERINGS, wall_ideas

IDEAS, VOTES, COMMENTS = 10_000, 100_000, 20_000
PARTICIPANTS = 1_000
RUNS = 25
# The wall's sorts as its address names them, and as ideas.queries names them.
SORTS = {"uusimmat": "newest", "aanet": "votes", "keskustelluimmat": "discussed"}
# What production runs without REDIS_URL (config/settings/base.py); the test settings the
# bench starts from keep the cache in this process's memory, which no server uses.
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "yhdessa_cache",
}


def build_wall():
    wall = IdeaWallPage.objects.filter(slug="bench-ideaseina").first()
    if wall is not None and wall.ideas.count() == IDEAS:
        return wall
    print("Building the wall (once per database)…", flush=True)
    root = Page.objects.get(depth=1)
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Bench", slug="bench-home"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
        )
    with transaction.atomic():
        wall = home.add_child(
            instance=IdeaWallPage(title="Bench-ideaseinä", slug="bench-ideaseina")
        )
        columns = [
            IdeaColumn(wall=wall, name=name, sort_order=n)
            for n, name in enumerate(["Viestintä", "Tilat", "Tapahtumat"])
        ]
        IdeaColumn.objects.bulk_create(columns)
        people = User.objects.bulk_create(
            User(email=f"bench{n}@example.fi", display_name=f"Osallistuja {n}", password="!")
            for n in range(PARTICIPANTS)
        )
        now = timezone.now()
        ideas = Idea.objects.bulk_create(
            (
                Idea(
                    wall=wall,
                    column=columns[n % 3],
                    author=people[n % PARTICIPANTS],
                    title=f"Idea {n}",
                    body="Yhteinen tapahtumakalenteri kaikille yhdistyksille. " * 5,
                    state=ModerationState.PUBLISHED,
                    created_at=now - timezone.timedelta(minutes=n),
                )
                for n in range(IDEAS)
            ),
            batch_size=1000,
        )
        votes_per_person = VOTES // PARTICIPANTS
        IdeaVote.objects.bulk_create(
            (
                IdeaVote(idea=ideas[(p * 37 + v * 101) % IDEAS], voter=people[p])
                for p in range(PARTICIPANTS)
                for v in range(votes_per_person)
            ),
            batch_size=5000,
            ignore_conflicts=True,
        )
        IdeaComment.objects.bulk_create(
            (
                IdeaComment(
                    idea=ideas[(n * 7) % IDEAS],
                    author=people[n % PARTICIPANTS],
                    body="Hyvä idea, olemme mukana.",
                    state=ModerationState.PUBLISHED,
                )
                for n in range(COMMENTS)
            ),
            batch_size=5000,
        )
        for field, model in (("vote_count", IdeaVote), ("comment_count", IdeaComment)):
            per_idea = (
                model.objects.filter(idea=OuterRef("pk"))
                .values("idea")
                .annotate(n=Count("pk"))
                .values("n")
            )
            Idea.objects.filter(wall=wall).update(**{field: Coalesce(Subquery(per_idea), 0)})
    return wall


def median_ms(action):
    action()  # warm up caches and connections
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def explained(queries):
    """The plans the database chose for these SELECTs, as it prints them."""
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    plans = []
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(explain + sql)
            rows = cursor.fetchall()
            # SQLite: (id, parent, notused, detail); PostgreSQL: one line of text per row.
            plans.append("\n".join(str(row[-1]) for row in rows))
    return plans


def idea_queries(action):
    """The SQL of the queries on ideas that `action` runs (parameters already bound)."""
    with CaptureQueriesContext(connection) as captured:
        action()
    return [q["sql"] for q in captured.captured_queries if 'FROM "ideas_idea"' in q["sql"]]


def query_plans(wall, home):
    plans = {}
    newest = idea_queries(lambda: list(home.newest_ideas(AnonymousUser())))
    for n, plan in enumerate(explained(newest), start=1):
        plans[f"home page, newest ideas (query {n} of {len(newest)})"] = plan
    for name, sort in SORTS.items():
        (plan,) = explained(idea_queries(lambda sort=sort: list(wall_ideas(wall, sort=sort)[:20])))
        plans[f"wall sort {name} (ORDER BY {', '.join(WALL_ORDERINGS[sort])})"] = plan
    return plans


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def redis_cache():
    """A throwaway redis-server as the default cache, or None when it is not installed."""
    server = shutil.which("redis-server")
    if server is None:
        yield None
        return
    import redis

    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (the system's redis-server, on loopback)
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        client = redis.Redis(host="127.0.0.1", port=port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.1)
        location = f"redis://127.0.0.1:{port}/0"
        yield {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
    finally:
        process.terminate()
        process.wait(timeout=30)


def with_default_cache(backend):
    """Settings with this default cache; the other aliases (the page cache) stay."""
    return override_settings(CACHES={**settings.CACHES, "default": backend})


def measure(wall):
    if connection.vendor == "postgresql":
        # Fresh bulk-loaded tables have no planner statistics until autovacuum runs.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    settings.YHDESSA_RATE_LIMITS = {
        action: {"per_user": "100000/h", "per_ip": "100000/h"}
        for action in settings.YHDESSA_RATE_LIMITS
    }
    client = Client()
    url = wall.get_url()
    home = HomePage.objects.first()
    results = {}
    for name in SORTS:

        def render(name=name):
            response = client.get(url, {"jarjestys": name})
            assert response.status_code == 200, response.status_code

        results[f"wall page, sort {name}"] = median_ms(render)

    def home_page():
        response = client.get(home.get_url())
        assert response.status_code == 200, response.status_code

    results["home page"] = median_ms(home_page)
    results["home page's newest ideas (the queries alone)"] = median_ms(
        lambda: list(home.newest_ideas(AnonymousUser()))
    )
    voter = User.objects.get(email="bench0@example.fi")
    idea = wall.ideas.order_by("pk").last()
    vote_url = wall.url + wall.reverse_subpage("vote", args=[idea.pk])

    def vote():
        response = client.post(vote_url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, response.status_code

    # Production counts rate limits in Redis, or in the database cache without REDIS_URL.
    caches_to_try = [("database cache", DATABASE_CACHE)]
    with redis_cache() as redis_backend:
        if redis_backend is not None:
            caches_to_try.insert(0, ("Redis cache, the production set-up", redis_backend))
        for cache_name, backend in caches_to_try:
            with with_default_cache(backend):
                # The migration made the table only if the settings named it (not the test's).
                call_command("createcachetable", verbosity=0)
                cache.clear()
                client.force_login(voter)
                with CaptureQueriesContext(connection) as captured:
                    vote()
                queries = len(captured.captured_queries)
                results[f"vote (toggle, JSON), {cache_name}; {queries} queries"] = median_ms(vote)
                client.logout()
    client.force_login(voter)
    results["wall page, signed in"] = median_ms(lambda: client.get(url))
    return results, query_plans(wall, home)


def write(results, plans):
    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    marker = f"<!-- idea-wall {engine} -->"
    lines = [
        marker,
        f"### Idea wall on {engine}",
        "",
        f"{IDEAS:,} ideas, {VOTES:,} votes, {COMMENTS:,} comments; median of {RUNS} runs, "
        f"measured {timezone.localdate():%-d.%-m.%Y} with `bench/idea_wall.py` on "
        f"{os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f} when it ended: "
        "other work on the machine slows these figures). The vote's target is a median "
        "under 20 ms on PostgreSQL with Redis, the production set-up; each vote's query "
        "count is in its row. The wall sorts and the home page's newest ideas should read an "
        "index in order with no sort of their own (the plans below; on PostgreSQL an "
        "Incremental Sort whose presorted key is the time posted reads in index order too, "
        "and sorts only the ideas posted at the same moment).",
        "",
        "| request | median ms |",
        "| --- | ---: |",
        *(f"| {name} | {value:.1f} |" for name, value in results.items()),
        "",
        "Query plans (the first page of 20 ideas, or the home page's 5):",
        "",
    ]
    for name, plan in plans.items():
        lines += [f"- {name}:", "", "  ```", *(f"  {line}" for line in plan.splitlines()), "  ```"]
    lines.append(marker)
    write_section(marker, lines)


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    write(*measure(build_wall()))
