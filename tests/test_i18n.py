"""Finnish first: the interface speaks Finnish unless the visitor picks Swedish or English."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_catalogue_is_complete(language):
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "django.po", "rb") as po_file:
        catalogue = read_po(po_file, locale=language)
    messages = [message for message in catalogue if message.id]
    untranslated = [
        message.id
        for message in messages
        if not (all(message.string) if message.pluralizable else message.string)
    ]
    fuzzy = [message.id for message in messages if message.fuzzy]
    assert len(messages) > 150
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.django_db
def test_finnish_is_the_default_even_for_an_english_browser(client, home_page):
    response = client.get(home_page.url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="fi">' in html
    assert "Siirry sisältöön" in html
    assert response["Content-Language"] == "fi"


@pytest.mark.django_db
def test_visitor_switches_to_swedish_and_content_keeps_its_finnish_lang(client, home_page):
    response = client.post("/kieli/", {"language": "sv", "next": home_page.url})
    assert response.status_code == 302
    html = client.get(home_page.url).content.decode()
    assert '<html lang="sv">' in html
    assert "Hoppa till innehållet" in html
    assert '<main id="main" tabindex="-1" lang="fi">' in html


@pytest.mark.django_db
def test_english_interface(client, home_page):
    client.post("/kieli/", {"language": "en", "next": "/"})
    html = client.get(home_page.url).content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html


@pytest.mark.django_db
def test_unknown_language_cookie_falls_back_to_finnish(client, home_page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="fi">' in client.get(home_page.url).content.decode()
