"""An idea's whole life on a pre-moderated wall, in a real browser, as the people see it.

A volunteer creates an account and confirms it from the e-mail, posts an idea that
waits for a moderator, a moderator approves it in the Wagtail admin, another
participant votes and comments (with JavaScript, without a page reload), and the
city answers: the author sees the new status and the answer, and gets an e-mail
once the background worker has run. axe-core checks every kind of page on the way.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from associations.models import Representation
from associations.representatives import decision_url
from core.models import ModerationRule
from ideas.models import VOTING_CLOSED_STATUSES, Idea, IdeaWallPage
from tests import factories
from tests.browser.helpers import assert_accessible, on_default_site, path_of

pytestmark = pytest.mark.browser

AUTHOR_EMAIL = "aino.aktiivinen@kylayhdistys.example"
AUTHOR_NAME = "Aino A."
AUTHOR_PASSWORD = "Kesä-ilta-järvellä-7"
MODERATOR_EMAIL = "moderaattori@jarvela.example"
MODERATOR_PASSWORD = "Moderointi-vuoro-3"
IDEA_TITLE = "Lainattava äänentoistolaitteisto yhdistysten tapahtumiin"
IDEA_BODY = (
    "Kunta voisi hankkia kaiuttimet ja mikrofonit.\nYhdistykset lainaisivat niitä kirjastosta."
)
COMMENT = "Hyvä idea! Meidän seura tarvitsisi niitä kesän otteluihin."
ANSWER = "Laitteisto hankitaan ensi vuonna, ja sen voi varata kirjastosta."


# --- The people and the wall ----------------------------------------------------------


@pytest.fixture
def wall(demo):
    """The demo's idea wall, set by staff to hold every idea and comment for approval."""
    wall = on_default_site(IdeaWallPage).get(slug="ideaseina")
    wall.moderation_rule = ModerationRule.BEFORE
    wall.save_revision().publish()
    return wall


@pytest.fixture
def moderator(demo):
    """A member of the city's staff in the "Moderaattorit" group."""
    user = User.objects.create_user(
        email=MODERATOR_EMAIL,
        password=MODERATOR_PASSWORD,
        display_name="Maija Moderaattori",
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name="Moderaattorit"))
    return user


def header(page):
    return page.get_by_role("navigation", name="Käyttäjätili")


