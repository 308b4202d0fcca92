"""Participants suggest new wording for a section ("ehdotettu muutos"); others support and
comment on it; staff accept it into a draft revision or decline it with a reason."""

import datetime
import json
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import personal_data
from core.models import ModerationState, Report
from guidelines import proposals
from guidelines.comments import CommentRefused
from guidelines.models import (
    PROPOSAL_MAX_LENGTH,
    GuidelineComment,
    GuidelinePage,
    GuidelineProposal,
    ProposalOutcome,
    ProposalSupport,
)
from tests import factories
from tests.test_email_delivery import work


def visible_text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def guideline(home_page):
    page = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    factories.GuidelineSectionFactory(
        page=page,
        title="Tilat",
        anchor="tilat",
        body="<p>Tilat ovat <b>maksuttomia</b> yhdistyksille.</p><ul><li>Varaa ajoissa.</li></ul>",
    )
    factories.GuidelineSectionFactory(
        page=page, title="Avustukset", anchor="avustukset", body="<p>Haku on maaliskuussa.</p>"
    )
    page.save_revision().publish()
    return GuidelinePage.objects.get(pk=page.pk)


@pytest.fixture
def period(guideline):
    return factories.CommentPeriodFactory(guideline=guideline)


def participant(name="Aino Aktiivinen", email="aino@example.com"):
    person = factories.ParticipantFactory(display_name=name, email=email)
    browser = Client()
    browser.force_login(person)
    return person, browser


def section(guideline, anchor):
    return guideline.sections.get(anchor=anchor)


def propose(browser, guideline, anchor, text, rationale="Iltaisin tarvitaan vuoroja.", key=None):
    return browser.post(
        guideline.url + "ehdotus/",
        {
            "section": str(key or section(guideline, anchor).key),
            "text": text,
            "rationale": rationale,
        },
    )


NEW_TEXT = "Tilat ovat maksuttomia kaikille yhdistyksille.\n\nVaraa ajoissa."


@pytest.mark.django_db
def test_each_section_offers_a_suggested_edit_while_the_period_is_open(guideline, period):
    _person, browser = participant()

    text = visible_text(browser.get(guideline.url))

    assert text.count("Ehdota muutosta") == 2
    period.starts_at = timezone.now() - datetime.timedelta(days=20)
    period.ends_at = timezone.now() - datetime.timedelta(days=1)
    period.save()
    assert "Ehdota muutosta" not in visible_text(browser.get(guideline.url))


@pytest.mark.django_db
def test_the_form_starts_from_the_current_text_and_says_what_formatting_is_kept(guideline, period):
    _person, browser = participant()

    response = browser.get(guideline.url + f"ehdotus/?kohta={section(guideline, 'tilat').key}")

    assert response.status_code == 200
    html = response.content.decode()
    textarea = re.search(r"<textarea[^>]*name=\"text\"[^>]*>(.*?)</textarea>", html, re.S)
    assert textarea.group(1).strip() == "Tilat ovat maksuttomia yhdistyksille.\n\nVaraa ajoissa."
    assert "Vain kappalejako säilyy" in visible_text(response)
    assert '<label for="id_text">Uusi sanamuoto</label>' in html


