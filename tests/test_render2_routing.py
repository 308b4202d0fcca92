"""Finding a page and its Site costs the same few queries however deep the page is, and
routes, drafts, view restrictions and Site changes behave exactly as before."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from tests import factories


def queries_of(client, url):
    # The first visit makes the site's settings row (a change of what the chrome shows),
    # the second keeps the chrome, the Site and the page types from here on.
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured.captured_queries)


@pytest.fixture
def deep_page(home_page):
    """A plain page four levels below the home page."""
    parent = home_page
    for title in ("Yhteistyö", "Foorumit", "Aineistot"):
        parent = factories.StandardPageFactory(parent=parent, title=title)
    return factories.StandardPageFactory(parent=parent, title="Pöytäkirjat 2026")


@pytest.mark.django_db
def test_a_deep_page_is_found_in_as_few_queries_as_a_shallow_one(client, home_page, deep_page):
    shallow = factories.StandardPageFactory(parent=home_page, title="Järjestöyhteistyö")
    shallow_response, shallow_count = queries_of(client, shallow.url)
    deep_response, deep_count = queries_of(client, deep_page.url)
    assert shallow_response.status_code == deep_response.status_code == 200
    assert "Pöytäkirjat 2026" in deep_response.content.decode()
    assert deep_count == shallow_count


@pytest.mark.django_db
def test_a_plain_page_is_served_in_four_queries_once_its_site_is_known(client, home_page):
    # The page in one query for the whole path, its own row, and Wagtail's check of its
    # view restrictions (aliases, restrictions); the Site and the chrome come from the cache.
    page = factories.StandardPageFactory(parent=home_page, title="Järjestöyhteistyö")
    response, count = queries_of(client, page.url)
    assert response.status_code == 200
    assert count == 4


@pytest.mark.django_db
def test_routes_of_a_page_below_the_root_still_answer(client, home_page):
    news_index = factories.NewsIndexPageFactory(parent=home_page)
    factories.NewsPageFactory(parent=news_index, title="Seurafoorumi kokoontuu")
    feed = client.get(news_index.url + news_index.reverse_subpage("feed"))
    assert feed.status_code == 200
    assert "Seurafoorumi kokoontuu" in feed.content.decode()
    wall = factories.IdeaWallPageFactory(parent=home_page)
    idea = factories.IdeaFactory(wall=wall, title="Yhteinen tapahtumakalenteri")
    response = client.get(wall.url + wall.reverse_subpage("idea", args=[idea.pk]))
    assert "Yhteinen tapahtumakalenteri" in response.content.decode()


@pytest.mark.django_db
def test_missing_and_unpublished_pages_are_not_found(client, home_page, deep_page):
    assert client.get(deep_page.url + "ei-ole/").status_code == 404
    assert client.get(home_page.url + "ei-ole/pöytäkirjat-2026/").status_code == 404
    deep_page.unpublish()
    assert client.get(deep_page.url).status_code == 404


@pytest.mark.django_db
def test_a_page_below_a_restricted_one_still_asks_to_sign_in(client, home_page, deep_page):
    restricted = deep_page.get_parent()
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    response = client.get(deep_page.url)
    assert response.status_code == 302
    assert "Pöytäkirjat 2026" not in response.content.decode()


@pytest.mark.django_db
def test_a_new_hostname_for_the_site_is_answered_at_once(client, home_page, deep_page):
    site = Site.objects.get(is_default_site=True)
    assert client.get(deep_page.url, HTTP_HOST="kunta.example").status_code == 200
    other_home = factories.HomePageFactory(parent=home_page.get_parent(), title="Naapurikunta")
    Site.objects.create(hostname="kunta.example", port=site.port, root_page=other_home)
    # The other site's tree has no such page: its Site, not the old answer, is used now.
    assert client.get(deep_page.url, HTTP_HOST="kunta.example").status_code == 404
