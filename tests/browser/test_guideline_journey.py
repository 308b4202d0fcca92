"""The guideline written together, in a real browser: issue 9's "Done when" journey.

Staff open a comment period; two participants comment on different sections (one with
JavaScript off); one of them suggests new wording for a third section; staff answer both
comments and accept the suggestion into a draft; the editor publishes that draft with a
change summary as version 2; the public comparison of versions 1 and 2 shows that section
changed and nothing else; staff conclude the period and the summary page lists both
answers. axe-core checks every new page and state on the way.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from guidelines.models import (
    CommentPeriod,
    GuidelineComment,
    GuidelinePage,
    GuidelineVersion,
)
from tests import factories
from tests.browser.helpers import assert_accessible, on_default_site, path_of

pytestmark = pytest.mark.browser

STAFF_EMAIL = "viestinta@jarvela.example"
STAFF_PASSWORD = "Ohjeen-kirjoitus-9"
ON_PREMISES = "Kokoustilat voisivat olla maksuttomia myös lauantaisin."
ON_GRANTS = "Kohdeavustuksille toivotaan kahta hakuaikaa."
ANSWER_PREMISES = "Lauantait lisätään maksuttomiin aikoihin."
ANSWER_GRANTS = "Hakuaikoja pysyy yksi, mutta se pitenee."
# The suggested edit: the section on updating the guideline, one phrase reworded.
UPDATING = "ohjeen-paivittaminen"
OLD_WORDS = "kerran valtuustokaudessa"
NEW_WORDS = "joka toinen vuosi"
RATIONALE = "Valtuustokausi on liian pitkä väli, yhdistysten tilanne muuttuu nopeammin."
CHANGE_SUMMARY = "Ohje tarkistetaan joka toinen vuosi. Muut kohdat ennallaan."


@pytest.fixture
def guideline(demo):
    """The demo guideline as its adopted version 1, before any comment period.

    The demo already has a version 2 (made from an accepted suggested edit), an open comment
    period and suggested edits. The issue's journey compares "version 1" with the version 2
    that the journey itself publishes, so the demo's periods (with their comments and
    suggested edits) and its versions are removed, and version 1's text is published again
    as a new revision: that is now the only version and the latest revision, the one an
    accepted suggestion starts its draft from.
    """
    page = on_default_site(GuidelinePage).get()
    adopted = page.versions.get(number=1).revision.as_object()
    CommentPeriod.objects.filter(guideline=page).delete()
    GuidelineVersion.objects.filter(page=page).delete()
    adopted.save_revision().publish()
    page = GuidelinePage.objects.get(pk=page.pk)
    assert list(page.versions.values_list("number", flat=True)) == [1]
    return page


@pytest.fixture
def staff(demo):
    return User.objects.create_superuser(email=STAFF_EMAIL, password=STAFF_PASSWORD)


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def admin_sign_in(page, demo):
    page.goto(demo + "/admin/")
    page.get_by_label("Sähköpostiosoite").fill(STAFF_EMAIL)
    page.get_by_placeholder("Syötä salasana").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()


def rich_text(page, name, text):
    """Type into the Draftail editor of the rich text field `name`."""
    editor = page.locator(f"#id_{name}").locator("xpath=..").locator("[contenteditable=true]")
    editor.click()
    editor.type(text)
    # Draftail writes the field's hidden input after a short pause in typing.
    expect(page.locator(f"#id_{name}")).to_have_value(re.compile(re.escape(text)))


def saved(page):
    """The form was accepted: back on the list of periods, no error shown."""
    page.wait_for_load_state()
    errors = page.locator("[data-field-wrapper]:has(.error-message)").evaluate_all(
        "els => els.map(e => e.innerText.slice(0, 80))"
    )
    assert page.url.endswith("/commentperiod/"), f"not saved: {errors} at {page.url}"


def open_period(page, demo, guideline):
    now = timezone.now()
    page.goto(demo + "/admin/snippets/guidelines/commentperiod/add/")
    page.get_by_role("combobox", name="Ohje").select_option(label=guideline.title)
    page.get_by_label("Kommentointi alkaa").fill(local(now - datetime.timedelta(hours=1)))
    page.get_by_label("Kommentointi päättyy").fill(local(now + datetime.timedelta(days=14)))
    page.get_by_label("Vastine luvataan viimeistään").fill(
        (now + datetime.timedelta(days=40)).date().isoformat()
    )
    rich_text(page, "intro", "Kertokaa, riittävätkö tilat.")
    page.get_by_role("button", name="Tallenna").first.click()
    saved(page)


def sign_in(page, email):
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Salasana", exact=True).fill(factories.PARTICIPANT_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Kirjaudu sisään").click()


def comment(page, demo, guideline, anchor, title, text, email, check_accessibility=True):
    page.goto(demo + path_of(guideline))
    page.locator(f"#comment-form-{anchor}").get_by_role(
        "link", name="Kirjaudu sisään kommentoidaksesi"
    ).click()
    sign_in(page, email)
    section = page.locator(f"#{anchor}")
    expect(section.get_by_role("link", name="Kommentoi tätä kohtaa")).to_be_visible()
    section.get_by_role("textbox", name="Kommentti", exact=True).fill(text)
    section.get_by_role("button", name="Lähetä kommentti").click()
    expect(page.get_by_text("Kiitos! Kommenttisi on julkaistu.")).to_be_visible()
    expect(page.locator(f"#{anchor} .comments")).to_contain_text(text)
    # axe runs as a script in the page: without JavaScript the visitor's check below covers it.
    if check_accessibility:
        assert_accessible(page)
    return page


def answer(page, demo, text, outcome, reason):
    written = GuidelineComment.objects.get(body=text)
    page.goto(demo + f"/admin/guidelines/moderation/comment/{written.pk}/")
    region = page.get_by_role("region", name="Kunnan vastaus")
    region.get_by_label(outcome, exact=True).check()
    region.get_by_label("Syy").fill(reason)
    region.get_by_role("button", name="Tallenna vastaus").click()
    expect(page.get_by_text("tallennettu", exact=False).first).to_be_visible()


def propose(page, demo, guideline, anchor):
    """A signed-in participant rewords a section from its "Ehdota muutosta" action."""
    page.goto(demo + path_of(guideline))
    page.locator(f"#{anchor}").get_by_role("link", name="Ehdota muutosta").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ehdota muutosta")
    wording = page.get_by_label("Uusi sanamuoto")
    # The form starts from the section's current text.
    expect(wording).to_have_value(re.compile(OLD_WORDS))
    assert_accessible(page)
    wording.fill(wording.input_value().replace(OLD_WORDS, NEW_WORDS))
    page.get_by_label("Miksi sanamuotoa pitäisi muuttaa?").fill(RATIONALE)
    page.get_by_role("button", name="Lähetä muutosehdotus").click()
    expect(page.get_by_text("Kiitos! Muutosehdotuksesi on julkaistu.")).to_be_visible()
    diff = page.get_by_role("region", name=re.compile("Ehdotettu sanamuoto"))
    expect(diff.locator("ins")).to_contain_text(NEW_WORDS)
    expect(diff.locator("del")).to_contain_text(OLD_WORDS)
    assert_accessible(page)
    return page.url


def accept(page, demo, section_title):
    """Staff accept the suggested edit from the admin's list of suggested edits."""
    page.goto(demo + "/admin/")
    page.get_by_role("link", name="Muutosehdotukset").first.click()
    page.get_by_role("link", name=section_title, exact=True).click()
    page.get_by_role("button", name="Hyväksy luonnokseen").click()
    expect(page.get_by_text("Hyväksytty.", exact=False).first).to_be_visible()


