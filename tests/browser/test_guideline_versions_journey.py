"""A resident reads the draft guideline, finds the adopted version and sees what changed.

On the demo (version 1 adopted, version 2 a draft with the grants section changed), on a
phone and on a desktop, with axe-core on every page the journey passes through; then the
guideline as it prints.
"""

import pytest
from playwright.sync_api import expect

from guidelines.models import GuidelinePage
from tests.browser.helpers import assert_accessible, on_default_site, path_of

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 375, "desktop": 1280}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_resident_compares_the_draft_with_the_adopted_version(demo, new_context, width):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    guideline = on_default_site(GuidelinePage).get()
    page.goto(demo + path_of(guideline))

    notice = page.locator(".version-notice")
    expect(notice).to_contain_text("Luet luonnosta (versio 2), et hyväksyttyä ohjetta.")
    assert_accessible(page)

    page.get_by_role("link", name="Versiohistoria (2 versiota)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Versiohistoria")
    expect(page.get_by_role("heading", name="2 julkaistua versiota")).to_be_visible()
    assert_accessible(page)

    # The form, as it comes: the older version against the newer.
    expect(page.get_by_label("Vanhempi versio")).to_have_value("1")
    expect(page.get_by_label("Uudempi versio")).to_have_value("2")
    page.get_by_role("button", name="Vertaa").click()

    expect(page).to_have_url(demo + path_of(guideline) + "versiot/1/vertaa/2/")
    expect(page.locator(".compare-summary")).to_have_text("1 kohta muuttui, 5 kohtaa ennallaan")
    changed = page.locator("section.section-change")
    expect(changed).to_have_count(1)
    expect(changed.get_by_role("heading")).to_contain_text("Tuen muodot: avustukset")
    expect(changed.locator("del").first).to_contain_text("helmikuun")
    expect(changed.locator("ins").first).to_contain_text("maaliskuun")
    # Unchanged sections are folded away, and open on demand.
    unchanged = page.locator("details.section-change--unchanged")
    expect(unchanged).to_have_count(5)
    first = unchanged.first
    expect(first.locator(".rich-text")).to_be_hidden()
    first.locator("summary").click()
    expect(first.locator(".rich-text")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Versio 1", exact=True).click()
    expect(page).to_have_url(demo + path_of(guideline) + "versiot/1/")
    expect(page.locator("main")).to_contain_text("Hakuaika päättyy helmikuun lopussa.")
    expect(page.locator(".version-notice")).to_contain_text("Tämä on aiempi versio.")
    assert_accessible(page)

    width_now, scroll_width = page.evaluate(
        "[window.innerWidth, document.documentElement.scrollWidth]"
    )
    assert scroll_width <= width_now, f"{page.url} scrolls sideways at {width_now}px"


def test_the_guideline_prints_as_a_clean_document(demo, page):
    guideline = on_default_site(GuidelinePage).get()
    page.goto(demo + path_of(guideline))
    page.emulate_media(media="print")

    for chrome in [".site-header", ".site-footer", ".breadcrumbs", "nav.toc"]:
        expect(page.locator(chrome).first).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".guideline-section").first).to_be_visible()
    # A link's address is printed after it; in-page links are not.
    after = page.evaluate(
        """() => {
            const link = document.querySelector(".guideline-section a[href^='/']");
            return getComputedStyle(link, "::after").content;
        }"""
    )
    assert after.startswith('" (/'), after
    assert page.locator("form").evaluate_all(
        "forms => forms.every((form) => getComputedStyle(form).display === 'none')"
    )


def test_comparing_a_version_with_itself_is_explained_on_an_accessible_page(demo, page):
    guideline = on_default_site(GuidelinePage).get()
    response = page.goto(demo + path_of(guideline) + "versiot/2/vertaa/2/")

    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Valitse kaksi eri versiota vertailtavaksi.")
    expect(page.get_by_label("Vanhempi versio")).to_have_value("2")
    assert_accessible(page)
