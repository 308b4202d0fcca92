"""The guideline written together, in a real browser: staff open a comment period, two
participants comment on different sections (one with JavaScript off), staff answer both
and conclude the period, and the summary page lists both answers. axe-core checks the
guideline page in each state and the summary page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from guidelines.models import CommentPeriod, GuidelineComment, GuidelinePage
from tests import factories
from tests.browser.helpers import assert_accessible, path_of

pytestmark = pytest.mark.browser

STAFF_EMAIL = "viestinta@jarvela.example"
STAFF_PASSWORD = "Ohjeen-kirjoitus-9"
ON_PREMISES = "Kokoustilat voisivat olla maksuttomia myös lauantaisin."
ON_GRANTS = "Kohdeavustuksille toivotaan kahta hakuaikaa."
ANSWER_PREMISES = "Lauantait lisätään maksuttomiin aikoihin."
ANSWER_GRANTS = "Hakuaikoja pysyy yksi, mutta se pitenee."


@pytest.fixture
def guideline(demo):
    """The demo guideline, before any comment period (the demo's own is removed)."""
    page = GuidelinePage.objects.live().get()
    CommentPeriod.objects.filter(guideline=page).delete()
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


def answer(page, demo, text, outcome, reason):
    written = GuidelineComment.objects.get(body=text)
    page.goto(demo + f"/admin/guidelines/moderation/comment/{written.pk}/")
    region = page.get_by_role("region", name="Kunnan vastaus")
    region.get_by_label(outcome, exact=True).check()
    region.get_by_label("Syy").fill(reason)
    region.get_by_role("button", name="Tallenna vastaus").click()
    expect(page.get_by_text("tallennettu", exact=False).first).to_be_visible()


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


def test_the_guideline_is_commented_answered_and_concluded(demo, new_context, guideline, staff):
    aino = factories.ParticipantFactory(display_name="Aino Aktiivinen")
    mikko = factories.ParticipantFactory(display_name="Mikko Mukana")
    admin = new_context().new_page()
    admin_sign_in(admin, demo)
    open_period(admin, demo, guideline)

    visitor = new_context().new_page()
    visitor.goto(demo + path_of(guideline))
    expect(visitor.get_by_text("Kommentointi on auki", exact=False)).to_be_visible()
    assert_accessible(visitor)

    comment(new_context().new_page(), demo, guideline, "tilat", "Tilat", ON_PREMISES, aino.email)
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

    answer(admin, demo, ON_PREMISES, "Otettu huomioon", ANSWER_PREMISES)
    answer(admin, demo, ON_GRANTS, "Osittain huomioon", ANSWER_GRANTS)
    conclude(admin, demo)

    visitor.goto(demo + path_of(guideline))
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
