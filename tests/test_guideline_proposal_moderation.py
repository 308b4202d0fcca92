"""Suggested edits are visitor text: the period's moderation rule holds them, participants
report them, enough reports hold them, and moderators decide on them in the same queues
and pages as on comments, with the reason e-mailed to the author."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import personal_data
from core import moderation
from core.models import ModerationState, Report
from guidelines import proposals
from guidelines.models import GuidelineComment, GuidelinePage, GuidelineProposal
from tests import factories
from tests.test_email_delivery import work

WAITING = "/admin/moderation/waiting-comments/"
REPORTED = "/admin/moderation/reported-comments/"
NEW_TEXT = "Tilat ovat maksuttomia kaikille yhdistyksille."


@pytest.fixture
def guideline(home_page):
    page = factories.GuidelinePageFactory(parent=home_page, slug="ohje", title="Yhteistyön ohje")
    factories.GuidelineSectionFactory(
        page=page, title="Tilat", anchor="tilat", body="<p>Tilat ovat maksuttomia.</p>"
    )
    page.save_revision().publish()
    return GuidelinePage.objects.get(pk=page.pk)


@pytest.fixture
def period(guideline):
    return factories.CommentPeriodFactory(guideline=guideline)


@pytest.fixture
def writer():
    return factories.ParticipantFactory(display_name="Reijo Riitapukari", email="reijo@example.com")


def signed_in(person=None):
    browser = Client()
    browser.force_login(person or factories.ParticipantFactory())
    return browser


def text_of(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def rows_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(row.get_text(" ").split()) for row in soup.select("tbody tr")]


def make_proposal(period, author, text="Osta halpoja kelloja", **fields):
    section = period.guideline.sections.get()
    return GuidelineProposal.objects.create(
        period=period,
        section_key=section.key,
        base_revision_id=period.guideline.live_revision_id,
        base_title=section.title,
        base_text=proposals.section_as_text(section),
        text=text,
        rationale="Selkeämpi.",
        author=author,
        state=fields.pop("state", ModerationState.PUBLISHED),
        **fields,
    )


def proposal_page(guideline, proposal):
    return guideline.url + f"ehdotukset/{proposal.pk}/"


@pytest.mark.django_db
def test_in_a_pre_moderated_period_a_suggested_edit_waits_for_a_moderator(
    moderator_client, guideline, writer
):
    factories.CommentPeriodFactory(guideline=guideline, moderation="before")
    browser = signed_in(writer)
    form = browser.get(guideline.url + f"ehdotus/?kohta={guideline.sections.get().key}")
    assert "Moderaattori tarkistaa muutosehdotuksesi ennen kuin muut näkevät sen." in text_of(form)

    response = browser.post(
        guideline.url + "ehdotus/",
        {
            "section": str(guideline.sections.get().key),
            "text": NEW_TEXT,
            "rationale": "Kaikille samat ehdot.",
        },
        follow=True,
    )

    assert "Kiitos! Muutosehdotuksesi odottaa tarkistusta." in text_of(response)
    proposal = GuidelineProposal.objects.get()
    assert proposal.state == ModerationState.PENDING
    assert "kaikille yhdistyksille" not in text_of(Client().get(guideline.url))
    assert Client().get(proposal_page(guideline, proposal)).status_code == 404
    (row,) = rows_of(moderator_client.get(WAITING))
    assert "Tilat ovat maksuttomia kaikille yhdistyksille." in row
    assert "Muutosehdotus" in row

    moderator_client.post(
        reverse("guidelines_moderation_proposal_action", args=[proposal.pk, "approve"])
    )
    assert "Kaikille samat ehdot." in text_of(Client().get(proposal_page(guideline, proposal)))


@pytest.mark.django_db
def test_a_suggested_edit_is_reported_from_its_page_and_enough_reports_hold_it(
    moderator_client, guideline, period, writer, settings
):
    settings.YHDESSA_REPORTS_TO_HOLD = 2
    proposal = make_proposal(period, writer)
    address = proposal_page(guideline, proposal)
    first = signed_in()
    assert 'id="report-proposal-spam"' in first.get(address).content.decode()
    assert 'id="report-proposal-spam"' not in signed_in(writer).get(address).content.decode()

    sent = first.post(address + "ilmoita/", {"reason": "spam"}, follow=True)
    assert "Kiitos. Moderaattori tarkistaa ilmoittamasi tekstin." in text_of(sent)
    again = first.post(address + "ilmoita/", {"reason": "spam"})
    assert again.status_code == 403
    assert "Olet jo ilmoittanut tästä." in text_of(again)
    assert signed_in().post(address + "ilmoita/", {}).status_code == 400
    signed_in().post(address + "ilmoita/", {"reason": "offensive"})

    proposal.refresh_from_db()
    assert proposal.held_by_reports
    assert Report.objects.count() == 2
    assert Client().get(address).status_code == 404
    assert "Osta halpoja kelloja" not in text_of(Client().get(guideline.url))
    listed = Client().get(f"/api/guidelines/{guideline.pk}/proposals/").json()
    assert listed == []
    (row,) = rows_of(moderator_client.get(REPORTED))
    assert "Osta halpoja kelloja" in row
    assert "Muutosehdotus" in row


@pytest.mark.django_db
def test_a_moderator_hides_a_suggested_edit_and_the_author_is_told_why(
    moderator_client, guideline, period, writer, django_capture_on_commit_callbacks
):
    proposal = make_proposal(period, writer)
    moderated = reverse("guidelines_moderation_proposal", args=[proposal.pk])
    page = text_of(moderator_client.get(moderated))
    assert "Muutosehdotus" in page
    assert "Osta halpoja kelloja" in page
    assert "Piilota sivulta" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("guidelines_moderation_proposal_action", args=[proposal.pk, "hide"]),
            {"reason": "Mainos ei kuulu ohjeeseen."},
        )
    assert response.status_code == 302
    work()

    assert Client().get(proposal_page(guideline, proposal)).status_code == 404
    assert signed_in().get(f"/api/guidelines/proposals/{proposal.pk}/").status_code == 404
    assert "Osta halpoja kelloja" not in text_of(Client().get(guideline.url))
    (message,) = mail.outbox
    assert message.to == ["reijo@example.com"]
    assert "Mainos ei kuulu ohjeeseen." in message.body
    assert "Osta halpoja kelloja" in message.body


@pytest.mark.django_db
def test_the_source_filter_and_tick_boxes_take_suggested_edits_with_comments(
    moderator_client, guideline, period, writer
):
    proposal = make_proposal(period, writer, state=ModerationState.PENDING)
    section = guideline.sections.get()
    GuidelineComment.objects.create(
        period=period,
        section_key=section.key,
        author=writer,
        body="Odottava kommentti",
        state=ModerationState.PENDING,
    )

    only_edits = rows_of(moderator_client.get(WAITING + "?source=guideline_proposal"))
    assert [("Osta halpoja kelloja" in row) for row in only_edits] == [True]
    on_guideline = rows_of(moderator_client.get(WAITING + f"?guideline={guideline.pk}"))
    assert len(on_guideline) == 2
    assert rows_of(moderator_client.get(WAITING + "?q=kelloja")) == only_edits

    boxes = re.findall(
        r'name="items" value="([^"]+)"', moderator_client.get(WAITING).content.decode()
    )
    response = moderator_client.post(
        reverse("core_moderation_comments_bulk"),
        {"items": boxes, "action": "approve", "next": WAITING},
        follow=True,
    )

    assert "Hyväksytty 2" in text_of(response)
    proposal.refresh_from_db()
    assert proposal.state == ModerationState.PUBLISHED
    assert "Osta halpoja kelloja" in text_of(Client().get(proposal_page(guideline, proposal)))


@pytest.mark.django_db
@pytest.mark.parametrize("remove_content", [False, True])
def test_reports_on_suggested_edits_are_in_the_reporters_data_and_go_with_the_edit(
    period, writer, remove_content
):
    proposal = make_proposal(period, writer)
    reporter = factories.ParticipantFactory()
    moderation.report(proposal, reporter, "spam")

    data = json.loads(json.dumps(personal_data.export_data(reporter), default=str))
    assert [r["proposal_id"] for r in data["guideline"]["proposal_reports"]] == [proposal.pk]

    personal_data.erase_user(writer, remove_content=remove_content)
    assert Report.objects.exists() is not remove_content
