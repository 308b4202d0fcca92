"""From the regional overview to the meeting that proves a municipality's figure, in a real
browser: issue 13's "Done when" journey.

A visitor opens the overview on the region's own host (seutu.localhost), reads the headline
figures and the table, opens a chart's table of numbers, and follows Järvelä's "regular
forums" proof link to its latest forum meeting, on Järvelä's own host, where the meeting
shows as held. axe-core checks each page, the overview also on a 375 px phone.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from regions.models import RegionalOverviewPage
from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 800}, "is_mobile": True, "has_touch": True}


def test_a_visitor_follows_a_figure_to_the_meeting_that_proves_it(demo_sites, new_context):
    overview = RegionalOverviewPage.objects.live().get()
    page = new_context().new_page()
    page.goto(demo_sites["jarviseutu"] + "/" + overview.slug + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(overview.title)
    expect(page.locator(".overview-headline")).to_contain_text(
        "järjestää säännöllisiä järjestöfoorumeita"
    )
    # Each chart is an image with a name, and its numbers are in a table too.
    chart = page.get_by_role("img", name="Säännölliset järjestöfoorumit")
    expect(chart).to_be_visible()
    assert_accessible(page)

    row = page.locator(
        "table.overview-table tbody tr", has=page.get_by_role("link", name="Järvelä")
    )
    proof = row.locator('td[data-figure="regular_forums"] a')
    expect(proof).to_have_text("Kyllä")
    href = proof.get_attribute("href")
    assert urlsplit(href).hostname == "jarvela.localhost"
    proof.click()

    assert urlsplit(page.url).hostname == "jarvela.localhost"
    assert urlsplit(page.url).path == urlsplit(href).path
    # The meeting page says it was held.
    expect(page.locator(".meeting-held")).to_be_visible()
    assert_accessible(page)


def test_the_overview_is_readable_on_a_phone(demo_sites, new_context):
    overview = RegionalOverviewPage.objects.live().get()
    page = new_context(**PHONE).new_page()
    page.goto(demo_sites["jarviseutu"] + "/" + overview.slug + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(overview.title)
    # The table scrolls inside its own region; the page itself never scrolls sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width
    assert_accessible(page)
