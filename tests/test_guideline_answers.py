"""The municipality answers each comment; concluding publishes the summary of them all."""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import ModerationState
from guidelines.models import GuidelineComment, section_fingerprint
from tests import factories
from tests.test_email_delivery import work


@pytest.fixture
def guideline(home_page):
    page = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    factories.GuidelineSectionFactory(page=page, title="Tilat", anchor="tilat")
    factories.GuidelineSectionFactory(page=page, title="Avustukset", anchor="avustukset")
    page.save_revision().publish()
    return page


@pytest.fixture
def period(guideline):
    return factories.CommentPeriodFactory(
        guideline=guideline, starts_at=timezone.now() - datetime.timedelta(days=10)
    )


@pytest.fixture
def writer():
    return factories.ParticipantFactory(display_name="Aino Aktiivinen", email="aino@example.com")


def comment_on(period, anchor, author, body):
    section = period.guideline.sections.get(anchor=anchor)
    return GuidelineComment.objects.create(
        period=period,
        section_key=section.key,
        revision_id=period.guideline.live_revision_id,
        section_fingerprint=section_fingerprint(section),
        author=author,
        body=body,
        state=ModerationState.PUBLISHED,
    )


def answer(client, comment, outcome, reason):
    return client.post(
        reverse("guidelines_moderation_comment_action", args=[comment.pk, "answer"]),
        {"outcome": outcome, "answer": reason},
    )


def text_of(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def conclude(period):
    now = timezone.now()
    period.ends_at = now - datetime.timedelta(days=1)
    period.starts_at = now - datetime.timedelta(days=20)
    period.response = "<p>Kiitos kommenteista.</p>"
    period.concluded_at = now
    period.save()


@pytest.mark.django_db
def test_staff_answer_a_comment_and_the_section_shows_it_and_the_author_is_told(
    moderator_client, guideline, period, writer, django_capture_on_commit_callbacks
):
    comment = comment_on(period, "tilat", writer, "Tilavuoroja iltaisin.")

    with django_capture_on_commit_callbacks(execute=True):
        response = answer(moderator_client, comment, "taken", "Lisäämme iltavuoroja syksyllä.")
    assert response.status_code == 302
    work()

    page = text_of(Client().get(guideline.url))
    assert "Kunnan vastaus: Otettu huomioon" in page
    assert "Lisäämme iltavuoroja syksyllä." in page
    (message,) = mail.outbox
    assert message.to == ["aino@example.com"]
    assert "Otettu huomioon: Lisäämme iltavuoroja syksyllä." in message.body


@pytest.mark.django_db
def test_an_answer_needs_an_outcome_and_a_reason(moderator_client, period, writer):
    comment = comment_on(period, "tilat", writer, "Tilavuoroja iltaisin.")

    response = answer(moderator_client, comment, "", "  ")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Valitse, mitä kommentille tehtiin." in html
    assert "Kerro perustelu; kirjoittaja ja kaikki lukijat näkevät sen." in html
    comment.refresh_from_db()
    assert comment.answered_at is None


@pytest.mark.django_db
def test_the_summary_appears_on_concluding_and_lists_every_answer_by_section(
    moderator_client, guideline, period, writer
):
    tilat = comment_on(period, "tilat", writer, "Tilavuoroja iltaisin.")
    avustukset = comment_on(period, "avustukset", writer, "Haku syksyllä.")
    comment_on(period, "avustukset", writer, "Ja keväällä.")
    answer(moderator_client, tilat, "taken", "Lisäämme iltavuoroja.")
    answer(moderator_client, avustukset, "not_taken", "Haku pysyy maaliskuussa.")
    summary_url = guideline.url + "yhteenveto/"
    assert Client().get(summary_url).status_code == 404

    conclude(period)

    assert "Jokainen kommentti vastauksineen" in text_of(Client().get(guideline.url))
    text = text_of(Client().get(summary_url))
    assert "Kiitos kommenteista." in text
    assert "1 kommentti otettiin huomioon" in text
    assert "1 kommenttia ei otettu huomioon" in text
    assert "1 kommentti on vielä vailla vastausta" in text
    assert text.index("Tilat") < text.index("Lisäämme iltavuoroja.") < text.index("Avustukset")
    assert text.index("Avustukset") < text.index("Haku pysyy maaliskuussa.")


@pytest.mark.django_db
def test_staff_export_the_comments_and_answers_without_running_formulas(
    moderator_client, guideline, period, writer
):
    comment = comment_on(period, "tilat", writer, '=HYPERLINK("http://x")')
    answer(moderator_client, comment, "partly", "Osittain.")
    base = reverse("guidelines_period_export", args=[period.pk, "csv"])

    response = moderator_client.get(base)
    assert response.status_code == 200
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0][:2] == ["Osio", "Kommentin numero"]
    assert rows[1][0] == "Tilat"
    assert rows[1][6] == '\'=HYPERLINK("http://x")'
    assert rows[1][8] == "Osittain huomioon"

    xlsx = moderator_client.get(reverse("guidelines_period_export", args=[period.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.cell(row=2, column=7).value == '\'=HYPERLINK("http://x")'
    assert sheet.cell(row=2, column=7).data_type == "s"


@pytest.mark.django_db
def test_participants_cannot_export(client, period):
    client.force_login(factories.ParticipantFactory())

    response = client.get(reverse("guidelines_period_export", args=[period.pk, "csv"]))

    assert response.status_code in (302, 403)
