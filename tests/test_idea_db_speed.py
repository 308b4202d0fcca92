"""A wall of thousands of ideas opens as fast as a wall of ten, and a vote stays quick.

Each wall sort and the home page's newest ideas must be read from an index in the order
shown, down to the tie-breaks, so the database stops after one page instead of sorting
every idea on the wall (SQLite's "USE TEMP B-TREE", PostgreSQL's Sort). The plans are
checked on SQLite always and on PostgreSQL with sequential scans priced out, since on a
test's few rows PostgreSQL rightly prefers reading the whole table.

bench/idea_wall.py shows the same plans, and the times, at 10,000 ideas.
"""

import datetime
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site

from ideas.models import IdeaVote
from ideas.queries import WALL_ORDERINGS, wall_ideas
from tests import factories

# The vote button's request (JSON): the site and the page route (4), the view restrictions
# (2), the session and the user, the idea together with whether this person has voted, then
# the vote and its count in one transaction (BEGIN, INSERT or DELETE, UPDATE returning the
# new count, COMMIT). The rate limit counts in the cache (Redis in production). It was 15:
# a query to ask whether they had voted, and one to read the count after the update.
VOTE_QUERIES = 13
# Taking it back reads the vote it deletes, but has no insert to make.
WITHDRAW_QUERIES = 12


def plans(queries):
    """What the database would do for each of these SELECTs, one text per query."""
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    found = []
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            # The question is whether an index gives the order, not what the planner's
            # statistics of a few dozen rows prefer (they have varied from run to run): a
            # Sort is then taken only when no index can give the order.
            cursor.execute("SET LOCAL enable_sort = off")
        for sql in queries:
            cursor.execute(explain + sql)
            found.append("\n".join(str(row[-1]) for row in cursor.fetchall()))
    return found


def idea_selects(action):
    with CaptureQueriesContext(connection) as captured:
        result = action()
    return result, [q["sql"] for q in captured.captured_queries if 'FROM "ideas_idea"' in q["sql"]]


def assert_read_in_index_order(plan, index):
    assert index in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # SQLite sorting what it read
    assert "Sort" not in plan, plan  # PostgreSQL's Sort and Incremental Sort


@pytest.fixture
def wall(home_page):
    return factories.IdeaWallPageFactory(parent=home_page, slug="ideaseina")


@pytest.mark.parametrize(
    ("sort", "index"),
    [
        ("newest", "idea_wall_newest"),
        ("votes", "idea_wall_votes"),
        ("discussed", "idea_wall_discussed"),
    ],
)
def test_each_wall_sort_reads_one_page_in_index_order_even_when_counts_tie(wall, sort, index):
    posted = timezone.now() - datetime.timedelta(days=1)
    # Ties everywhere: the same counts, and pairs posted at the same moment.
    for n in range(30):
        factories.IdeaFactory(
            wall=wall,
            comment_count=2,
            vote_count=3,
            created_at=posted - datetime.timedelta(minutes=n // 2),
        )

    shown, (select,) = idea_selects(lambda: list(wall_ideas(wall, sort=sort)[:20]))

    (plan,) = plans([select])
    assert_read_in_index_order(plan, index)
    # The tie-break is the one the wall promises: newest first, then the later idea first.
    expected = sorted(shown, key=lambda idea: (idea.created_at, idea.pk), reverse=True)
    assert [i.pk for i in shown] == [i.pk for i in expected]
    assert WALL_ORDERINGS[sort][-2:] == ("-created_at", "-pk")


def test_the_home_pages_newest_ideas_come_from_each_walls_index_newest_first(home_page, wall):
    other_wall = factories.IdeaWallPageFactory(parent=home_page, slug="toinen-seina")
    unpublished_wall = factories.IdeaWallPageFactory(parent=home_page, slug="luonnos", live=False)
    elsewhere = factories.HomePageFactory(parent=Page.objects.get(depth=1), slug="naapurikunta")
    Site.objects.create(hostname="naapuri.example", root_page=elsewhere)
    neighbours_wall = factories.IdeaWallPageFactory(parent=elsewhere, slug="naapurin-seina")
    now = timezone.now()
    for minutes, where in [(1, neighbours_wall), (2, unpublished_wall), (3, wall), (4, other_wall)]:
        factories.IdeaFactory(
            wall=where, title=f"{minutes} min", created_at=now - datetime.timedelta(minutes=minutes)
        )
    for n in range(30):
        factories.IdeaFactory(
            wall=wall, title=f"vanha {n}", created_at=now - datetime.timedelta(days=1 + n)
        )
        factories.IdeaFactory(
            wall=other_wall, title=f"vanhempi {n}", created_at=now - datetime.timedelta(days=1 + n)
        )

    newest, selects = idea_selects(lambda: list(home_page.specific.newest_ideas(AnonymousUser())))

    # Only this site's published walls; ideas posted at the same moment, the later first.
    expected = ["3 min", "4 min", "vanhempi 0", "vanha 0", "vanhempi 1"]
    assert [idea.title for idea in newest] == expected
    assert selects
    for plan in plans(selects):
        assert_read_in_index_order(plan, "idea_wall_newest")


def test_a_vote_takes_a_fixed_number_of_queries(client, wall, many_writes):
    voter = factories.ParticipantFactory()
    idea = factories.IdeaFactory(wall=wall, author=factories.ParticipantFactory())
    client.force_login(voter)
    url = wall.url + wall.reverse_subpage("vote", args=[idea.pk])
    counts = []
    for _ in range(2):  # the button toggles: the vote, then taking it back
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    assert json.loads(response.content)["vote_count"] == 0
    assert not IdeaVote.objects.filter(idea=idea).exists()
    assert counts == [VOTE_QUERIES, WITHDRAW_QUERIES]
