"""The header on a phone: content first, the menu behind one button, the language as links.

A resident on a 375 px phone sees the page's heading without scrolling past the site's
chrome; the navigation and search open from "Valikko" even without JavaScript; "Svenska"
shows the same page with a Swedish interface, and every link then stays Swedish.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forums.models import ForumMeetingPage
from home.models import HomePage
from ideas.models import IdeaWallPage
from news.models import NewsPage
from tests.browser.helpers import assert_accessible, on_default_site, path_of

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 800}, "is_mobile": True, "has_touch": True}
WIDE = {"viewport": {"width": 1280, "height": 800}}
# The page's own heading starts within this many pixels of the top on a phone.
CONTENT_STARTS_WITHIN = 200


def first_live(model):
    page = on_default_site(model).first()
    assert page is not None, f"the demo has no live {model.__name__}"
    return page


def upcoming_meeting():
    meetings = on_default_site(ForumMeetingPage).filter(end__gte=timezone.now())
    return meetings.order_by("start").first()


# The values are called inside the tests, when the demo is loaded.
PAGES = {
    "home": lambda: first_live(HomePage),
    "news article": lambda: first_live(NewsPage),
    "meeting": upcoming_meeting,
    "idea wall": lambda: first_live(IdeaWallPage),
}
page_types = pytest.mark.parametrize("page_type", PAGES)


def menu_button(page):
    # Playwright's roles leave <summary> out; Chromium exposes it as a disclosure control.
    return page.locator("header summary")


TEXT_ROLES = {"StaticText", "InlineTextBox"}


def disclosure(page, name):
    """Chromium's accessibility node for the control named `name`: what a screen reader gets.

    Its role and whether it is focusable and expanded.
    """
    session = page.context.new_cdp_session(page)
    (node,) = [
        node
        for node in session.send("Accessibility.getFullAXTree")["nodes"]
        if node.get("name", {}).get("value") == name
        and not node.get("ignored")
        and node["role"]["value"] not in TEXT_ROLES
    ]
    properties = {item["name"]: item["value"].get("value") for item in node.get("properties", [])}
    return node["role"]["value"], properties.get("focusable"), properties.get("expanded")


def main_navigation(page, name="Päävalikko"):
    return page.get_by_role("navigation", name=name)


@page_types
def test_on_a_phone_the_page_starts_near_the_top(demo, new_context, page_type):
    page = new_context(**PHONE).new_page()
    page.goto(demo + path_of(PAGES[page_type]()))

    heading = page.locator("main h1")
    expect(heading).to_be_visible()
    top = heading.bounding_box()["y"]
    assert top <= CONTENT_STARTS_WITHIN, f"the heading starts at {top:.0f} px on {page.url}"
    # What waits behind the menu button, and what does not.
    expect(main_navigation(page)).to_be_hidden()
    expect(page.get_by_role("searchbox", name="Hae sivustolta")).to_be_hidden()
    expect(menu_button(page)).to_be_visible()
    expect(page.get_by_role("link", name="Svenska")).to_be_visible()


def test_the_menu_opens_without_javascript(demo, new_context):
    page = new_context(java_script_enabled=False, **PHONE).new_page()
    page.goto(demo + "/")
    assert disclosure(page, "Valikko") == ("DisclosureTriangle", True, False)

    # From the keyboard: the button is a stop on the way, with a visible focus ring.
    for _step in range(10):
        page.keyboard.press("Tab")
        if menu_button(page).evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the menu button")
    ring = menu_button(page).evaluate("element => getComputedStyle(element).outlineStyle")
    assert ring == "solid"
    page.keyboard.press("Enter")

    assert disclosure(page, "Valikko") == ("DisclosureTriangle", True, True)
    expect(main_navigation(page)).to_be_visible()
    expect(main_navigation(page).get_by_role("link", name="Ajankohtaista")).to_be_visible()
    expect(page.get_by_role("link", name="Kirjaudu sisään")).to_be_visible()
    search_box = page.get_by_role("searchbox", name="Hae sivustolta")
    search_box.fill("foorumi")
    page.locator("header").get_by_role("button", name="Hae").click()
    expect(page).to_have_url(re.compile(r"/haku/\?q=foorumi"))
    expect(page.locator("ol.search-results").get_by_role("link").first).to_be_visible()


def test_svenska_shows_the_same_page_in_swedish_and_links_stay_swedish(demo, new_context):
    article = first_live(NewsPage)
    page = new_context(**PHONE).new_page()
    page.goto(demo + path_of(article))
    languages = page.get_by_role("navigation", name="Kieli")
    expect(languages.get_by_role("link", name="Suomi")).to_have_attribute("aria-current", "page")
    expect(languages.get_by_role("link", name="Svenska")).to_have_attribute("lang", "sv")

    languages.get_by_role("link", name="Svenska").click()

    expect(page).to_have_url(demo + "/sv" + path_of(article))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("main")).to_have_attribute("lang", "fi")
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    languages = page.get_by_role("navigation", name="Språk")
    expect(languages.get_by_role("link", name="Svenska")).to_have_attribute("aria-current", "page")
    menu_button(page).click()
    expect(menu_button(page)).to_have_text("Meny")
    navigation = main_navigation(page, "Huvudmeny")
    expect(navigation).to_be_visible()

    page_links = page.locator("header .site-title, .site-nav a, .breadcrumbs a")
    hrefs = page_links.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert hrefs, "the page has no links to check"
    assert [href for href in hrefs if not href.startswith("/sv/")] == []
    assert page.locator("form[role=search]").get_attribute("action") == "/sv/haku/"

    navigation.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(re.escape(demo) + r"/sv/"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")


@page_types
def test_the_header_is_accessible_with_the_menu_closed_and_open(demo, new_context, page_type):
    page = new_context(**PHONE).new_page()
    page.goto(demo + path_of(PAGES[page_type]()))
    assert_accessible(page)
    menu_button(page).click()
    expect(main_navigation(page)).to_be_visible()
    assert_accessible(page)


def test_on_a_wide_screen_the_navigation_and_search_show_without_opening(demo, new_context):
    page = new_context(java_script_enabled=False, **WIDE).new_page()
    page.goto(demo + path_of(first_live(NewsPage)))

    expect(menu_button(page)).to_be_hidden()
    expect(main_navigation(page)).to_be_visible()
    expect(main_navigation(page).get_by_role("link", name="Ajankohtaista")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Hae sivustolta")).to_be_visible()
    expect(page.get_by_role("link", name="Kirjaudu sisään")).to_be_visible()
    # Reachable from the keyboard too, not only painted.
    main_navigation(page).get_by_role("link", name="Ajankohtaista").focus()
    expect(main_navigation(page).get_by_role("link", name="Ajankohtaista")).to_be_focused()
