"""The municipality answers each comment; concluding publishes the summary of them all."""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from core.models import ModerationState
from guidelines import proposals
from guidelines.models import GuidelineComment, GuidelineProposal, section_fingerprint
from guidelines.summary import summary_of
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
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Osio"] == "Tilat"
    assert row["Teksti"] == '\'=HYPERLINK("http://x")'
    assert row["Lopputulos"] == "Osittain huomioon"

    xlsx = moderator_client.get(reverse("guidelines_period_export", args=[period.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    text_column = rows[0].index("Teksti") + 1
    assert sheet.cell(row=2, column=text_column).value == '\'=HYPERLINK("http://x")'
    assert sheet.cell(row=2, column=text_column).data_type == "s"


@pytest.mark.django_db
def test_participants_cannot_export(client, period):
    client.force_login(factories.ParticipantFactory())

    response = client.get(reverse("guidelines_period_export", args=[period.pk, "csv"]))

    assert response.status_code in (302, 403)


def suggest(period, anchor, outcome="open", reason="", state=ModerationState.PUBLISHED):
    section = period.guideline.sections.get(anchor=anchor)
    return GuidelineProposal.objects.create(
        period=period,
        section_key=section.key,
        base_revision_id=period.guideline.live_revision_id,
        base_title=section.title,
        base_text=proposals.section_as_text(section),
        text="Uusi sanamuoto.",
        rationale="Selkeämpi.",
        author=factories.ParticipantFactory(),
        state=state,
        outcome=outcome,
        decision_reason=reason,
    )


def comment_on_proposal(proposal, author, body):
    comment = comment_on(proposal.period, "tilat", author, body)
    comment.section_key = proposal.section_key
    comment.proposal = proposal
    comment.save()
    return comment


@pytest.mark.django_db
def test_the_summary_lists_each_sections_suggested_edits_apart_from_its_comments(
    guideline, period, writer
):
    comment_on(period, "tilat", writer, "Tilavuoroja iltaisin.")
    accepted = suggest(period, "tilat", "accepted")
    comment_on_proposal(accepted, writer, "Hyvä ehdotus, kannatan.")
    comment_on_proposal(accepted, writer, "Samaa mieltä.")
    suggest(period, "avustukset", "declined", "Haku pysyy maaliskuussa.")
    suggest(period, "avustukset")
    hidden = suggest(period, "avustukset", state=ModerationState.HIDDEN)
    conclude(period)

    response = Client().get(guideline.url + "yhteenveto/")

    text = text_of(response)
    html = response.content.decode()
    # The comments on a suggested edit are the edit's, not the section's.
    assert "Hyvä ehdotus, kannatan." not in text
    assert "1 kommentti on vielä vailla vastausta" in text
    assert "1 muutosehdotus hyväksyttiin" in text
    assert "1 muutosehdotus hylättiin" in text
    assert "1 muutosehdotus on yhä avoinna" in text
    assert text.index("Tilat") < text.index("Tilavuoroja iltaisin.") < text.index("Hyväksytty")
    assert text.index("Hyväksytty") < text.index("2 kommenttia") < text.index("Avustukset")
    assert text.index("Avustukset") < text.index("Hylätty: Haku pysyy maaliskuussa.")
    assert "Avoin" in text[text.index("Avustukset") :]
    assert f'href="{guideline.url}ehdotukset/{accepted.pk}/"' in html
    assert f"ehdotukset/{hidden.pk}/" not in html


@pytest.mark.django_db
def test_the_export_files_suggested_edits_as_their_own_rows_after_the_sections_comments(
    moderator_client, guideline, period, writer
):
    comment_on(period, "tilat", writer, "Tilavuoroja iltaisin.")
    declined = suggest(period, "tilat", "declined", "=Haku pysyy maaliskuussa.")
    comment_on_proposal(declined, writer, "Hyvä ehdotus, kannatan.")

    response = moderator_client.get(reverse("guidelines_period_export", args=[period.pk, "csv"]))

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    heading = rows[0]
    assert heading[:3] == ["Tyyppi", "Osio", "Numero"]
    assert "Hyvä ehdotus, kannatan." not in text
    assert len(rows) == 3
    comment, proposal = (dict(zip(heading, row, strict=True)) for row in rows[1:])
    assert comment["Tyyppi"] == "Kommentti"
    assert comment["Teksti"] == "Tilavuoroja iltaisin."
    assert proposal["Tyyppi"] == "Muutosehdotus"
    assert proposal["Osio"] == "Tilat"
    assert proposal["Numero"] == str(declined.pk)
    assert proposal["Teksti"] == "Uusi sanamuoto."
    assert proposal["Perustelu"] == "Selkeämpi."
    assert proposal["Kommentteja siitä"] == "1"
    assert proposal["Lopputulos"] == "Hylätty"
    assert proposal["Kunnan vastaus tai perustelu"] == "'=Haku pysyy maaliskuussa."

    xlsx = moderator_client.get(reverse("guidelines_period_export", args=[period.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [str(v) if v is not None else "" for v in cells[2]][:3] == [
        "Muutosehdotus",
        "Tilat",
        str(declined.pk),
    ]


@pytest.mark.django_db
def test_the_summary_counts_suggested_edits_in_real_plurals_in_finnish_and_swedish(
    guideline, period
):
    suggest(period, "tilat")
    suggest(period, "avustukset")
    conclude(period)

    assert "2 muutosehdotusta on yhä avoinna" in text_of(
        Client().get(guideline.url + "yhteenveto/")
    )
    with translation.override("sv"):
        _groups, counts = summary_of(period)
    assert [count.sentence for count in counts] == ["2 ändringsförslag är fortfarande öppna"]
