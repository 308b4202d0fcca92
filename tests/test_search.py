"""A resident searches in Finnish as they speak it: inflected words find what they mean.

Runs on SQLite and, in CI, on PostgreSQL: the same queries must find the same things on both.
"""

import re

import pytest
from django.utils import timezone

from core.models import ModerationState
from tests import factories


def _results(client, query, path="/haku/"):
    """(kind, title, excerpt) of each result, as the visitor reads them."""
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    # Only the results list: the header has lists of links too.
    listed = re.search(r'<ol class="search-results">(.*?)</ol>', html, re.S)
    html = listed.group(0) if listed else ""
    items = re.findall(r"<li>\s*(.*?)\s*</li>\s*(?=<li>|</ol>)", html, re.S)
    found = []
    for item in items:
        link = re.search(r'<h3><a href="([^"]+)">(.*?)</a></h3>', item)
        kind = re.search(r'<p class="meta">(.*?)</p>', item).group(1)
        excerpt = re.search(r'<p class="search-results__excerpt">(.*?)</p>', item, re.S)
        found.append((link.group(1), kind, excerpt.group(1) if excerpt else ""))
    return found


@pytest.fixture
def site_content(home_page, forum):
    news_index = factories.NewsIndexPageFactory(parent=home_page)
    wall = factories.IdeaWallPageFactory(parent=home_page, title="Kehitysseinä", intro="")
    return {
        "meeting": factories.ForumMeetingPageFactory(
            parent=forum,
            title="Syystapaaminen",
            theme="Tilat",
            agenda="<ol><li>Kokouksen avaus</li><li>Tilavaraukset</li></ol>",
        ),
        "news": factories.NewsPageFactory(
            parent=news_index,
            title="Avustushaku alkaa",
            lead="Haku esiteltiin syksyn foorumissa.",
        ),
        "page": factories.StandardPageFactory(
            parent=home_page, title="Jäsenmaksut", intro="Yhdistyksen jäsenmaksu kerätään keväällä."
        ),
        "idea": factories.IdeaFactory(
            wall=wall,
            title="Tilat iltakäyttöön",
            body="Ideoita koulujen tiloista & <b>saleista</b> iltaisin.",
        ),
        "wall": wall,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "key", "kind", "marked"),
    [
        ("kokous", "meeting", "Kokous", "<mark>Kokouksen</mark> avaus"),
        ("foorumi", "news", "Uutinen", "syksyn <mark>foorumissa</mark>"),
        ("yhdistys", "page", "Sivu", "<mark>Yhdistyksen</mark> jäsenmaksu"),
        ("idea", "idea", "Idea", "<mark>Ideoita</mark> koulujen"),
        ("Kokouksen avaus", "meeting", "Kokous", "<mark>Kokouksen</mark> <mark>avaus</mark>"),
    ],
)
def test_inflected_word_finds_the_page_or_idea_with_the_match_marked(
    client, site_content, query, key, kind, marked
):
    found = {url: (kind, excerpt) for url, kind, excerpt in _results(client, query)}
    url = site_content[key].get_url()
    assert url in found, (query, found)
    assert found[url][0] == kind
    assert marked in found[url][1]


@pytest.mark.django_db
def test_excerpt_is_escaped_text(client, site_content):
    [(_, _, excerpt)] = [r for r in _results(client, "ideoita") if "/idea/" in r[0]]
    assert "&amp; &lt;b&gt;saleista&lt;/b&gt;" in excerpt
    assert "<b>" not in excerpt


@pytest.mark.django_db
def test_results_say_what_they_are_in_swedish(client, site_content):
    kinds = {kind for _, kind, _ in _results(client, "kokous", "/sv/haku/")}
    assert "Möte" in kinds


@pytest.mark.django_db
def test_drafts_and_ideas_nobody_may_see_are_not_found(client, home_page, site_content):
    wall = site_content["wall"]
    draft_wall = factories.IdeaWallPageFactory(parent=home_page, title="Luonnosseinä", live=False)
    news_index = site_content["news"].get_parent()
    secret = "Salaisuuksia"
    # Saving indexes each of them, as the site does.
    factories.NewsPageFactory(parent=news_index, title="Luonnos", lead=secret, live=False)
    factories.IdeaFactory(wall=wall, body=secret, state=ModerationState.PENDING)
    factories.IdeaFactory(wall=wall, body=secret, state=ModerationState.HIDDEN)
    factories.IdeaFactory(wall=wall, body=secret, held_by_reports=True)
    factories.IdeaFactory(wall=wall, body=secret, withdrawn_at=timezone.now())
    factories.IdeaFactory(wall=draft_wall, body=secret)
    public = factories.IdeaFactory(wall=wall, title="Julkinen", body="Ei salaisuuksia täällä.")
    response = client.get("/haku/", {"q": "salaisuus"})
    html = response.content.decode()
    assert [url for url, _, _ in _results(client, "salaisuus")] == [public.get_url()]
    assert secret not in html


@pytest.mark.django_db
@pytest.mark.parametrize("query", ['"', '"kokous'])
def test_stray_quotes_in_a_query_answer_without_error(client, site_content, query):
    """Words are what is searched for: a stray quote (FTS5 syntax on SQLite) is not a 500."""
    assert client.get("/haku/", {"q": query}).status_code == 200
