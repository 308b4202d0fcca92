"""Votes stay exact when many people press the button at the same moment.

Each participant votes from their own thread and their own browser session, all
released together by a barrier, so the database sees truly concurrent
transactions. Afterwards the count on the idea equals the number of vote rows
equals the number of people; the same person voting from several tabs at once
counts once.

PostgreSQL only: SQLite lets one writer in at a time, so it cannot show a race.
CI runs this module on PostgreSQL.
"""

import pytest
from django.test import Client

from accounts.models import User
from ideas.models import Idea, IdeaVote
from tests import factories
from tests.concurrency import all_at_once, on_postgresql, participant_browser

PARTICIPANTS = 12
TABS = 8

# Everyone writes from the same address; the flood limits are not under test.
pytestmark = [on_postgresql, pytest.mark.usefixtures("many_writes")]


@pytest.fixture
def idea(transactional_db, django_db_serialized_rollback, home_page):
    """Committed for real, so every thread sees it; the pages Wagtail's migrations made
    are put back afterwards for the tests that follow."""
    wall = factories.IdeaWallPageFactory(parent=home_page, slug="ideaseina")
    return factories.IdeaFactory(wall=wall, title="Yhteinen tapahtumakalenteri")


def vote_address(idea):
    wall = idea.wall
    return wall.url + wall.reverse_subpage("vote", args=[idea.pk])


def press_together(browsers, address, data):
    """Every browser posts the same form at the same instant; returns the HTTP statuses."""
    return all_at_once(browsers, [(address, data)] * len(browsers))


def test_many_people_voting_at_once_are_all_counted_exactly(idea):
    browsers = [participant_browser(number) for number in range(PARTICIPANTS)]

    statuses = press_together(browsers, vote_address(idea), {"vote": "add"})

    assert statuses == [200] * PARTICIPANTS
    idea.refresh_from_db()
    assert idea.vote_count == IdeaVote.objects.filter(idea=idea).count() == PARTICIPANTS


def test_one_person_voting_from_many_tabs_at_once_counts_once(idea):
    person = User.objects.create_user(email="aino@latu.example", password="salasana-123")
    tabs = []
    for _ in range(TABS):
        tab = Client()
        tab.force_login(person)
        tabs.append(tab)

    statuses = press_together(tabs, vote_address(idea), {"vote": "add"})

    assert statuses == [200] * TABS
    idea.refresh_from_db()
    assert idea.vote_count == IdeaVote.objects.filter(idea=idea).count() == 1


def test_taking_votes_back_at_once_leaves_an_exact_count(idea):
    browsers = [participant_browser(number) for number in range(PARTICIPANTS)]
    press_together(browsers, vote_address(idea), {"vote": "add"})
    leaving = browsers[: PARTICIPANTS // 2]

    # Half take their vote back, each from two tabs at once.
    press_together(leaving + leaving, vote_address(idea), {"vote": "remove"})

    idea.refresh_from_db()
    remaining = PARTICIPANTS - len(leaving)
    assert idea.vote_count == IdeaVote.objects.filter(idea=idea).count() == remaining
    assert Idea.objects.get(pk=idea.pk).vote_count == remaining