def publish_draft(page, guideline, summary):
    """The editor opens the draft in the page editor and publishes it, which needs a summary."""
    page.get_by_role("link", name="Tarkista ja julkaise sivueditorissa").click()
    # The editor starts from the draft the acceptance wrote.
    expect(page.locator("[contenteditable=true]", has_text=NEW_WORDS)).to_have_count(1)
    summary_field = page.get_by_label("Mitä tässä versiossa muuttui")
    # It starts empty: version 1's summary describes version 1.
    expect(summary_field).to_have_value("")
    publish(page)
    expect(
        page.get_by_text("Kerro ennen julkaisemista, mitä tässä versiossa muuttui.")
    ).to_be_visible()
    assert list(guideline.versions.values_list("number", flat=True)) == [1]
    summary_field.fill(summary)
    publish(page)
    expect(page.locator(".messages")).to_contain_text("julkaistu")


def publish(page):
    """The page editor's "Julkaise", under the footer's "Lisää toimintoja"."""
    page.locator("footer").get_by_role("button", name="Lisää toimintoja").click()
    page.get_by_role("button", name="Julkaise").click()
    page.wait_for_load_state()


def conclude(page, demo):
    period = CommentPeriod.objects.get()
    now = timezone.now()
    page.goto(demo + f"/admin/snippets/guidelines/commentperiod/edit/{period.pk}/")
    page.get_by_label("Kommentointi alkaa").fill(local(now - datetime.timedelta(days=20)))
    page.get_by_label("Kommentointi päättyy").fill(local(now - datetime.timedelta(minutes=5)))
    rich_text(page, "response", "Kiitos kommenteista.")
    page.get_by_label("Julkaise vastine ja päätä jakso").check()
    page.get_by_role("button", name="Tallenna").first.click()
    saved(page)


