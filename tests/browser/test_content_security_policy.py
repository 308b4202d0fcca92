"""The Content-Security-Policy breaks nothing: Chromium reports no violation on any page kind.

A public page, the idea wall, the API's docs (Swagger UI from the site's own static
files), the Wagtail admin's dashboard and page editor, and a public page with the
editors' user bar are loaded in the system Chromium; any script, style or image the
policy blocked would be reported in the console.
"""

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from accounts.models import User

pytestmark = pytest.mark.browser

EDITOR_EMAIL = "viestinta@jarvela.example"
EDITOR_PASSWORD = "Tiedote-huomenna-9"


def watch_for_violations(page):
    reported = []
    page.on(
        "console",
        lambda message: (
            reported.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return reported


def visit(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")


def test_no_page_kind_breaks_on_the_content_security_policy(demo, page):
    User.objects.create_superuser(email=EDITOR_EMAIL, password=EDITOR_PASSWORD)
    violations = watch_for_violations(page)

    visit(page, demo + "/")
    expect(page.locator("main")).to_be_visible()
    visit(page, demo + "/ideaseina/")
    expect(page.locator("main")).to_be_visible()
    visit(page, demo + "/api/docs")
    expect(page.get_by_text("Yhdessä collaboration API").first).to_be_visible()
    visit(page, demo + "/admin/")
    page.get_by_label("Sähköpostiosoite").fill(EDITOR_EMAIL)
    page.get_by_placeholder("Syötä salasana").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#wagtail")).to_be_visible()
    # The page editor runs inline scripts: the admin's own, looser policy must allow them.
    home = Site.objects.get(is_default_site=True).root_page
    visit(page, demo + f"/admin/pages/{home.pk}/edit/")
    expect(page.locator("form#page-edit-form")).to_be_visible()
    # Signed in, a public page adds Wagtail's user bar for editors.
    visit(page, demo + "/")
    expect(page.locator("wagtail-userbar")).to_be_attached()

    assert violations == []
