"""Every page type renders for a visitor with its content, and is found by search."""

import datetime

import pytest
from django.utils import timezone

from tests import factories


@pytest.fixture
def every_page(home_page, forum):
    card = forum.coordinator
    news_index = factories.NewsIndexPageFactory(parent=home_page)
    guideline = factories.GuidelinePageFactory(parent=home_page)
    factories.GuidelineSectionFactory(page=guideline, title="Tilojen käyttö", anchor="tilat")
    wall = factories.IdeaWallPageFactory(parent=home_page)
    factories.IdeaFactory(wall=wall, title="Yhteinen tapahtumakalenteri")
    return {
        "home": home_page,
        "standard": factories.StandardPageFactory(parent=home_page, title="Järjestöyhteistyö"),
        "accessibility": factories.AccessibilityStatementPageFactory(parent=home_page),
        "contacts": factories.ContactsPageFactory(parent=home_page),
        "news_index": news_index,
        "news": factories.NewsPageFactory(parent=news_index, title="Seurafoorumi kokoontuu"),
        "forum_index": forum.get_parent().specific,
        "forum": forum,
        "meeting": factories.ForumMeetingPageFactory(
            parent=forum, title="Seurafoorumi toukokuussa"
        ),
        "guideline": guideline,
        "idea_wall": wall,
        "card": card,
    }


@pytest.mark.django_db
def test_every_page_type_renders_its_content(client, every_page):
    expectations = {
        "home": [
            "Seurafoorumi toukokuussa",
            "Seurafoorumi kokoontuu",
            "Yhteinen tapahtumakalenteri",
        ],
        "standard": ["Järjestöyhteistyö", "Perustietoa yhteistyöstä."],
        "accessibility": ["Osa vanhoista PDF-liitteistä"],
        "contacts": [every_page["card"].name, 'href="tel:+358401234567"', "040 123 4567"],
        "news_index": ["Seurafoorumi kokoontuu"],
        "news": ["Järjestöfoorumi kokoontuu taas."],
        "forum_index": ["Seurafoorumi"],
        "forum": [
            "Seurafoorumi toukokuussa",
            "varsinaisen ja varajäsenen",
            every_page["card"].name,
        ],
        "meeting": ["Kulttuuritalo Pajula", "Myllykatu 3", "Avaus"],
        "guideline": ['id="tilat"', 'href="#tilat"', "Tilojen käyttö"],
        "idea_wall": ["Yhteinen tapahtumakalenteri"],
    }
    for key, texts in expectations.items():
        response = client.get(every_page[key].url)
        assert response.status_code == 200, key
        html = response.content.decode()
        for text in texts:
            assert text in html, (key, text)
        assert html.count("<h1") == 1, key
        assert '<html lang="fi">' in html


@pytest.mark.django_db
def test_meeting_shows_time_in_finnish_format(client, forum):
    start = timezone.make_aware(datetime.datetime(2030, 3, 12, 17, 30))
    meeting = factories.ForumMeetingPageFactory(
        parent=forum, start=start, end=start + datetime.timedelta(hours=2)
    )
    html = client.get(meeting.url).content.decode()
    assert "12.3.2030 klo 17.30" in html
    assert "19.30" in html


@pytest.mark.django_db
def test_search_finds_each_page_type(client, every_page):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    for page in every_page.values():
        if hasattr(page, "specific_class"):
            backend.add(page)
    for key in ["standard", "news", "forum", "meeting", "guideline", "idea_wall", "contacts"]:
        page = every_page[key]
        response = client.get("/haku/", {"q": page.title})
        assert response.status_code == 200
        assert page.url in response.content.decode(), key
