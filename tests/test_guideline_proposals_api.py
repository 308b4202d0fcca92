"""Suggested edits in the collaboration API, under the same rules as the pages
(guidelines.proposals)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import APIToken

from core.models import ModerationState
from guidelines import proposals
from guidelines.models import GuidelineProposal, ProposalSupport
from tests import factories


@pytest.fixture
def guideline(home_page):
    page = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    factories.GuidelineSectionFactory(
        page=page, title="Tilat", anchor="tilat", body="<p>Tilat ovat maksuttomia.</p>"
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def period(guideline):
    return factories.CommentPeriodFactory(guideline=guideline)


@pytest.fixture
def participant():
    return factories.ParticipantFactory(display_name="Aino Aktiivinen")


@pytest.fixture
def api(participant):
    _token, plaintext = APIToken.create_token(user=participant, name="Sovellus")
    return Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")


def key(guideline):
    return str(guideline.sections.get().key)


def propose(api, guideline, text, rationale="Selkeämpi."):
    return api.post(
        f"/api/guidelines/{guideline.pk}/proposals/",
        {"section_key": key(guideline), "text": text, "rationale": rationale},
        content_type="application/json",
    )


@pytest.mark.django_db
def test_a_participant_proposes_and_everyone_reads_the_diff(api, client, guideline, period):
    created = propose(api, guideline, "Tilat ovat maksuttomia kaikille.")

    assert created.status_code == 201
    body = created.json()
    assert body["author"] == "Aino Aktiivinen"
    assert body["base_text"] == "Tilat ovat maksuttomia."
    assert body["diff"] == [
        [
            {"operation": "equal", "text": "Tilat ovat"},
            {"operation": "delete", "text": "maksuttomia."},
            {"operation": "insert", "text": "maksuttomia kaikille."},
        ]
    ]
    assert '<ins><span class="visually-hidden">lisätty: </span>' in body["diff_html"]
    assert body["url"].endswith(f"/ohje/ehdotukset/{body['id']}/")
    listed = client.get(f"/api/guidelines/{guideline.pk}/proposals/").json()
    assert [p["id"] for p in listed] == [body["id"]]
    assert listed[0]["supported"] is False
    assert client.get(f"/api/guidelines/proposals/{body['id']}/").json()["text"] == (
        "Tilat ovat maksuttomia kaikille."
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Tilat ovat   maksuttomia.", "Teksti on sama kuin kohdan nykyinen teksti."),
        ("<p>Tilat</p>", "Kirjoita teksti ilman HTML-merkintöjä"),
    ],
)
def test_bad_wording_is_refused_in_finnish(api, guideline, period, text, message):
    response = propose(api, guideline, text)

    assert response.status_code == 422
    assert message in response.json()["fields"]["text"][0]["fi"]
    assert not GuidelineProposal.objects.exists()


@pytest.mark.django_db
def test_outside_the_period_a_proposal_is_refused(api, guideline, period):
    period.starts_at = timezone.now() - datetime.timedelta(days=20)
    period.ends_at = timezone.now() - datetime.timedelta(days=1)
    period.save()

    response = propose(api, guideline, "Uusi teksti.")

    assert response.status_code == 403
    assert response.json()["code"] == "period_closed"
    assert not GuidelineProposal.objects.exists()


@pytest.mark.django_db
def test_support_counts_once_and_hidden_proposals_cannot_be_named(api, guideline, period):
    section = guideline.sections.get()

    def proposal(state):
        return GuidelineProposal.objects.create(
            period=period,
            section_key=section.key,
            base_revision_id=guideline.live_revision_id,
            base_title=section.title,
            base_text=proposals.section_as_text(section),
            text="Uusi.",
            rationale="Syy.",
            author=factories.ParticipantFactory(),
            state=state,
        )

    shown = proposal(ModerationState.PUBLISHED)
    hidden = proposal(ModerationState.HIDDEN)

    assert api.put(f"/api/guidelines/proposals/{shown.pk}/support/").json() == {
        "supported": True,
        "support_count": 1,
    }
    api.put(f"/api/guidelines/proposals/{shown.pk}/support/")
    assert ProposalSupport.objects.count() == 1
    assert api.get(f"/api/guidelines/proposals/{shown.pk}/").json()["supported"] is True
    assert api.delete(f"/api/guidelines/proposals/{shown.pk}/support/").json() == {
        "supported": False,
        "support_count": 0,
    }
    assert api.get(f"/api/guidelines/proposals/{hidden.pk}/").status_code == 404
    assert api.put(f"/api/guidelines/proposals/{hidden.pk}/support/").status_code == 404
    assert Client().put(f"/api/guidelines/proposals/{shown.pk}/support/").status_code == 401