def compare_latest_versions(page, demo, guideline, changed_title):
    """The public comparison of the two latest versions: only the reworded section changed."""
    page.goto(demo + path_of(guideline) + "versiot/")
    expect(page.locator("main")).to_contain_text(CHANGE_SUMMARY)
    expect(page.get_by_label("Vanhempi versio")).to_have_value("1")
    expect(page.get_by_label("Uudempi versio")).to_have_value("2")
    page.get_by_role("button", name="Vertaa").click()
    expect(page).to_have_url(demo + path_of(guideline) + "versiot/1/vertaa/2/")
    others = guideline.sections.count() - 1
    expect(page.locator(".compare-summary")).to_have_text(
        f"1 kohta muuttui, {others} kohtaa ennallaan"
    )
    changed = page.locator("section.section-change")
    expect(changed).to_have_count(1)
    expect(changed.get_by_role("heading")).to_contain_text(changed_title)
    expect(changed.locator("del")).to_contain_text(OLD_WORDS)
    expect(changed.locator("ins")).to_contain_text(NEW_WORDS)
    expect(page.locator("details.section-change--unchanged")).to_have_count(others)
    assert_accessible(page)


def test_the_guideline_is_written_together_from_comments_to_version_2(
    demo, new_context, guideline, staff
):
    aino = factories.ParticipantFactory(display_name="Aino Aktiivinen")
    mikko = factories.ParticipantFactory(display_name="Mikko Mukana")
    admin = new_context().new_page()
    admin_sign_in(admin, demo)
    open_period(admin, demo, guideline)

    visitor = new_context().new_page()
    visitor.goto(demo + path_of(guideline))
    expect(visitor.get_by_text("Kommentointi on auki", exact=False)).to_be_visible()
    assert_accessible(visitor)

    aino_page = comment(
        new_context().new_page(), demo, guideline, "tilat", "Tilat", ON_PREMISES, aino.email
    )
    comment(
        new_context(java_script_enabled=False).new_page(),
        demo,
        guideline,
        "avustukset",
        "Tuen muodot: avustukset",
        ON_GRANTS,
        mikko.email,
        check_accessibility=False,
    )
    updating = guideline.sections.get(anchor=UPDATING)
    proposal_url = propose(aino_page, demo, guideline, UPDATING)

    answer(admin, demo, ON_PREMISES, "Otettu huomioon", ANSWER_PREMISES)
    answer(admin, demo, ON_GRANTS, "Osittain huomioon", ANSWER_GRANTS)
    accept(admin, demo, updating.title)
    # The acceptance wrote a draft: the admin shows it with the new words, the site does not.
    admin.get_by_role("link", name="Katso siitä tehty luonnos").click()
    expect(admin.locator(f"#{UPDATING}")).to_contain_text(NEW_WORDS)
    admin.go_back()
    visitor.goto(demo + path_of(guideline))
    expect(visitor.locator(f"#{UPDATING}")).to_contain_text(OLD_WORDS)
    expect(visitor.locator(f"#{UPDATING}")).not_to_contain_text(NEW_WORDS)

    publish_draft(admin, guideline, CHANGE_SUMMARY)
    assert list(guideline.versions.values_list("number", flat=True)) == [1, 2]
    compare_latest_versions(visitor, demo, guideline, updating.title)

    visitor.goto(proposal_url)
    outcome = visitor.get_by_role("region", name=re.compile("Lopputulos"))
    expect(outcome.get_by_role("heading")).to_contain_text("hyväksytty")
    expect(outcome).to_contain_text("Sen sanamuoto julkaistiin ohjeen versiossa 2.")
    expect(visitor.get_by_text("Kohtaa on muutettu ehdotuksen jälkeen.")).to_have_count(0)
    assert_accessible(visitor)

    conclude(admin, demo)

    visitor.goto(demo + path_of(guideline))
    expect(visitor.locator(f"#{UPDATING}")).to_contain_text(NEW_WORDS)
    expect(visitor.get_by_text("Kommentoi tätä kohtaa")).to_have_count(0)
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Jokainen kommentti vastauksineen").click()
    summary = visitor.get_by_role("main")
    expect(summary).to_contain_text("1 kommentti otettiin huomioon")
    expect(summary).to_contain_text("1 kommentti otettiin osittain huomioon")
    expect(summary.get_by_role("region", name="Tilat")).to_contain_text(ANSWER_PREMISES)
    expect(summary.get_by_role("region", name="Tuen muodot: avustukset")).to_contain_text(
        ANSWER_GRANTS
    )
    assert_accessible(visitor)
