"""Benchmark: an idea wall with 10,000 ideas, 100,000 votes and 20,000 comments.

Measures the wall page (first page, each sort) and the vote request through Django's
test client, in this process, against the database DATABASE_URL names (a throwaway
SQLite file under var/ when unset), and writes the medians to docs/benchmarks.md.

    .venv/bin/python bench/idea_wall.py                       # SQLite
    DATABASE_URL=postgres://... .venv/bin/python bench/idea_wall.py

The data is built once per database and reused on later runs.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
(ROOT / "var").mkdir(exist_ok=True)

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, Site

from accounts.models import User
from core.models import ModerationState
from home.models import HomePage
from ideas.models import Idea, IdeaColumn, IdeaComment, IdeaVote, IdeaWallPage

IDEAS, VOTES, COMMENTS = 10_000, 100_000, 20_000
PARTICIPANTS = 1_000
RUNS = 25
SORTS = ["uusimmat", "aanet", "keskustelluimmat"]
RESULTS_FILE = ROOT / "docs" / "benchmarks.md"


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
    results = {}
    for sort in SORTS:

        def render(sort=sort):
            response = client.get(url, {"jarjestys": sort})
            assert response.status_code == 200, response.status_code

        results[f"wall page, sort {sort}"] = median_ms(render)
    voter = User.objects.get(email="bench0@example.fi")
    client.force_login(voter)
    idea = wall.ideas.order_by("pk").last()
    vote_url = wall.url + wall.reverse_subpage("vote", args=[idea.pk])

    def vote():
        response = client.post(vote_url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, response.status_code

    results["vote (toggle, JSON)"] = median_ms(vote)
    results["wall page, signed in"] = median_ms(lambda: client.get(url))
    return results


def write(results):
    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    marker = f"<!-- idea-wall {engine} -->"
    lines = [
        marker,
        f"### Idea wall on {engine}",
        "",
        f"{IDEAS:,} ideas, {VOTES:,} votes, {COMMENTS:,} comments; median of {RUNS} runs, "
        f"measured {timezone.localdate():%-d.%-m.%Y} with `bench/idea_wall.py` on "
        f"{os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f} when it ended: "
        "other work on the machine slows these figures).",
        "",
        "| request | median ms |",
        "| --- | ---: |",
        *(f"| {name} | {value:.1f} |" for name, value in results.items()),
        marker,
    ]
    text = RESULTS_FILE.read_text() if RESULTS_FILE.exists() else "# Benchmarks\n"
    if marker in text:
        before, _old, after = text.split(marker, 2)
        text = before + "\n".join(lines) + after
    else:
        text = text.rstrip() + "\n\n" + "\n".join(lines) + "\n"
    RESULTS_FILE.write_text(text)
    print("\n".join(lines))


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    write(measure(build_wall()))
