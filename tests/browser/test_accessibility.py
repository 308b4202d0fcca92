"""Every page type of the demo meets WCAG 2.1 AA as far as a machine can tell.

axe-core checks each page; the rest checks what axe cannot: one h1, the page's
language, a skip link that works from the keyboard, and no sideways scrolling on
a phone (WCAG 1.4.10 Reflow).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from associations.models import AssociationDirectoryPage
from contacts.models import ContactsPage
from forums.models import ForumIndexPage, ForumMeetingPage, ForumPage
from guidelines.models import GuidelinePage
from home.models import AccessibilityStatementPage, HomePage, PrivacyNoticePage, StandardPage
from ideas.models import IdeaWallPage
from news.models import NewsIndexPage, NewsPage
from tests.browser.helpers import path_of

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def first_live(model):
    def path():
        page = model.objects.live().first()
        assert page is not None, f"the demo has no live {model.__name__}"
        return path_of(page)

    return path


def an_association():
    directory = AssociationDirectoryPage.objects.live().first()
    return path_of(directory) + directory.reverse_subpage("association", args=["jarvelan-latu-ry"])


def next_meeting():
    meeting = ForumMeetingPage.objects.live().filter(end__gte=timezone.now()).order_by("start")
    return path_of(meeting.first())


# One page of every type; the values are called inside the test, when the demo is loaded.
PAGES = {
    "HomePage": first_live(HomePage),
    "StandardPage": first_live(StandardPage),
    "AccessibilityStatementPage": first_live(AccessibilityStatementPage),
    "ContactsPage": first_live(ContactsPage),
    "NewsIndexPage": first_live(NewsIndexPage),
    "NewsPage": first_live(NewsPage),
    "ForumIndexPage": first_live(ForumIndexPage),
    "ForumPage": first_live(ForumPage),
    "ForumMeetingPage": first_live(ForumMeetingPage),
    "ForumMeetingPage-upcoming": next_meeting,
    "GuidelinePage": first_live(GuidelinePage),
    "GuidelinePage-versions": lambda: first_live(GuidelinePage)() + "versiot/",
    "GuidelinePage-version": lambda: first_live(GuidelinePage)() + "versiot/1/",
    "GuidelinePage-compare": lambda: first_live(GuidelinePage)() + "versiot/1/vertaa/2/",
    "IdeaWallPage": first_live(IdeaWallPage),
    "AssociationDirectoryPage": first_live(AssociationDirectoryPage),
    "AssociationDirectoryPage-filtered": lambda: (
        first_live(AssociationDirectoryPage)() + "?toimiala=culture&kirjain=K"
    ),
    "AssociationDirectoryPage-association": an_association,
    "PrivacyNoticePage": first_live(PrivacyNoticePage),
    "association-report": lambda: "/yhdistykset/ilmoita/",
    "association-removal-request": lambda: "/yhdistysrekisteri/poistopyynto/",
    "search": lambda: "/haku/?q=foorumi",
    "404": lambda: "/tata-sivua-ei-ole/",
}

page_types = pytest.mark.parametrize("page_type", PAGES)


def visit(page, demo, page_type):
    response = page.goto(demo + PAGES[page_type]())
    assert response is not None
    expected_status = 404 if page_type == "404" else 200
    assert response.status == expected_status, f"{page.url} answered {response.status}"
    return response


def violation_summary(results):
    lines = []
    for violation in results.response["violations"]:
        targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:5])
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{len(violation['nodes'])} element(s): {targets}] {violation['helpUrl']}"
        )
    return "\n".join(lines)


@page_types
def test_axe_finds_no_wcag_21_aa_violations(demo, page, page_type):
    visit(page, demo, page_type)
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_21_AA},
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} violation(s) on {page.url}:\n"
        + violation_summary(results)
    )


@page_types
def test_page_has_one_h1_finnish_lang_and_a_working_skip_link(demo, page, page_type):
    visit(page, demo, page_type)
    assert page.title().strip(" –"), "the page has no title"
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_be_visible()

    # A keyboard user's first Tab lands on the skip link, which shows itself ...
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Siirry sisältöön")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    # ... and Enter takes them past the header and navigation to the content.
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    assert page.evaluate("location.hash") == "#main"


@page_types
def test_page_fits_a_phone_screen_without_sideways_scrolling(demo, new_context, page_type):
    page = new_context(**PHONE).new_page()
    visit(page, demo, page_type)
    width, scroll_width = page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
    assert width == 360
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter((e) => e.scrollWidth > e.clientWidth + 1
                && getComputedStyle(e).overflowX === "visible"
                && getComputedStyle(e).display !== "inline")
            .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)"""
    )
    assert scroll_width <= width, (
        f"{page.url} is {scroll_width}px wide on a {width}px phone; overflowing: {too_wide}"
    )
