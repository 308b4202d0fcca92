"""Support for a suggested edit stays exact when many press the button at once.

As the "useful" marks (tests/test_guideline_useful_concurrency.py), which share the rule
(guidelines.marks): every participant from their own thread and session, released
together. PostgreSQL only (SQLite serialises writers).
"""

import pytest
from django.test import Client

from accounts.models import User
from core.models import ModerationState
from guidelines.models import GuidelineProposal, ProposalSupport
from tests import factories
from tests.concurrency import all_at_once, on_postgresql, participant_browser

PARTICIPANTS = 12
TABS = 8

# Everyone writes from the same address; the flood limits are not under test.
pytestmark = [on_postgresql, pytest.mark.usefixtures("many_writes")]


@pytest.fixture
def proposal(transactional_db, django_db_serialized_rollback, home_page):
    guideline = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    section = factories.GuidelineSectionFactory(page=guideline, anchor="tilat")
    guideline.save_revision().publish()
    return GuidelineProposal.objects.create(
        period=factories.CommentPeriodFactory(guideline=guideline),
        section_key=section.key,
        base_title=section.title,
        base_text="Tilat.",
        text="Tilat ovat maksuttomia.",
        rationale="Selkeämpi.",
        author=factories.ParticipantFactory(),
        state=ModerationState.PUBLISHED,
    )


def support_address(proposal):
    return proposal.period.guideline.url + f"ehdotukset/{proposal.pk}/tuki/"


def test_many_people_supporting_at_once_are_all_counted_exactly(proposal):
    browsers = [participant_browser(number) for number in range(PARTICIPANTS)]

    statuses = all_at_once(
        browsers, [(support_address(proposal), {"support": "add"})] * PARTICIPANTS
    )

    assert statuses == [200] * PARTICIPANTS
    proposal.refresh_from_db()
    assert proposal.support_count == ProposalSupport.objects.count() == PARTICIPANTS


def test_one_person_supporting_from_many_tabs_at_once_counts_once(proposal):
    person = User.objects.create_user(email="aino@latu.example", password="salasana-123")
    tabs = []
    for _ in range(TABS):
        tab = Client()
        tab.force_login(person)
        tabs.append(tab)

    statuses = all_at_once(tabs, [(support_address(proposal), {"support": "add"})] * TABS)

    assert statuses == [200] * TABS
    proposal.refresh_from_db()
    assert proposal.support_count == ProposalSupport.objects.count() == 1
