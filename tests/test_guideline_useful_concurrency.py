""" "Useful" marks on guideline comments stay exact when many press the button at once.

As the idea votes (tests/test_idea_votes_concurrency.py): every participant from their own
thread and session, released together; the count equals the rows equals the people, and
one person's many tabs count once. PostgreSQL only (SQLite serialises writers).
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from core.models import ModerationState
from guidelines.models import CommentPeriod, GuidelineComment, UsefulMark, section_fingerprint
from tests import factories
from tests.concurrency import all_at_once, on_postgresql, participant_browser

PARTICIPANTS = 12
TABS = 8

# Everyone writes from the same address; the flood limits are not under test.
pytestmark = [on_postgresql, pytest.mark.usefixtures("many_writes")]


@pytest.fixture
def comment(transactional_db, django_db_serialized_rollback, home_page):
    guideline = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    section = factories.GuidelineSectionFactory(page=guideline, anchor="tilat")
    guideline.save_revision().publish()
    now = timezone.now()
    period = CommentPeriod.objects.create(
        guideline=guideline,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=7),
        intro="<p>Kommentoikaa.</p>",
        response_due=(now + datetime.timedelta(days=30)).date(),
    )
    return GuidelineComment.objects.create(
        period=period,
        section_key=section.key,
        section_fingerprint=section_fingerprint(section),
        author=factories.ParticipantFactory(),
        body="Tilavuoroja tarvitaan iltaisin.",
        state=ModerationState.PUBLISHED,
    )


def useful_address(comment):
    return comment.period.guideline.url + f"hyodyllinen/{comment.pk}/"


def test_many_people_marking_at_once_are_all_counted_exactly(comment):
    browsers = [participant_browser(number) for number in range(PARTICIPANTS)]

    statuses = all_at_once(browsers, [(useful_address(comment), {"useful": "add"})] * PARTICIPANTS)

    assert statuses == [200] * PARTICIPANTS
    comment.refresh_from_db()
    assert comment.useful_count == UsefulMark.objects.filter(comment=comment).count()
    assert comment.useful_count == PARTICIPANTS


def test_one_person_marking_from_many_tabs_at_once_counts_once(comment):
    person = User.objects.create_user(email="aino@latu.example", password="salasana-123")
    tabs = []
    for _ in range(TABS):
        tab = Client()
        tab.force_login(person)
        tabs.append(tab)

    statuses = all_at_once(tabs, [(useful_address(comment), {"useful": "add"})] * TABS)

    assert statuses == [200] * TABS
    comment.refresh_from_db()
    assert comment.useful_count == UsefulMark.objects.filter(comment=comment).count() == 1


def test_taking_marks_back_at_once_leaves_an_exact_count(comment):
    browsers = [participant_browser(number) for number in range(PARTICIPANTS)]
    address = useful_address(comment)
    all_at_once(browsers, [(address, {"useful": "add"})] * PARTICIPANTS)

    statuses = all_at_once(browsers, [(address, {"useful": "remove"})] * PARTICIPANTS)

    assert statuses == [200] * PARTICIPANTS
    comment.refresh_from_db()
    assert comment.useful_count == UsefulMark.objects.filter(comment=comment).count() == 0
