"""The guideline's comment periods, section counts and comments in the collaboration API,
under the same rules as the page (guidelines.comments)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import APIToken

from core.models import ModerationState
from guidelines.models import GuidelineComment, UsefulMark, section_fingerprint
from tests import factories


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


def key(guideline, anchor):
    return str(guideline.sections.get(anchor=anchor).key)


def comment_on(period, anchor, body="Tilavuoroja iltaisin.", **fields):
    section = period.guideline.sections.get(anchor=anchor)
    return GuidelineComment.objects.create(
        period=period,
        section_key=section.key,
        revision_id=period.guideline.live_revision_id,
        section_fingerprint=section_fingerprint(section),
        author=fields.pop("author", None) or factories.ParticipantFactory(),
        body=body,
        state=fields.pop("state", ModerationState.PUBLISHED),
        **fields,
    )


@pytest.fixture
def participant():
    return factories.ParticipantFactory(display_name="Aino Aktiivinen")


@pytest.fixture
def api(participant):
    """A client acting as the participant with a personal token, as another system would."""
    _token, plaintext = APIToken.create_token(user=participant, name="Sovellus")
    return Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")


def base(guideline):
    return f"/api/guidelines/{guideline.pk}"


@pytest.mark.django_db
def test_periods_are_listed_with_their_state_in_words(client, guideline, period):
    response = client.get(f"{base(guideline)}/periods/")

    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["state"] == "open"
    assert item["state_in_words"].startswith("Kommentointi on auki")
    assert item["response"] == ""


@pytest.mark.django_db
def test_sections_carry_their_keys_and_the_counts_the_page_shows(client, guideline, period):
    comment_on(period, "tilat")
    hidden = comment_on(period, "tilat", state=ModerationState.HIDDEN)
    comment_on(period, "tilat", parent=hidden)

    sections = client.get(f"{base(guideline)}/sections/").json()

    assert [(s["anchor"], s["comment_count"]) for s in sections] == [
        ("tilat", 2),
        ("avustukset", 0),
    ]
    assert sections[0]["key"] == key(guideline, "tilat")


@pytest.mark.django_db
def test_a_participant_comments_replies_and_marks_useful_through_the_api(
    api, guideline, period, participant
):
    created = api.post(
        f"{base(guideline)}/comments/",
        {"section_key": key(guideline, "avustukset"), "body": "Haku syksyllä."},
        content_type="application/json",
    )
    assert created.status_code == 201
    first = created.json()
    assert first["author"] == "Aino Aktiivinen"
    other = comment_on(period, "avustukset", body="Toisen kommentti")

    reply = api.post(
        f"{base(guideline)}/comments/",
        {
            "section_key": key(guideline, "avustukset"),
            "body": "Samaa mieltä.",
            "parent_id": other.pk,
        },
        content_type="application/json",
    )
    assert reply.status_code == 201
    marked = api.put(f"/api/guidelines/comments/{other.pk}/useful/")
    assert marked.json() == {"marked_useful": True, "useful_count": 1}
    api.put(f"/api/guidelines/comments/{other.pk}/useful/")
    assert UsefulMark.objects.count() == 1

    listed = api.get(f"{base(guideline)}/comments/?section={key(guideline, 'avustukset')}").json()
    assert [c["body"] for c in listed] == ["Haku syksyllä.", "Toisen kommentti"]
    assert listed[1]["marked_useful"] is True
    assert [r["body"] for r in listed[1]["replies"]] == ["Samaa mieltä."]
    assert listed[0]["can_mark_useful"] is False  # one's own


@pytest.mark.django_db
def test_comments_outside_the_period_are_refused_in_finnish_and_english(api, guideline, period):
    period.starts_at = timezone.now() - datetime.timedelta(days=20)
    period.ends_at = timezone.now() - datetime.timedelta(days=1)
    period.save()

    response = api.post(
        f"{base(guideline)}/comments/",
        {"section_key": key(guideline, "tilat"), "body": "Myöhässä."},
        content_type="application/json",
    )

    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "period_closed"
    assert body["message"]["fi"].startswith("Kommentteja otetaan vastaan vain")
    assert not GuidelineComment.objects.exists()


@pytest.mark.django_db
def test_a_comment_on_a_section_that_is_gone_is_refused(api, guideline, period):
    response = api.post(
        f"{base(guideline)}/comments/",
        {"section_key": "00000000-0000-4000-8000-000000000000", "body": "Hukassa."},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "Tätä kohtaa ei enää ole ohjeessa." in response.json()["fields"]["section"][0]["fi"]
    assert not GuidelineComment.objects.exists()


@pytest.mark.django_db
def test_writes_need_a_token_and_hidden_comments_cannot_be_named(client, api, guideline, period):
    hidden = comment_on(period, "tilat", state=ModerationState.HIDDEN)

    anonymous = client.post(
        f"{base(guideline)}/comments/",
        {"section_key": key(guideline, "tilat"), "body": "Nimetön."},
        content_type="application/json",
    )
    assert anonymous.status_code == 401
    assert (
        api.post(
            f"/api/guidelines/comments/{hidden.pk}/reports/",
            {"reason": "spam"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert api.put(f"/api/guidelines/comments/{hidden.pk}/useful/").status_code == 404
