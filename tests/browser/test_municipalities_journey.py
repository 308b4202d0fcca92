"""One account on two municipalities' sites, in a real browser.

A volunteer signs up once, on Järvelä's site, and posts an idea on Järvelä's wall; then,
on Koivikko's own address, signs in with the same account (a session is per host name,
the account is one) and posts an idea on Koivikko's wall. A visitor then finds each idea
on its own wall only. axe-core checks every kind of page on the way.

Needs the demo's Sites on the live server's port (`demo_sites`, tests/browser/conftest.py):
Chromium resolves every *.localhost name to the loopback address itself.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from core.models import ModerationRule
from core.municipalities import municipality_by_code, pages_on
from ideas.models import IdeaWallPage
from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.browser

EMAIL = "kaisa.kahdenkunnan@kylayhdistys.example"
NAME = "Kaisa K."
PASSWORD = "Kaksi-kuntaa-yksi-tunnus-8"
IDEAS = {
    "jarvela": "Järvelän kylätalojen yhteinen varauskalenteri",
    "koivikko": "Koivikon rantasaunalle talkoopäivä keväällä",
}


def wall_of(code):
    """The municipality's idea wall, set to publish at once (the journey is about where an
    idea shows, not about moderation: that is test_idea_wall_journey's)."""
    site = municipality_by_code(code)
    wall = IdeaWallPage.objects.live().filter(pages_on(site)).order_by("path").first()
    assert wall is not None, f"the demo's {code} has an idea wall"
    wall.moderation_rule = ModerationRule.AFTER
    wall.save_revision().publish()
    return wall


def path_on_site(page):
    """A page's path on its own Site (its URL may be absolute on the municipality's host)."""
    return urlsplit(page.get_url()).path


def header(page):
    return page.get_by_role("navigation", name="Käyttäjätili")


def sign_up(page, base, wall):
    page.goto(base + path_on_site(wall))
    header(page).get_by_role("link", name="Luo tunnus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Luo tunnus")
    assert_accessible(page)
    page.get_by_label("Sähköposti").fill(EMAIL)
    page.get_by_label("Nimi, joka näkyy ideoidesi ja kommenttiesi yhteydessä").fill(NAME)
    page.get_by_label("Salasana", exact=True).fill(PASSWORD)
    page.get_by_label("Salasana (uudestaan)").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Luo tunnus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tarkista sähköpostisi")

    (confirmation,) = [message for message in mail.outbox if message.to == [EMAIL]]
    link = urlsplit(re.search(r"https?://\S+", confirmation.body).group(0))
    page.goto(base + link.path)
    assert_accessible(page)
    page.get_by_role("button", name="Vahvista").click()
    expect(page).to_have_url(base + path_on_site(wall))
    expect(header(page)).to_contain_text(NAME)


def sign_in(page, base, wall):
    page.goto(base + path_on_site(wall))
    header(page).get_by_role("link", name="Kirjaudu sisään").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu sisään")
    assert_accessible(page)
    page.get_by_label("Sähköposti").fill(EMAIL)
    page.get_by_label("Salasana", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Kirjaudu sisään").click()
    expect(page).to_have_url(base + path_on_site(wall))
    expect(header(page)).to_contain_text(NAME)


def post_idea(page, wall, title):
    page.get_by_text("Jätä idea", exact=True).click()
    form = page.locator("details").filter(has_text="Jätä idea")
    assert_accessible(page)
    form.get_by_label("Otsikko").fill(title)
    form.get_by_label("Ideasi").fill("Yhdistykset sopisivat asiasta yhdessä kunnan kanssa.")
    column = wall.columns.order_by("sort_order", "pk").first()
    if column is not None:
        form.get_by_label("Sarake").select_option(label=column.name)
    form.get_by_role("button", name="Lähetä idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_accessible(page)


def test_one_account_posts_on_two_municipalities_walls(demo_sites, new_context):
    walls = {code: wall_of(code) for code in IDEAS}
    volunteer = new_context().new_page()

    sign_up(volunteer, demo_sites["jarvela"], walls["jarvela"])
    post_idea(volunteer, walls["jarvela"], IDEAS["jarvela"])

    # Koivikko's address has no session of Järvelä's: the same account signs in there.
    volunteer.goto(demo_sites["koivikko"] + path_on_site(walls["koivikko"]))
    expect(header(volunteer).get_by_role("link", name="Kirjaudu sisään")).to_be_visible()
    sign_in(volunteer, demo_sites["koivikko"], walls["koivikko"])
    post_idea(volunteer, walls["koivikko"], IDEAS["koivikko"])

    visitor = new_context().new_page()
    for code, title in IDEAS.items():
        visitor.goto(demo_sites[code] + path_on_site(walls[code]))
        assert_accessible(visitor)
        main = visitor.get_by_role("main")
        expect(main.get_by_role("link", name=title, exact=True)).to_be_visible()
        for other_code, other_title in IDEAS.items():
            if other_code != code:
                expect(main).not_to_contain_text(other_title)
        # The site search of each municipality finds its own idea only.
        visitor.goto(demo_sites[code] + "/haku/?q=sopisivat")
        results = visitor.get_by_role("main")
        expect(results).to_contain_text(title)
        for other_code, other_title in IDEAS.items():
            if other_code != code:
                expect(results).not_to_contain_text(other_title)
