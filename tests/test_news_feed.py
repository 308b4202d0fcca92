"""A resident follows the news in a feed reader: all news, or one tag's."""

import datetime
import re

import feedparser
import pytest
from wagtail.models import PageViewRestriction, Site

from tests import factories

FEED_LINK = r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"'


def _published(page):
    """Published through a revision, as the admin does."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def news(home_page):
    Site.objects.filter(is_default_site=True).update(hostname="kunta.example")
    index = _published(factories.NewsIndexPageFactory(parent=home_page, live=False))
    grants = _published(
        factories.NewsPageFactory(
            parent=index,
            title="Avustushaku alkaa",
            lead="Haku on auki <1.3.> & maksutonta.",
            date=datetime.date(2026, 11, 2),
            live=False,
        )
    )
    grants.tags.add("Avustukset")
    _published(grants)
    rooms = _published(
        factories.NewsPageFactory(
            parent=index, title="Uudet tilat", date=datetime.date(2026, 11, 3), live=False
        )
    )
    rooms.tags.add("Tilat")
    _published(rooms)
    draft = factories.NewsPageFactory(parent=index, title="Luonnos: budjetti", live=False)
    draft.tags.add("Avustukset")
    draft.save_revision()
    members_only = _published(
        factories.NewsPageFactory(parent=index, title="Vain jäsenille", live=False)
    )
    PageViewRestriction.objects.create(page=members_only, restriction_type="login")
    return {"index": index, "grants": grants, "rooms": rooms}


def _feed(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    return parsed


@pytest.mark.django_db
def test_news_feed_is_atom_with_published_public_news_only(client, news):
    feed = _feed(client, news["index"].url + "syote/")
    assert feed.feed.title == news["index"].title
    assert [entry.title for entry in feed.entries] == ["Uudet tilat", "Avustushaku alkaa"]
    grants = feed.entries[1]
    assert grants.link == "http://kunta.example" + news["grants"].url
    assert grants.summary == "<p>Haku on auki &lt;1.3.&gt; &amp; maksutonta.</p>"
    assert [tag.term for tag in grants.tags] == ["Avustukset"]


@pytest.mark.django_db
def test_tag_feed_lists_only_that_tags_news(client, news):
    feed = _feed(client, news["index"].url + "syote/avustukset/")
    assert [entry.title for entry in feed.entries] == ["Avustushaku alkaa"]
    assert "Avustukset" in feed.feed.title
    assert client.get(news["index"].url + "syote/ei-tallaista/").status_code == 404


@pytest.mark.django_db
def test_feed_and_entry_ids_do_not_follow_the_address_asked(client, news):
    """A reader that fetched the feed as localhost and then as 127.0.0.1:8000 sees no duplicates."""
    urls = [news["index"].url + "syote/", news["index"].url + "syote/avustukset/"]
    for url in urls:
        seen = [_feed(client, url, HTTP_HOST=host) for host in ["localhost", "127.0.0.1:8000"]]
        ids = [[feed.feed.id] + [entry.id for entry in feed.entries] for feed in seen]
        assert ids[0] == ids[1]
        assert all(id_.startswith("tag:kunta.example,2") for id_ in ids[0])
    all_news, one_tag = (_feed(client, url).feed.id for url in urls)
    assert all_news != one_tag


@pytest.mark.django_db
def test_news_pages_link_to_their_feed(client, news):
    index_url = news["index"].url
    pages = {
        index_url: index_url + "syote/",
        index_url + "?tag=avustukset": index_url + "syote/avustukset/",
        news["grants"].url: index_url + "syote/",
    }
    for page_url, feed_url in pages.items():
        html = client.get(page_url).content.decode()
        links = re.findall(FEED_LINK, html)
        assert links == [feed_url], page_url
    index_html = client.get(index_url).content.decode()
    assert f'<a href="{index_url}syote/">Seuraa uutisia syötteenlukijalla (Atom)</a>' in index_html
