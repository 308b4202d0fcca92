"""Guideline comments are moderated as the idea wall's are: reports, the same queues in the
one "Moderation" menu (each named by its source), hiding with a reason e-mailed to the
author, and the person's data export and erasure."""

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import personal_data
from core.models import ModerationState, Report
from guidelines.models import GuidelineComment, UsefulMark, section_fingerprint
from tests import factories
from tests.test_email_delivery import work


@pytest.fixture
def guideline(home_page):
    page = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    factories.GuidelineSectionFactory(page=page, title="Tilat", anchor="tilat")
    page.save_revision().publish()
    return page


@pytest.fixture
def period(guideline):
    return factories.CommentPeriodFactory(guideline=guideline)


@pytest.fixture
def writer():
    return factories.ParticipantFactory(display_name="Reijo Riitapukari", email="reijo@example.com")


def comment_on(period, author, body="Osta halpoja kelloja", **fields):
    section = period.guideline.sections.get()
    return GuidelineComment.objects.create(
        period=period,
        section_key=section.key,
        revision_id=period.guideline.live_revision_id,
        section_fingerprint=section_fingerprint(section),
        author=author,
        body=body,
        state=ModerationState.PUBLISHED,
        **fields,
    )


def signed_in(person=None):
    browser = Client()
    browser.force_login(person or factories.ParticipantFactory())
    return browser


def text_of(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.django_db
def test_participants_report_a_comment_and_enough_reports_hold_it(
    guideline, period, writer, settings
):
    settings.YHDESSA_REPORTS_TO_HOLD = 2
    comment = comment_on(period, writer)
    address = guideline.url + f"ilmoita/{comment.pk}/"
    first = signed_in()

    assert first.post(address, {"reason": "spam"}).status_code == 302
    again = first.post(address, {"reason": "spam"})
    assert again.status_code == 403
    assert "Olet jo ilmoittanut tästä." in text_of(again)
    signed_in().post(address, {"reason": "offensive"})

    comment.refresh_from_db()
    assert comment.held_by_reports
    assert "Osta halpoja kelloja" not in text_of(Client().get(guideline.url))
    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_a_report_needs_a_reason_in_finnish(guideline, period, writer):
    comment = comment_on(period, writer)

    response = signed_in().post(guideline.url + f"ilmoita/{comment.pk}/", {})

    assert response.status_code == 400
    assert "Valitse ilmoituksen syy." in text_of(response)
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_held_comments_wait_in_the_moderation_menu_beside_the_idea_walls(
    moderator_client, guideline, period, writer
):
    comment_on(period, writer, held_by_reports=True)

    menu = moderator_client.get("/admin/").content.decode()
    waiting = reverse("guidelines_moderation_waiting-comments_modeladmin_index")
    assert waiting in menu
    assert reverse("ideas_moderation_waiting-comments_modeladmin_index") in menu
    listing = moderator_client.get(waiting)
    assert listing.status_code == 200
    assert "Osta halpoja kelloja" in listing.content.decode()


@pytest.mark.django_db
def test_a_moderator_hides_a_comment_and_the_author_is_told_why(
    moderator_client, guideline, period, writer, django_capture_on_commit_callbacks
):
    parent = comment_on(period, writer)
    comment_on(period, factories.ParticipantFactory(), body="Tämä ei kuulu tänne.", parent=parent)

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("guidelines_moderation_comment_action", args=[parent.pk, "hide"]),
            {"reason": "Mainos ei kuulu ohjeen kommentteihin."},
        )
    assert response.status_code == 302
    work()

    page = text_of(Client().get(guideline.url))
    assert "Osta halpoja kelloja" not in page
    assert "Piilotettu kommentti" in page
    assert "Tämä ei kuulu tänne." in page
    assert "Tilat (1 kommentti)" in page
    (message,) = mail.outbox
    assert message.to == ["reijo@example.com"]
    assert "Mainos ei kuulu ohjeen kommentteihin." in message.body
    assert "Osta halpoja kelloja" in message.body


@pytest.mark.django_db
def test_a_participants_data_export_has_their_guideline_comments_and_marks(
    guideline, period, writer
):
    comment = comment_on(period, writer, body="Oma kommenttini")
    other = comment_on(period, factories.ParticipantFactory(), body="Toisen kommentti")
    UsefulMark.objects.create(comment=other, participant=writer)

    data = json.loads(json.dumps(personal_data.export_data(writer), default=str))

    assert [c["text"] for c in data["guideline"]["comments"]] == ["Oma kommenttini"]
    assert data["guideline"]["comments"][0]["id"] == comment.pk
    assert [m["comment_id"] for m in data["guideline"]["useful_marks"]] == [other.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("remove_content", [False, True])
def test_erasure_takes_the_marks_and_keeps_counts_exact(guideline, period, writer, remove_content):
    own = comment_on(period, writer, body="Oma kommenttini")
    other = comment_on(period, factories.ParticipantFactory(), body="Toisen kommentti")
    UsefulMark.objects.create(comment=other, participant=writer)
    GuidelineComment.objects.filter(pk=other.pk).update(useful_count=1)

    personal_data.erase_user(writer, remove_content=remove_content)

    other.refresh_from_db()
    assert other.useful_count == 0 == UsefulMark.objects.count()
    if remove_content:
        assert not GuidelineComment.objects.filter(pk=own.pk).exists()
    else:
        own.refresh_from_db()
        assert own.author is None
