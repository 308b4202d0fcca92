"""The summary of a concluded comment period in the collaboration API: the same
guidelines.summary.summary_of() as the summary page."""

import pytest
from django.test import Client

from core.models import ModerationState
from tests import factories
from tests.test_guideline_answers import comment_on, comment_on_proposal, conclude, suggest


@pytest.fixture
def guideline(home_page):
    page = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    factories.GuidelineSectionFactory(page=page, title="Tilat", anchor="tilat")
    factories.GuidelineSectionFactory(page=page, title="Avustukset", anchor="avustukset")
    page.save_revision().publish()
    return page


@pytest.fixture
def period(guideline):
    return factories.CommentPeriodFactory(guideline=guideline)


@pytest.mark.django_db
def test_other_systems_read_a_concluded_periods_summary_by_section(guideline, period):
    writer = factories.ParticipantFactory(display_name="Aino Aktiivinen")
    comment = comment_on(period, "tilat", writer, "Tilavuoroja iltaisin.")
    comment.outcome, comment.answer = "taken", "Lisäämme iltavuoroja."
    comment.answered_at = comment.created_at
    comment.save()
    accepted = suggest(period, "tilat", "accepted")
    comment_on_proposal(accepted, writer, "Kannatan.")
    suggest(period, "avustukset", "declined", "Haku pysyy maaliskuussa.")
    suggest(period, "avustukset", state=ModerationState.HIDDEN)
    address = f"/api/guidelines/periods/{period.pk}/summary/"
    assert Client().get(address).status_code == 404  # not concluded yet

    conclude(period)
    response = Client().get(address)

    assert response.status_code == 200
    body = response.json()
    assert body["period"]["state"] == "concluded"
    assert body["period"]["response"] == "<p>Kiitos kommenteista.</p>"
    assert [(c["kind"], c["outcome"], c["count"], c["sentence"]) for c in body["counts"]] == [
        ("comment", "taken", 1, "1 kommentti otettiin huomioon"),
        ("proposal", "accepted", 1, "1 muutosehdotus hyväksyttiin"),
        ("proposal", "declined", 1, "1 muutosehdotus hylättiin"),
    ]
    tilat, avustukset = body["sections"]
    assert tilat["title"] == "Tilat"
    assert [c["body"] for c in tilat["comments"]] == ["Tilavuoroja iltaisin."]
    assert tilat["comments"][0]["answer"] == "Lisäämme iltavuoroja."
    assert tilat["comments"][0]["author"] == "Aino Aktiivinen"
    (proposal,) = tilat["proposals"]
    assert proposal["id"] == accepted.pk
    assert proposal["outcome"] == "accepted"
    assert proposal["comment_count"] == 1
    assert proposal["url"].endswith(f"/ohje/ehdotukset/{accepted.pk}/")
    assert avustukset["comments"] == []
    assert [p["decision_reason"] for p in avustukset["proposals"]] == ["Haku pysyy maaliskuussa."]


@pytest.mark.django_db
def test_a_summary_of_an_unknown_period_or_an_unpublished_guideline_is_not_found(guideline, period):
    conclude(period)
    assert Client().get("/api/guidelines/periods/999999/summary/").status_code == 404
    guideline.unpublish()
    assert Client().get(f"/api/guidelines/periods/{period.pk}/summary/").status_code == 404