@pytest.mark.django_db
def test_a_proposal_is_shown_to_everyone_as_a_word_diff_with_its_rationale(guideline, period):
    person, browser = participant()

    response = propose(browser, guideline, "tilat", NEW_TEXT)

    proposal = GuidelineProposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == guideline.url + f"ehdotukset/{proposal.pk}/"
    assert proposal.author == person
    assert proposal.base_revision == guideline.live_revision
    page = Client().get(response["Location"])
    html = page.content.decode()
    assert '<ins><span class="visually-hidden">lisätty: </span>kaikille</ins>' in html
    text = visible_text(page)
    assert "Iltaisin tarvitaan vuoroja." in text
    assert "Kohtaa on muutettu ehdotuksen jälkeen" not in text
    assert "Ehdota muutosta" not in text  # signing in comes first
    assert "Ehdota muutosta" in visible_text(browser.get(response["Location"]))
    listing = visible_text(Client().get(guideline.url))
    assert "Muutosehdotukset (1)" in listing
    assert "Muutosehdotus 1" in listing


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "Kirjoita kohdan uusi sanamuoto."),
        ("x" * (PROPOSAL_MAX_LENGTH + 1), "Uusi sanamuoto voi olla enintään"),
        (
            "Tilat ovat   maksuttomia\nyhdistyksille.\n\n\nVaraa   ajoissa. ",
            "Teksti on sama kuin kohdan nykyinen teksti.",
        ),
        ("Tilat ovat <b>ilmaisia</b>.", "Kirjoita teksti ilman HTML-merkintöjä"),
    ],
)
def test_bad_wording_gets_a_finnish_message_keeps_the_text_and_saves_nothing(
    guideline, period, text, message
):
    _person, browser = participant()

    response = propose(browser, guideline, "tilat", text, rationale="Perustelu pysyy.")

    assert response.status_code == 400
    assert message in visible_text(response)
    assert "Perustelu pysyy." in response.content.decode()
    assert not GuidelineProposal.objects.exists()


@pytest.mark.django_db
def test_outside_the_period_or_on_a_vanished_section_nothing_is_saved(guideline, period):
    _person, browser = participant()
    gone = section(guideline, "avustukset").key
    guideline.sections.filter(key=gone).delete()

    response = propose(browser, guideline, "avustukset", "Uusi teksti.", key=gone)

    assert response.status_code == 400
    assert "Tätä kohtaa ei enää ole ohjeessa." in visible_text(response)
    assert "Uusi teksti." in response.content.decode()
    period.ends_at = timezone.now() - datetime.timedelta(minutes=1)
    period.save()
    response = propose(browser, guideline, "tilat", NEW_TEXT)
    assert response.status_code == 403
    assert "Kommentteja otetaan vastaan vain" in visible_text(response)
    assert "Varaa ajoissa." in response.content.decode()
    assert not GuidelineProposal.objects.exists()


def make_proposal(period, anchor="tilat", author=None, text=NEW_TEXT, **fields):
    guideline = period.guideline
    target = section(guideline, anchor)
    return GuidelineProposal.objects.create(
        period=period,
        section_key=target.key,
        base_revision_id=guideline.live_revision_id,
        base_title=target.title,
        base_text=proposals.section_as_text(target),
        text=text,
        rationale="Selkeämpi.",
        author=author or factories.ParticipantFactory(),
        state=fields.pop("state", ModerationState.PUBLISHED),
        **fields,
    )


@pytest.mark.django_db
def test_participants_support_a_proposal_once_each_but_not_their_own(guideline, period):
    author, author_browser = participant()
    proposal = make_proposal(period, author=author)
    _other, browser = participant("Bertta", "bertta@example.com")
    address = guideline.url + f"ehdotukset/{proposal.pk}/tuki/"

    browser.post(address, {"support": "add"})
    browser.post(address, {"support": "add"})

    proposal.refresh_from_db()
    assert proposal.support_count == ProposalSupport.objects.count() == 1
    text = visible_text(browser.get(guideline.url + f"ehdotukset/{proposal.pk}/"))
    assert "1 henkilö kannattaa tätä" in text
    assert "Peru kannatukseni" in text
    own = author_browser.post(address, {"support": "add"})
    assert own.status_code == 403
    assert "Et voi kannattaa omaa muutosehdotustasi." in visible_text(own)
    browser.post(address, {"support": "remove"})
    proposal.refresh_from_db()
    assert proposal.support_count == ProposalSupport.objects.count() == 0


@pytest.mark.django_db
def test_comments_on_a_proposal_stay_on_the_proposal(guideline, period):
    proposal = make_proposal(period)
    _person, browser = participant("Bertta", "bertta@example.com")

    response = browser.post(
        guideline.url + f"ehdotukset/{proposal.pk}/kommentti/",
        {"section": str(proposal.section_key), "body": "Hyvä ehdotus."},
    )

    comment = GuidelineComment.objects.get()
    assert comment.proposal == proposal
    assert response["Location"].endswith(f"ehdotukset/{proposal.pk}/#comment-{comment.pk}")
    assert "Hyvä ehdotus." in visible_text(
        Client().get(guideline.url + f"ehdotukset/{proposal.pk}/")
    )
    page = visible_text(Client().get(guideline.url))
    assert "Hyvä ehdotus." not in page
    assert "Tilat (0 kommenttia)" in page