def sign_in(page, email, password):
    """The participants' sign-in form; it returns to the page the person came from."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu sisään")
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Salasana", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name="Kirjaudu sisään").click()


def mail_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def path_in(message):
    """The site address in an e-mail, as a path on the live server."""
    link = re.search(r"https?://\S+", message.body).group(0)
    parts = urlsplit(link)
    return parts.path


def votes(count):
    return "1 ääni" if count == 1 else f"{count} ääntä"


def stays_on_the_same_page(page):
    """Mark the document; a reload or a navigation would lose the mark."""
    page.evaluate("window.__sameDocument = true")

    def check():
        assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
        assert page.evaluate("performance.getEntriesByType('navigation').length") == 1

    return check


# --- The journey, step by step --------------------------------------------------------


def sign_up_and_confirm(page, demo, wall):
    """From the wall to a confirmed account, back on the wall and signed in."""
    page.goto(demo + path_of(wall))
    expect(page.get_by_text("Kirjaudu sisään, niin voit jättää ideoita")).to_be_visible()
    header(page).get_by_role("link", name="Luo tunnus").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Luo tunnus")
    assert_accessible(page)
    page.get_by_label("Sähköposti").fill(AUTHOR_EMAIL)
    page.get_by_label("Nimi, joka näkyy ideoidesi ja kommenttiesi yhteydessä").fill(AUTHOR_NAME)
    page.get_by_label("Salasana", exact=True).fill(AUTHOR_PASSWORD)
    page.get_by_label("Salasana (uudestaan)").fill(AUTHOR_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Luo tunnus").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tarkista sähköpostisi")
    expect(header(page).get_by_role("link", name="Kirjaudu sisään")).to_be_visible()

    (confirmation,) = mail_to(AUTHOR_EMAIL)
    assert confirmation.subject == "Yhdessä: Vahvista sähköpostiosoitteesi"
    page.goto(demo + path_in(confirmation))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vahvista sähköpostiosoitteesi")
    expect(
        page.get_by_text(f"Vahvista, että {AUTHOR_EMAIL} on sähköpostiosoitteesi.")
    ).to_be_visible()
    page.get_by_role("button", name="Vahvista").click()

    expect(page).to_have_url(demo + path_of(wall))
    expect(header(page)).to_contain_text(AUTHOR_NAME)
    expect(header(page).get_by_role("link", name="Oma profiili")).to_be_visible()


def represent_association(page, contact, demo, wall, association):
    """On the profile the volunteer asks to represent their association; its contact
    person confirms from the e-mailed link; then back to the wall."""
    header(page).get_by_role("link", name="Oma profiili").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oma profiili")
    expect(
        page.get_by_label("Nimi, joka näkyy ideoidesi ja kommenttiesi yhteydessä")
    ).to_have_value(AUTHOR_NAME)
    expect(page.get_by_role("main")).to_contain_text(AUTHOR_EMAIL)
    page.get_by_role("combobox", name="Yhdistys").select_option(label=association.name)
    page.get_by_role("button", name="Lähetä pyyntö").click()
    expect(page.get_by_text("Pyyntösi on lähetetty yhdistyksen yhteyshenkilölle.")).to_be_visible()
    assert_accessible(page)

    request = Representation.objects.get(user__email=AUTHOR_EMAIL)
    contact.goto(demo + urlsplit(decision_url(request)).path)
    assert_accessible(contact)
    contact.get_by_role("button", name=f"Vahvista: {AUTHOR_NAME} edustaa yhdistystä").click()
    expect(contact.get_by_text(f"{AUTHOR_NAME} edustaa nyt yhdistystä")).to_be_visible()
    page.goto(demo + path_of(wall))


def post_idea(page, column):
    """The author posts an idea; returns the address of its own page."""
    page.get_by_text("Jätä idea", exact=True).click()
    form = page.locator("details").filter(has_text="Jätä idea")
    expect(form.get_by_text("Moderaattori tarkistaa ideasi")).to_be_visible()
    assert_accessible(page)  # the wall, with the post form open
    form.get_by_label("Otsikko").fill(IDEA_TITLE)
    form.get_by_label("Ideasi").fill(IDEA_BODY)
    form.get_by_label("Sarake").select_option(label=column.name)
    form.get_by_role("button", name="Lähetä idea").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(IDEA_TITLE)
    expect(
        page.get_by_text(
            "Kiitos! Ideasi odottaa tarkistusta. Se näkyy seinällä, kun moderaattori on "
            "hyväksynyt sen."
        )
    ).to_be_visible()
    expect(page.get_by_text("Odottaa tarkistusta.", exact=True)).to_be_visible()
    return urlsplit(page.url).path


def approve_in_the_admin(page, demo):
    """The moderator opens the queue from the Moderointi menu and approves the idea."""
    page.goto(demo + "/admin/")
    page.get_by_label("Sähköpostiosoite").fill(MODERATOR_EMAIL)
    # Wagtail's sign-in form labels this field "Password" in every language; its hint is Finnish.
    page.get_by_placeholder("Syötä salasana").fill(MODERATOR_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()

    page.get_by_role("button", name="Moderointi").click()
    page.get_by_role("link", name="Moderointia odottavat ideat").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Moderointia odottavat ideat")
    row = page.get_by_role("row").filter(has_text=IDEA_TITLE)
    expect(row).to_contain_text(AUTHOR_NAME)
    row.get_by_role("link", name="Moderoi").click()

    expect(page.get_by_role("heading", name=IDEA_TITLE, exact=True)).to_be_visible()
    page.get_by_role("button", name="Hyväksy ja näytä seinällä").click()
    expect(page.get_by_text(f"Hyväksytty: ”{IDEA_TITLE}” näkyy nyt seinällä.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=IDEA_TITLE)).to_have_count(0)


def vote_and_comment(page):
    """With JavaScript: the vote and the comment show at once, without leaving the page."""
    same_page = stays_on_the_same_page(page)
    vote = page.get_by_role("main").get_by_role("button", name="Äänestä")
    expect(page.locator("main [data-vote-count]")).to_have_text("0 ääntä")
    with page.expect_response(lambda r: r.request.method == "POST" and "/aani/" in r.url) as sent:
        vote.click()
    assert sent.value.headers["content-type"] == "application/json"
    expect(page.locator("main [data-vote-count]")).to_have_text("1 ääni")
    withdraw = page.get_by_role("main").get_by_role("button", name="Peru ääni")
    expect(withdraw).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-idea-live]")).to_have_text("Äänesi on laskettu. 1 ääni")
    same_page()

    page.get_by_role("textbox", name="Kommentti", exact=True).fill(COMMENT)
    with page.expect_response(lambda r: r.request.method == "POST" and "/kommentti/" in r.url):
        page.get_by_role("button", name="Lähetä kommentti").click()
    comment = page.locator(".comments > li").filter(has_text=COMMENT)
    expect(comment).to_contain_text("Odottaa tarkistusta: vain sinä näet tämän kommentin")
    expect(page.get_by_role("textbox", name="Kommentti", exact=True)).to_have_value("")
    expect(page.locator("[data-idea-live]")).to_have_text(
        "Kiitos! Kommenttisi odottaa tarkistusta. Muut näkevät sen, kun moderaattori on "
        "hyväksynyt sen."
    )
    same_page()


def approve_comment_and_answer(page):
    """The moderator approves the comment from its queue, then answers the idea."""
    page.get_by_role("button", name="Moderointi").click()
    page.get_by_role("link", name="Moderointia odottavat kommentit").click()
    row = page.get_by_role("row").filter(has_text=COMMENT)
    row.get_by_role("button", name="Hyväksy").click()
    expect(page.get_by_text("näkyy nyt seinällä")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=COMMENT)).to_have_count(0)

    page.get_by_role("button", name="Moderointi").click()
    page.get_by_role("link", name="Kaikki ideat").click()
    page.get_by_role("row").filter(has_text=IDEA_TITLE).get_by_role("link", name="Moderoi").click()
    decision = page.get_by_role("region", name="Tila ja kunnan vastaus")
    decision.get_by_role("combobox", name="Tila").select_option(label="Suunnitteilla")
    decision.get_by_role("textbox", name="Kunnan vastaus").fill(ANSWER)
    decision.get_by_role("button", name="Tallenna tila ja vastaus").click()
    expect(page.get_by_text(f"Idean ”{IDEA_TITLE}” tila ja vastaus tallennettu.")).to_be_visible()


# --- The test ---------------------------------------------------------------------------


def test_idea_goes_from_sign_up_through_moderation_to_the_citys_answer(
    demo, new_context, wall, moderator
):
    association = factories.AssociationFactory(name="Järvelän Latu ry")
    column = wall.columns.order_by("sort_order").first()
    author = new_context().new_page()
    anonymous = new_context().new_page()
    staff = new_context().new_page()
    voter_account = factories.ParticipantFactory(display_name="Kalle Kyläläinen")
    voter = new_context().new_page()

    # 1. A volunteer creates an account from the wall and confirms it from the e-mail.
    sign_up_and_confirm(author, demo, wall)
    represent_association(author, anonymous, demo, wall, association)

    # 2. They post an idea; it waits for a moderator, and nobody else sees it yet.
    idea_path = post_idea(author, column)
    author.goto(demo + path_of(wall))
    pending = author.get_by_role("region", name="Tarkistusta odottavat ideasi")
    expect(pending.get_by_role("link", name=IDEA_TITLE)).to_be_visible()

    anonymous.goto(demo + path_of(wall))
    expect(anonymous.get_by_role("heading", level=1)).to_have_text(wall.title)
    expect(anonymous.get_by_text(IDEA_TITLE)).to_have_count(0)
    assert anonymous.goto(demo + idea_path).status == 404

    # 3. A moderator approves it in the admin; now everyone sees it on the wall.
    approve_in_the_admin(staff, demo)
    anonymous.goto(demo + path_of(wall))
    card = anonymous.get_by_role("article").filter(has_text=IDEA_TITLE)
    expect(card).to_contain_text(f"{AUTHOR_NAME}, {association.name}")
    expect(card).to_contain_text(column.name)

    # 4. Another participant signs in from the idea, votes for it and comments on it.
    voter.goto(demo + path_of(wall))
    voter.get_by_role("link", name=IDEA_TITLE, exact=True).click()
    voter.get_by_role("link", name="Kirjaudu sisään äänestääksesi").click()
    assert_accessible(voter)  # the sign-in page
    sign_in(voter, voter_account.email, factories.PARTICIPANT_PASSWORD)
    expect(voter).to_have_url(demo + idea_path)
    expect(header(voter)).to_contain_text("Kalle Kyläläinen")
    vote_and_comment(voter)

    # 5. The moderator approves the comment and answers: the idea is planned.
    approve_comment_and_answer(staff)

    author.goto(demo + idea_path)
    idea = author.get_by_role("article", name=IDEA_TITLE)
    expect(idea.locator(".status-badge")).to_have_text("Tila: Suunnitteilla")
    expect(idea.get_by_role("region", name="Kunnan vastaus")).to_contain_text(ANSWER)
    expect(idea).to_contain_text("1 ääni")
    comments = author.get_by_role("region", name=re.compile("^Kommentit"))
    expect(comments.get_by_role("heading", level=2)).to_have_text("Kommentit (1)")
    expect(comments.get_by_role("listitem").filter(has_text=COMMENT)).to_contain_text(
        "Kalle Kyläläinen"
    )
    assert_accessible(author)  # the idea, with its status, answer, vote and comment

    # The e-mails about the idea are sent by the background worker, not in the request.
    confirmation = "Yhdessä: Vahvista sähköpostiosoitteesi"
    approved = f"Yhdessä: Ideasi on nyt seinällä: {IDEA_TITLE}"
    status_changed = f"Yhdessä: Ideasi tila muuttui: {IDEA_TITLE}"
    represents = "Yhdessä: Edustat nyt yhdistystä Järvelän Latu ry"
    assert [message.subject for message in mail_to(AUTHOR_EMAIL)] == [confirmation]
    call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay")
    received = {message.subject: message for message in mail_to(AUTHOR_EMAIL)}
    assert sorted(received) == sorted([confirmation, represents, approved, status_changed])
    assert path_in(received[approved]) == idea_path
    planned = received[status_changed]
    assert planned.body.startswith(f"Hei {AUTHOR_NAME},")
    assert "Uusi tila: Suunnitteilla." in planned.body
    assert f"Kunnan vastaus:\n{ANSWER}" in planned.body
    assert path_in(planned) == idea_path


def test_without_javascript_voting_and_commenting_are_plain_forms(demo, new_context):
    """With the script off, the same buttons send the page; it comes back saying what happened."""
    wall = on_default_site(IdeaWallPage).get(slug="ideaseina")  # publishes at once
    idea = (
        Idea.objects.on_wall()
        .filter(wall=wall)
        .exclude(status__in=VOTING_CLOSED_STATUSES)
        .order_by("pk")
        .first()
    )
    assert idea is not None, "the demo wall has no idea open for votes"
    idea_path = urlsplit(idea.get_url()).path
    participant = factories.ParticipantFactory(display_name="Kalle Kyläläinen")
    page = new_context(java_script_enabled=False).new_page()

    page.goto(demo + idea_path)
    page.get_by_role("link", name="Kirjaudu sisään äänestääksesi").click()
    sign_in(page, participant.email, factories.PARTICIPANT_PASSWORD)
    expect(page).to_have_url(demo + idea_path)

    article = page.get_by_role("article", name=idea.title)
    expect(article).to_contain_text(votes(idea.vote_count))
    with page.expect_navigation():
        article.get_by_role("button", name="Äänestä").click()
    expect(page.get_by_role("status")).to_have_text("Äänesi on laskettu.")
    expect(article).to_contain_text(votes(idea.vote_count + 1))
    expect(article.get_by_role("button", name="Peru ääni")).to_have_attribute(
        "aria-pressed", "true"
    )

    page.get_by_role("textbox", name="Kommentti", exact=True).fill(COMMENT)
    with page.expect_navigation():
        page.get_by_role("button", name="Lähetä kommentti").click()
    expect(page.get_by_role("status")).to_have_text("Kiitos! Kommenttisi on julkaistu.")
    comments = page.get_by_role("region", name=re.compile("^Kommentit"))
    expect(comments.get_by_role("listitem").filter(has_text=COMMENT)).to_contain_text(
        "Kalle Kyläläinen"
    )
