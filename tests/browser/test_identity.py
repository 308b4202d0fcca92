"""The site's look on a desktop and on a phone: cards, addresses, forms, the past meeting.

Measured in the browser, because only layout tells whether cards sit side by side,
where an address wraps and whether fields line up; axe checks each changed page at
both widths.
"""

import pytest

from contacts.models import ContactsPage
from forums.models import ForumMeetingPage
from home.models import HomePage
from ideas.models import IdeaWallPage
from tests.browser.helpers import assert_accessible, on_default_site, path_of

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 375, "height": 800}, "is_mobile": True, "has_touch": True}
WIDTHS = {"1280": DESKTOP, "375": PHONE}


def contacts_page():
    return path_of(on_default_site(ContactsPage).first())


def home_page():
    return path_of(on_default_site(HomePage).first())


def past_meeting():
    """A meeting that was held: a cancelled one is past too, but never says it was held."""
    return path_of(next(m for m in on_default_site(ForumMeetingPage).past() if m.was_held))


def upcoming_meeting():
    return path_of(on_default_site(ForumMeetingPage).upcoming().first())


def idea_wall():
    return path_of(on_default_site(IdeaWallPage).first())


CARD_PAGES = {"contacts": contacts_page, "home": home_page}

# Every card's box, rounded to whole pixels.
CARD_BOXES = """() => [...document.querySelectorAll("main .contact-card")].map((card) => {
    const box = card.getBoundingClientRect();
    return {top: Math.round(box.top), left: Math.round(box.left), width: Math.round(box.width)};
})"""

# For each e-mail link: its text and the offsets in it where a new line begins, found
# from the position of every character.
ADDRESS_LINES = """() => [...document.querySelectorAll('main a[href^="mailto:"]')].map((link) => {
    const tops = [];
    const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            tops.push(rect ? rect.top : tops[tops.length - 1]);
        }
    }
    const breaks = [];
    for (let i = 1; i < tops.length; i++) {
        if (tops[i] > tops[i - 1] + 2) breaks.push(i);
    }
    return {text: link.textContent, breaks};
})"""


def rows(boxes):
    """The cards grouped by the line they sit on."""
    lines = {}
    for box in boxes:
        lines.setdefault(box["top"], []).append(box)
    return list(lines.values())


@pytest.mark.parametrize("which", CARD_PAGES)
def test_contact_cards_use_the_desktop_width(demo, new_context, which):
    page = new_context(**DESKTOP).new_page()
    page.goto(demo + CARD_PAGES[which]())
    boxes = page.evaluate(CARD_BOXES)
    assert len(boxes) >= 2, "the demo needs at least two cards here"
    assert len(rows(boxes)[0]) >= 2, f"one card per row on a 1280 px screen: {boxes}"


@pytest.mark.parametrize("which", CARD_PAGES)
def test_contact_cards_stack_on_a_phone(demo, new_context, which):
    page = new_context(**PHONE).new_page()
    page.goto(demo + CARD_PAGES[which]())
    boxes = page.evaluate(CARD_BOXES)
    assert all(len(row) == 1 for row in rows(boxes)), f"cards side by side at 375 px: {boxes}"
    assert len({box["left"] for box in boxes}) == 1


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which", CARD_PAGES)
def test_addresses_wrap_only_after_at_or_before_a_dot(demo, new_context, which, width):
    page = new_context(**WIDTHS[width]).new_page()
    page.goto(demo + CARD_PAGES[which]())
    addresses = page.evaluate(ADDRESS_LINES)
    assert addresses, "the demo's cards have e-mail addresses"
    for address in addresses:
        text = address["text"]
        for offset in address["breaks"]:
            assert text[offset - 1] == "@" or text[offset] == ".", (
                f"{text!r} wraps inside a word: {text[:offset]!r} | {text[offset:]!r}"
            )


@pytest.mark.parametrize("width", WIDTHS)
def test_sign_up_fields_are_equally_wide_with_labels_above(demo, new_context, width):
    page = new_context(**WIDTHS[width]).new_page()
    page.goto(demo + "/tili/signup/")
    fields = page.evaluate(
        """() => [...document.querySelectorAll("form .field")]
            .map((field) => [field.querySelector("label"),
                             field.querySelector("input:not([type=checkbox]), select, textarea")])
            .filter(([label, input]) => label && input)
            .map(([label, input]) => {
                const l = label.getBoundingClientRect(), i = input.getBoundingClientRect();
                return {name: input.name, width: Math.round(i.width), left: Math.round(i.left),
                        labelAbove: l.bottom <= i.top + 1, labelLeft: Math.round(l.left)};
            })"""
    )
    assert len(fields) >= 4, fields
    assert len({field["width"] for field in fields}) == 1, f"uneven widths: {fields}"
    assert len({field["left"] for field in fields}) == 1, f"fields do not line up: {fields}"
    assert all(field["labelAbove"] for field in fields), fields
    if width == "375":
        assert fields[0]["width"] <= 375


@pytest.mark.parametrize("width", WIDTHS)
def test_past_meeting_says_so_by_its_title(demo, new_context, width):
    page = new_context(**WIDTHS[width]).new_page()
    page.goto(demo + past_meeting())
    held = page.locator("h1 + .meeting-held")
    assert held.is_visible()
    assert held.inner_text().startswith("Kokous on pidetty ")


CHANGED_PAGES = {
    "home": home_page,
    "contacts": contacts_page,
    "sign-up": lambda: "/tili/signup/",
    "past meeting": past_meeting,
    "upcoming meeting": upcoming_meeting,
    "idea wall": idea_wall,
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which", CHANGED_PAGES)
def test_changed_pages_have_no_axe_violations(demo, new_context, which, width):
    page = new_context(**WIDTHS[width]).new_page()
    response = page.goto(demo + CHANGED_PAGES[which]())
    assert response.status == 200
    assert_accessible(page)