@pytest.mark.django_db
def test_staff_accept_a_proposal_into_a_draft_and_the_author_is_told(
    admin_user, guideline, period, django_capture_on_commit_callbacks
):
    author, _browser = participant()
    proposal = make_proposal(period, author=author, text="Tilat ovat maksuttomia <kaikille>.")
    live_before = guideline.live_revision_id

    with django_capture_on_commit_callbacks(execute=True):
        proposals.accept_proposal(proposal, admin_user)
    work()

    guideline.refresh_from_db()
    assert guideline.live_revision_id == live_before
    assert guideline.has_unpublished_changes
    draft = proposal.draft_revision.as_object()
    bodies = {s.anchor: s.body for s in draft.sections.all()}
    assert bodies["tilat"] == "<p>Tilat ovat maksuttomia &lt;kaikille&gt;.</p>"
    assert bodies["avustukset"] == "<p>Haku on maaliskuussa.</p>"
    assert section(guideline, "tilat").body.startswith("<p>Tilat ovat <b>")
    (message,) = mail.outbox
    assert message.to == ["aino@example.com"]
    assert "hyväksynyt muutosehdotuksesi" in message.body
    text = visible_text(Client().get(guideline.url + f"ehdotukset/{proposal.pk}/"))
    assert "Lopputulos: hyväksytty" in text


@pytest.mark.django_db
def test_declining_needs_a_reason_which_the_author_and_readers_see(
    admin_user, guideline, period, django_capture_on_commit_callbacks
):
    author, _browser = participant()
    proposal = make_proposal(period, author=author)

    with pytest.raises(ValidationError):
        proposals.decline_proposal(proposal, admin_user, "  ")
    proposal.refresh_from_db()
    assert proposal.outcome == "open"
    with django_capture_on_commit_callbacks(execute=True):
        proposals.decline_proposal(proposal, admin_user, "Maksuttomuus päätetään talousarviossa.")
    work()

    (message,) = mail.outbox
    assert "Maksuttomuus päätetään talousarviossa." in message.body
    text = visible_text(Client().get(guideline.url + f"ehdotukset/{proposal.pk}/"))
    assert "Lopputulos: hylätty" in text
    assert "Maksuttomuus päätetään talousarviossa." in text
    with pytest.raises(CommentRefused):
        proposals.accept_proposal(proposal, admin_user)


@pytest.mark.django_db
def test_only_staff_who_may_edit_the_guideline_decide(guideline, period):
    proposal = make_proposal(period)
    staff_without_rights = factories.ParticipantFactory(is_staff=True)

    assert not proposals.can_decide_proposal(proposal, staff_without_rights)
    with pytest.raises(CommentRefused):
        proposals.accept_proposal(proposal, staff_without_rights)
    assert not guideline.revisions.exclude(pk=guideline.live_revision_id).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("state", [ModerationState.PENDING, ModerationState.HIDDEN, "held"])
def test_a_suggested_edit_nobody_can_read_is_moderated_before_it_is_decided(
    admin_user, admin_client, guideline, period, state
):
    held = state == "held"
    proposal = make_proposal(
        period, state=ModerationState.PUBLISHED if held else state, held_by_reports=held
    )

    refusal = proposals.decide_refusal(proposal, admin_user)
    with pytest.raises(CommentRefused):
        proposals.accept_proposal(proposal, admin_user)

    assert refusal.code == "not_visible"
    assert "moderoi" in str(refusal.message).lower()
    # The decision page says so and leads to the moderation page instead of offering buttons.
    page = admin_client.get(reverse("guidelines_proposal", args=[proposal.pk]))
    assert "Hyväksy luonnokseen" not in page.content.decode()
    assert reverse("guidelines_moderation_proposal", args=[proposal.pk]) in page.content.decode()
    assert not guideline.revisions.exclude(pk=guideline.live_revision_id).exists()
    proposal.refresh_from_db()
    assert proposal.outcome == ProposalOutcome.OPEN


