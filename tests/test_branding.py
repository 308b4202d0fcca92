"""A municipality brands the site from its settings: a logo and an accent colour.

The colour must stay readable under white text and as link colour on the white page;
it reaches the pages as a stylesheet of our own origin, so the Content-Security-Policy
stays as strict as it is.
"""

import re

import pytest
from wagtail.models import Site

from core.models import SiteSettings
from tests import factories

pytestmark = pytest.mark.django_db

STRICT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


def settings_form(accent_colour):
    """The site settings form as the admin posts it, with no navigation links."""
    return {
        "organisation_name": "Järvelän kunta",
        "footer_address": "",
        "feedback_email": "",
        "feedback_url": "",
        "accent_colour": accent_colour,
        "navigation_links-TOTAL_FORMS": "0",
        "navigation_links-INITIAL_FORMS": "0",
        "navigation_links-MIN_NUM_FORMS": "0",
        "navigation_links-MAX_NUM_FORMS": "1000",
    }


def edit_url():
    site = Site.objects.get(is_default_site=True)
    return f"/admin/settings/core/sitesettings/{site.pk}/"


def stylesheet_link(html):
    match = re.search(r'<link rel="stylesheet" href="(/tyyli/[0-9a-f]+\.css)">', html)
    return match and match.group(1)


def test_a_pale_accent_colour_is_refused_with_its_contrast(editor_client, home_page):
    response = editor_client.post(edit_url(), settings_form("#ff8800"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Värin kontrasti valkoiseen on 2,39:1" in html
    assert "vähintään 4,5:1" in html
    assert SiteSettings.for_site(home_page.get_site()).accent_colour == ""


def test_a_colour_that_is_not_a_colour_is_refused_in_finnish(editor_client, home_page):
    response = editor_client.post(edit_url(), settings_form("sininen"))
    assert "Anna väri muodossa # ja kuusi heksadesimaalinumeroa" in response.content.decode()
    assert SiteSettings.for_site(home_page.get_site()).accent_colour == ""


def test_a_dark_enough_accent_colour_is_served_to_every_page(editor_client, client, home_page):
    response = editor_client.post(edit_url(), settings_form("#00666E"))
    assert response.status_code == 302, response.content.decode()[:2000]

    page = client.get(home_page.url)
    assert page["Content-Security-Policy"] == STRICT_POLICY
    stylesheet = stylesheet_link(page.content.decode())
    assert stylesheet, "the page links no accent-colour stylesheet"

    served = client.get(stylesheet)
    assert served.status_code == 200
    assert served["Content-Type"].startswith("text/css")
    assert "--color-accent: #00666e;" in served.content.decode()
    assert "immutable" in served["Cache-Control"]
    assert served["Content-Security-Policy"] == STRICT_POLICY


def test_a_new_colour_gets_a_new_stylesheet_address(client, home_page):
    settings = SiteSettings.for_site(home_page.get_site())
    settings.accent_colour = "#00666e"
    settings.save()
    first = stylesheet_link(client.get(home_page.url).content.decode())
    settings.accent_colour = "#6b2d5c"
    settings.save()
    second = stylesheet_link(client.get(home_page.url).content.decode())
    assert first != second
    # An address from a page cached before the change leads to the current colour.
    answer = client.get(first, follow=True)
    assert answer.redirect_chain[-1][0] == second
    assert "--color-accent: #6b2d5c;" in answer.content.decode()


def test_without_an_accent_colour_the_pages_use_the_sites_own(client, home_page):
    assert stylesheet_link(client.get(home_page.url).content.decode()) is None
    assert client.get("/tyyli/000000000000.css").status_code == 404


def test_the_logo_shows_in_the_header_named_after_the_organisation(client, home_page):
    settings = SiteSettings.for_site(home_page.get_site())
    settings.organisation_name = "Järvelän kunta"
    settings.logo = factories.PhotoFactory(title="Järvelän logo")
    settings.save()
    html = client.get(home_page.url).content.decode()
    title_link = re.search(r'<a class="site-title" href="/">(.*?)</a>', html, re.S).group(1)
    assert re.search(
        r'<img class="site-title__logo" src="[^"]+" width="\d+" height="\d+"', title_link
    )
    assert 'alt="Järvelän kunta"' in title_link
    assert "Yhdessä" in title_link


def test_the_demo_municipality_is_branded(client):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    html = client.get("/").content.decode()
    title_link = re.search(r'<a class="site-title" href="/">(.*?)</a>', html, re.S).group(1)
    assert re.search(r'src="[^"]+\.svg"', title_link), "the demo's logo is its SVG"
    assert 'alt="Järvelän kunta, kulttuuri- ja vapaa-aikapalvelut"' in title_link
    stylesheet = client.get(stylesheet_link(html)).content.decode()
    assert "--color-accent: #00666e;" in stylesheet
