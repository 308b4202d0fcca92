"""Benchmark: each page type's uncached CPU time, this commit against an older one.

    .venv/bin/python bench/render_cost.py                  # against 86b29dc (issue 12's "today")
    .venv/bin/python bench/render_cost.py --base <commit> --rounds 9 --repeat 5

The base commit is checked out once as a git worktree under var/ (reused on later runs).
Each tree (base, current) gets its own worker process that runs that tree's code with the
shared virtualenv and production-like settings: DEBUG off (so Django's cached template
loader), a throwaway SQLite file with `migrate` + `load_demo` + `update_index` (the same demo
content in both), in-process caches, and the app's page cache off
(YHDESSA_PAGE_CACHE_SECONDS = 0; trees without a page cache ignore it). The parent sends
interleaved rounds (base first in even rounds, current first in odd ones, so neither always
gets the warmer machine); in each round a worker requests every page `--repeat` times through
Django's test client and reports the CPU time (time.process_time) of each request. The medians
per page type and their ratio go to docs/benchmarks.md (section `<!-- render-cost -->`).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from results import write_section  # bench/results.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "render_cost"
MARKER = "<!-- render-cost -->"
DEFAULT_BASE = "86b29dc"
TARGET = 0.60

# The settings every worker runs with: its own tree's base settings, made production-like.
SETTINGS = """\
import os
import warnings
from pathlib import Path