@pytest.mark.django_db
def test_a_proposal_on_an_old_version_keeps_its_diff_and_warns(guideline, period):
    proposal = make_proposal(period)
    draft = guideline.get_latest_revision_as_object()
    edited = list(draft.sections.all())
    edited[0].body = "<p>Tilat maksavat 10 euroa tunnilta.</p>"
    draft.sections = edited
    draft.save_revision().publish()

    response = Client().get(guideline.url + f"ehdotukset/{proposal.pk}/")

    text = visible_text(response)
    assert "Kohtaa on muutettu ehdotuksen jälkeen." in text
    assert "Lue kohdan nykyinen teksti" in text
    assert "10 euroa" not in text
    assert "lisätty: kaikille" in text


@pytest.mark.django_db
def test_once_its_draft_is_published_an_accepted_proposal_says_in_which_version(
    admin_user, guideline, period
):
    proposal = make_proposal(period)
    proposals.accept_proposal(proposal, admin_user)
    address = guideline.url + f"ehdotukset/{proposal.pk}/"
    assert "tulee julkiseksi ohjeen seuraavan version myötä" in visible_text(Client().get(address))

    # The editor publishes the draft (as version 2, after the fixture's version 1).
    draft = proposal.draft_revision.as_object()
    draft.change_summary = "Tilat maksuttomia kaikille."
    draft.save_revision(user=admin_user).publish(user=admin_user)
    response = Client().get(address)

    text = visible_text(response)
    assert "Sen sanamuoto julkaistiin ohjeen versiossa 2." in text
    assert 'href="/ohje/versiot/2/"' in response.content.decode()
    # The section changed because of this very proposal: no warning that it changed since.
    assert "Kohtaa on muutettu ehdotuksen jälkeen." not in text
    assert "seuraavan version myötä" not in text

    # A later version rewords the section again: now it has changed since, and says so.
    later = GuidelinePage.objects.get(pk=guideline.pk).get_latest_revision_as_object()
    edited = list(later.sections.all())
    edited[0].body = "<p>Tilat maksavat 10 euroa tunnilta.</p>"
    later.sections = edited
    later.change_summary = "Tilat maksullisia."
    later.save_revision().publish()
    text = visible_text(Client().get(address))
    assert "Sen sanamuoto julkaistiin ohjeen versiossa 2." in text
    assert "Kohtaa on muutettu ehdotuksen jälkeen." in text


@pytest.mark.django_db
def test_a_hidden_or_someone_elses_pending_proposal_is_not_shown(guideline, period):
    hidden = make_proposal(period, state=ModerationState.HIDDEN)
    author, browser = participant()
    pending = make_proposal(period, author=author, state=ModerationState.PENDING)

    assert Client().get(guideline.url + f"ehdotukset/{hidden.pk}/").status_code == 404
    assert Client().get(guideline.url + f"ehdotukset/{pending.pk}/").status_code == 404
    own = browser.get(guideline.url + f"ehdotukset/{pending.pk}/")
    assert own.status_code == 200
    assert "Odottaa moderointia" in visible_text(own)
    assert "Muutosehdotukset" not in visible_text(Client().get(guideline.url))


@pytest.mark.django_db
def test_staff_see_the_diff_and_accept_in_the_admin_then_find_the_draft(
    admin_client, guideline, period
):
    proposal = make_proposal(period)

    listing = admin_client.get(reverse("guidelines_proposals"))
    assert "Tilat" in visible_text(listing)
    page = admin_client.get(reverse("guidelines_proposal", args=[proposal.pk]))
    assert '<ins><span class="visually-hidden">lisätty: </span>kaikille</ins>' in (
        page.content.decode()
    )
    response = admin_client.post(
        reverse("guidelines_proposal_action", args=[proposal.pk, "accept"]), {"reason": ""}
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.outcome == "accepted"
    after = admin_client.get(response["Location"])
    html = after.content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[guideline.pk]) in html
    assert (
        reverse(
            "wagtailadmin_pages:revisions_view", args=[guideline.pk, proposal.draft_revision_id]
        )
        in html
    )
    assert "Hyväksytty. Uusi sanamuoto on ohjeen luonnoksessa" in visible_text(after)


