"""Finnish first: the interface speaks Finnish unless the visitor picks Swedish or English."""

import datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import timezone

from tests import factories

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


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "meeting_time", "news_date"),
    [
        ("fi", "29.11.2026 klo 17.30", "29.11.2026"),
        ("sv", "29.11.2026 kl. 17.30", "29.11.2026"),
        ("en", "29 November 2026, 17:30", "29 Nov 2026"),
    ],
)
def test_dates_are_written_day_first_in_every_language(
    client, forum, home_page, language, meeting_time, news_date
):
    """A reader in Finland reads 29.11., never the American 11/29/2026 or Sweden's 2026-11-29."""
    start = timezone.make_aware(datetime.datetime(2026, 11, 29, 17, 30))
    meeting = factories.ForumMeetingPageFactory(
        parent=forum, start=start, end=start + datetime.timedelta(hours=2)
    )
    news_index = factories.NewsIndexPageFactory(parent=home_page)
    article = factories.NewsPageFactory(parent=news_index, date=datetime.date(2026, 11, 29))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert meeting_time in client.get(meeting.url).content.decode()
    html = client.get(article.url).content.decode()
    assert news_date in html
    assert "11/29/2026" not in html