from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "render-cost-bench"
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = Path(os.environ["RENDER_COST_MEDIA"])
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# One process: every cache alias in memory, so no cache costs a query.
CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
    for alias in CACHES  # noqa: F405
}
# Measure rendering, not the app's page cache.
YHDESSA_PAGE_CACHE_SECONDS = 0
# Static files are not what is measured: WhiteNoise need not warn that none were collected.
warnings.filterwarnings("ignore", message="No directory at")
"""


# -- the worker: runs inside one tree ---------------------------------------------------------


def worker(tree, name):
    """Set up the tree's demo, then answer the parent's commands (one JSON line each)."""
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    sys.stdout = sys.stderr  # whatever Django or the demo prints stays off the protocol
    data = VAR / name
    shutil.rmtree(data, ignore_errors=True)
    (data / "media").mkdir(parents=True)
    (data / "render_cost_settings.py").write_text(SETTINGS)
    sys.path[:0] = [str(tree), str(data)]
    os.chdir(tree)
    os.environ.pop("REDIS_URL", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="render_cost_settings",
        DATABASE_URL=f"sqlite:///{data / 'db.sqlite3'}",
        RENDER_COST_MEDIA=str(data / "media"),
        LOG_LEVEL="ERROR",
    )
    import django

    django.setup()
    import io

    from django.core.management import call_command

    for command in ("migrate", "load_demo", "update_index"):
        call_command(command, verbosity=0, stdout=io.StringIO())
    pages = discover()
    clients = clients_for(pages)
    protocol.write(json.dumps({"pages": pages}) + "\n")
    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "round":
            protocol.write(json.dumps(render_round(clients, command["pages"], command["repeat"])))
            protocol.write("\n")
        elif command["cmd"] == "profile":
            protocol.write(json.dumps(profile(clients, command["pages"], command["repeat"])))
            protocol.write("\n")
        else:
            break


def discover():
    """The page types of the demo: {label: [address, signed in?]}, first of each kind."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    def first(model_name):
        for page in Page.objects.live().public().specific().order_by("path"):
            if type(page).__name__ == model_name:
                return page
        raise LookupError(model_name)

    home = first("HomePage")
    news_index = first("NewsIndexPage")
    forums = first("ForumIndexPage")
    forum = first("ForumPage")
    wall = first("IdeaWallPage")
    directory = first("AssociationDirectoryPage")
    idea = wall.ideas.order_by("pk").values_list("pk", flat=True).first()
    association = next(
        entry["location"]
        for entry in directory.get_sitemap_urls()
        if entry["location"].rstrip("/") != directory.full_url.rstrip("/")
    )
    site_root = home.full_url.rstrip("/")
    pages = {
        "home": home.url,
        "news index": news_index.url,
        "news article": first("NewsPage").url,
        "news feed": news_index.url + news_index.reverse_subpage("feed"),
        "forum index": forums.url,
        "forum page": forum.url,
        "forum meeting": first("ForumMeetingPage").url,
        "calendar feed (all forums)": forums.url + forums.reverse_subpage("icalendar"),
        "calendar feed (one forum)": forum.url + forum.reverse_subpage("icalendar"),
        "guideline": first("GuidelinePage").url,
        "idea wall (newest)": wall.url,
        "idea wall (votes)": wall.url + "?jarjestys=aanet",
        "idea wall (most discussed)": wall.url + "?jarjestys=keskustelluimmat",
        "idea": wall.url + wall.reverse_subpage("idea", args=[idea]),
        "contact cards page": first("ContactsPage").url,
        "association directory": directory.url,
        "association page": association.removeprefix(site_root),
        "standard page": first("StandardPage").url,
        "accessibility statement": first("AccessibilityStatementPage").url,
        "privacy notice": first("PrivacyNoticePage").url,
        "search": "/haku/?q=foorumi",
        "sitemap": "/sitemap.xml",
        "content API listing": "/api/v2/pages/",
        "collaboration API listing": "/api/meetings/",
    }
    entries = {label: [url, None] for label, url in pages.items()}
    participant = (
        get_user_model()
        .objects.filter(is_staff=False, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    entries["idea wall, signed in"] = [wall.url, participant]
    return entries


def clients_for(pages):
    from django.contrib.auth import get_user_model
    from django.test import Client

    clients = {None: Client()}
    for _url, user in pages.values():
        if user is not None and user not in clients:
            clients[user] = Client()
            clients[user].force_login(get_user_model().objects.get(pk=user))
    return clients


def render(clients, url, user):
    started = time.process_time()
    response = clients[user].get(url)
    spent = time.process_time() - started
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return spent * 1000


def render_round(clients, pages, repeat):
    return {
        label: [render(clients, url, user) for _ in range(repeat)]
        for label, (url, user) in pages.items()
    }


def profile(clients, pages, repeat):
    """cProfile of `repeat` requests of each page: the top functions by cumulative time."""
    import cProfile
    import io
    import pstats

    results = {}
    for label, (url, user) in pages.items():
        render(clients, url, user)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            render(clients, url, user)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
        results[label] = out.getvalue()
    return results


# -- the parent -------------------------------------------------------------------------------


def git(*args, cwd=ROOT):
    return subprocess.run(  # noqa: S603 (git with our own arguments)
        ["git", *args],  # noqa: S607
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def base_tree(commit):
    """A worktree of `commit` under var/, made once and reused, with its catalogues compiled."""
    sha = git("rev-parse", "--verify", f"{commit}^{{commit}}")
    tree = ROOT / "var" / f"render-base-{sha[:12]}"
    if not (tree / "manage.py").exists():
        git("worktree", "prune")
        git("worktree", "add", "--detach", str(tree), sha)
    return tree, sha


def compile_messages(tree):
    """What `make messages` does: the .mo files are not in git."""
    pybabel = str(Path(sys.executable).with_name("pybabel"))
    for domain, directory in (("django", "locale"), ("django djangojs", "locale/wagtail")):
        subprocess.run(  # noqa: S603 (the venv's pybabel)
            [pybabel, "--quiet", "compile", "--domain", domain, "--directory", directory],
            cwd=tree,
            check=True,
        )


class Worker:
    def __init__(self, name, tree):
        self.name = name
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and script)
            [sys.executable, str(Path(__file__).resolve()), "--worker", str(tree), name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def read(self):
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.name} worker stopped (see its errors above)")
        return json.loads(line)

    def ask(self, **command):
        self.process.stdin.write(json.dumps(command) + "\n")
        return self.read()

    def close(self):
        self.process.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
        self.process.stdin.close()
        self.process.wait(timeout=60)


def write(results, base_sha, current, rounds, repeat, started_load):
    labels = list(results["current"])
    lines = [
        MARKER,
        "### Render cost per page type",
        "",
        f"CPU ms per uncached request (median of {rounds} interleaved rounds × {repeat} "
        f"requests), base `{base_sha[:7]}` against `{current}`, measured "
        f"{time.strftime('%-d.%-m.%Y')} with `bench/render_cost.py` on {os.cpu_count()} cores "
        f"(load average {started_load:.1f} when it began, {os.getloadavg()[0]:.1f} when it "
        f"ended). Target: current ≤ {TARGET:.0%} of base.",
        "",
        "| page type | base ms | current ms | current / base |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label in labels:
        base, now = (statistics.median(results[tree][label]) for tree in ("base", "current"))
        mark = "" if now <= TARGET * base else " (over target)"
        lines.append(f"| {label} | {base:.1f} | {now:.1f} | {now / base:.0%}{mark} |")
    lines.append(MARKER)
    write_section(MARKER, lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default=DEFAULT_BASE, help="the older commit to compare with")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds")
    parser.add_argument("--repeat", type=int, default=5, help="requests per page per round")
    parser.add_argument("--only", action="append", help="measure only page types with this text")
    parser.add_argument(
        "--profile", choices=["base", "current"], help="print cProfile of one tree instead"
    )
    parser.add_argument("--no-write", action="store_true", help="leave docs/benchmarks.md alone")
    args = parser.parse_args()
    started_load = os.getloadavg()[0]
    tree, base_sha = base_tree(args.base)
    current = git("rev-parse", "--short", "HEAD")
    if git("status", "--porcelain", "--untracked-files=no"):
        current += " + uncommitted changes"
    trees = {"base": tree, "current": ROOT}
    if args.profile:
        trees = {args.profile: trees[args.profile]}
    for path in trees.values():
        compile_messages(path)
    VAR.mkdir(parents=True, exist_ok=True)
    workers = {name: Worker(name, path) for name, path in trees.items()}
    try:
        found = {name: w.read()["pages"] for name, w in workers.items()}
        pages = next(iter(found.values()))
        if any(other != pages for other in found.values()):
            raise RuntimeError(f"the trees' demos differ: {found}")
        if args.only:
            pages = {k: v for k, v in pages.items() if any(o in k for o in args.only)}
        if args.profile:
            for label, text in (
                workers[args.profile].ask(cmd="profile", pages=pages, repeat=20).items()
            ):
                print(f"==== {label}\n{text}")
            return
        for w in workers.values():  # warm up: first renditions, template compilation
            w.ask(cmd="round", pages=pages, repeat=1)
        results = {
            "base": {label: [] for label in pages},
            "current": {label: [] for label in pages},
        }
        for k in range(args.rounds):
            order = ["base", "current"] if k % 2 == 0 else ["current", "base"]
            for name in order:
                for label, samples in (
                    workers[name].ask(cmd="round", pages=pages, repeat=args.repeat).items()
                ):
                    results[name][label].extend(samples)
            print(f"round {k + 1}/{args.rounds} done", file=sys.stderr, flush=True)
    finally:
        for w in workers.values():
            w.close()
    if args.no_write or args.only:  # a partial run never replaces the recorded figures
        for label in pages:
            base, now = (statistics.median(results[t][label]) for t in ("base", "current"))
            print(f"{label:32} {base:7.1f} {now:7.1f} {now / base:5.0%}")
    else:
        write(results, base_sha, current, args.rounds, args.repeat, started_load)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        worker(Path(sys.argv[2]), sys.argv[3])
    else:
        main()