@pytest.mark.django_db
def test_declining_in_the_admin_without_a_reason_changes_nothing(admin_client, period):
    proposal = make_proposal(period)

    response = admin_client.post(
        reverse("guidelines_proposal_action", args=[proposal.pk, "decline"]), {"reason": " "}
    )

    assert response.status_code == 400
    assert "Kerro perustelu; kirjoittaja ja kaikki lukijat näkevät sen." in visible_text(response)
    proposal.refresh_from_db()
    assert proposal.outcome == "open"


@pytest.mark.django_db
def test_staff_without_edit_permission_cannot_accept_in_the_admin(moderator_client, period):
    proposal = make_proposal(period)

    page = moderator_client.get(reverse("guidelines_proposal", args=[proposal.pk]))
    assert "Hyväksy luonnokseen" not in visible_text(page)
    response = moderator_client.post(
        reverse("guidelines_proposal_action", args=[proposal.pk, "accept"]), {"reason": ""}
    )

    assert response.status_code == 400
    assert "Muutosehdotuksista päättävät vain" in visible_text(response)
    proposal.refresh_from_db()
    assert proposal.outcome == "open"
    assert proposal.draft_revision is None


@pytest.mark.django_db
def test_a_persons_data_download_holds_their_proposals_and_supports(period):
    person = factories.ParticipantFactory()
    own = make_proposal(period, author=person)
    other = make_proposal(period, anchor="avustukset", text="Haku on syksyllä.")
    ProposalSupport.objects.create(proposal=other, participant=person)

    data = json.loads(json.dumps(personal_data.export_data(person), default=str))

    assert [p["id"] for p in data["guideline"]["proposals"]] == [own.pk]
    assert data["guideline"]["proposals"][0]["text"] == NEW_TEXT
    assert [s["proposal_id"] for s in data["guideline"]["proposal_supports"]] == [other.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("remove_content", [False, True])
def test_erasure_takes_supports_and_the_persons_proposals(period, remove_content):
    person = factories.ParticipantFactory()
    own = make_proposal(period, author=person)
    GuidelineComment.objects.create(
        period=period,
        proposal=own,
        section_key=own.section_key,
        author=factories.ParticipantFactory(),
        body="Kommentti ehdotukseen.",
        state=ModerationState.PUBLISHED,
    )
    other = make_proposal(period, anchor="avustukset", text="Haku on syksyllä.")
    ProposalSupport.objects.create(proposal=other, participant=person)
    GuidelineProposal.objects.filter(pk=other.pk).update(support_count=1)

    personal_data.erase_user(person, remove_content=remove_content)

    other.refresh_from_db()
    assert other.support_count == 0 == ProposalSupport.objects.count()
    if remove_content:
        assert not GuidelineProposal.objects.filter(pk=own.pk).exists()
        assert not GuidelineComment.objects.exists()
    else:
        own.refresh_from_db()
        assert own.author is None


@pytest.mark.django_db
def test_a_comment_on_a_proposal_is_reported_from_the_proposals_page(guideline, period):
    proposal = make_proposal(period)
    comment = GuidelineComment.objects.create(
        period=period,
        proposal=proposal,
        section_key=proposal.section_key,
        author=factories.ParticipantFactory(),
        body="Mainos.",
        state=ModerationState.PUBLISHED,
    )
    _person, browser = participant()
    address = guideline.url + f"ehdotukset/{proposal.pk}/"

    page = browser.get(address).content.decode()
    assert f'id="report-{comment.pk}-spam"' in page
    response = browser.post(guideline.url + f"ilmoita/{comment.pk}/", {"reason": "spam"})

    assert response["Location"] == address + f"#comment-{comment.pk}"
    assert Report.objects.count() == 1
