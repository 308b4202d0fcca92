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


def someone_elses_proposal(period, state=ModerationState.PUBLISHED):
    guideline = period.guideline
    section = guideline.sections.get()
    return GuidelineProposal.objects.create(
        period=period,
        section_key=section.key,
        base_revision_id=guideline.live_revision_id,
        base_title=section.title,
        base_text=proposals.section_as_text(section),
        text="Uusi sanamuoto.",
        rationale="Syy.",
        author=factories.ParticipantFactory(display_name="Bertta Jäsen"),
        state=state,
    )


def post_json(api, address, data):
    return api.post(address, data, content_type="application/json")


@pytest.mark.django_db
def test_participants_comment_on_a_suggested_edit_and_reply_in_the_api(
    api, client, guideline, period
):
    proposal = someone_elses_proposal(period)
    address = f"/api/guidelines/proposals/{proposal.pk}/comments/"

    created = post_json(api, address, {"body": "Hyvä ehdotus."})
    assert created.status_code == 201
    comment = created.json()
    assert (comment["body"], comment["author"]) == ("Hyvä ehdotus.", "Aino Aktiivinen")
    reply = post_json(api, address, {"body": "Samaa mieltä.", "parent_id": comment["id"]})
    assert reply.status_code == 201
    assert reply.json()["parent_id"] == comment["id"]

    (thread,) = client.get(address).json()
    assert thread["body"] == "Hyvä ehdotus."
    assert [r["body"] for r in thread["replies"]] == ["Samaa mieltä."]
    # The section's own threads leave the suggested edit's comments out, as the page does.
    assert client.get(f"/api/guidelines/{guideline.pk}/comments/").json() == []

    other = someone_elses_proposal(period)
    wrong_parent = post_json(
        api,
        f"/api/guidelines/proposals/{other.pk}/comments/",
        {"body": "Väärään paikkaan.", "parent_id": comment["id"]},
    )
    assert wrong_parent.status_code == 422
    assert "Kommentti, johon vastasit" in wrong_parent.content.decode()
    assert client.post(address, {"body": "x"}, content_type="application/json").status_code == 401


@pytest.mark.django_db
def test_a_comment_on_a_suggested_edit_in_a_pre_moderated_period_waits(api, client, guideline):
    period = factories.CommentPeriodFactory(guideline=guideline, moderation="before")
    proposal = someone_elses_proposal(period)
    address = f"/api/guidelines/proposals/{proposal.pk}/comments/"

    created = post_json(api, address, {"body": "Odottava kommentti."})

    assert created.json()["moderation_state"] == "pending"
    assert client.get(address).json() == []
    assert [c["body"] for c in api.get(address).json()] == ["Odottava kommentti."]


@pytest.mark.django_db
def test_a_suggested_edit_is_reported_in_the_api_and_held_after_enough_reports(
    api, guideline, period, settings
):
    settings.YHDESSA_REPORTS_TO_HOLD = 2
    proposal = someone_elses_proposal(period)
    address = f"/api/guidelines/proposals/{proposal.pk}/reports/"
    assert api.get(f"/api/guidelines/proposals/{proposal.pk}/").json()["can_report"] is True

    assert post_json(api, address, {"reason": "spam"}).json() == {"reported": True}
    again = post_json(api, address, {"reason": "spam"})
    assert (again.status_code, again.json()["code"]) == (403, "already_reported")
    assert api.get(f"/api/guidelines/proposals/{proposal.pk}/").json()["can_report"] is True

    _token, other = APIToken.create_token(user=factories.ParticipantFactory(), name="Toinen")
    second = Client(HTTP_AUTHORIZATION=f"Bearer {other}")
    assert post_json(second, address, {"reason": "offensive"}).status_code == 201

    proposal.refresh_from_db()
    assert proposal.held_by_reports
    assert api.get(f"/api/guidelines/proposals/{proposal.pk}/").status_code == 404
    assert api.get(f"/api/guidelines/proposals/{proposal.pk}/comments/").status_code == 404
    assert post_json(api, address, {"reason": "spam"}).status_code == 404


@pytest.mark.django_db
def test_a_participant_cannot_report_their_own_suggested_edit(api, guideline, period):
    own = propose(api, guideline, "Tilat ovat maksuttomia kaikille.").json()

    assert own["can_report"] is False
    response = post_json(api, f"/api/guidelines/proposals/{own['id']}/reports/", {"reason": "spam"})
    assert (response.status_code, response.json()["code"]) == (403, "own_text")
