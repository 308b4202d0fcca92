"""Odd input from a visitor or another system gets a clear answer, never a 500.

Each case is what a careless client, a fuzzer or a mistyped link really sends: a
control character in a search, an offset past any integer the database holds, an
operator that does not exist, a token id that is not a number, a `next` that is not
an address. The NUL cases matter on PostgreSQL, which refuses NUL in text; CI runs
this file on SQLite and on PostgreSQL.
"""

import re

import pytest
from django.test import Client
from wagtail.models import APIToken

from accounts.models import User
from ideas.models import IdeaVote
from tests import factories


def visible_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def published_content(home_page):
    """Something for every endpoint to find, so a bad parameter is the only problem."""
    factories.StandardPageFactory(parent=home_page, title="Avustukset", slug="avustukset")


CONTENT_API_LISTINGS = ["/api/v2/pages/", "/api/v2/documents/", "/api/v2/images/"]
BAD_LISTING_QUERIES = [
    "offset=1000000000000000000000000000000",
    "search=%00",
    "search=a%01b",
    "search=a&search_operator=xor",
]
BAD_CONTENT_API_REQUESTS = [
    *(f"{endpoint}?{query}" for endpoint in CONTENT_API_LISTINGS for query in BAD_LISTING_QUERIES),
    # Only pages have a locale; documents and images already refuse the parameter.
    "/api/v2/pages/?locale=%00",
    "/api/v2/pages/find/?html_path=%00",
    "/api/v2/pages/find/?html_path=/a%00b/",
]


@pytest.mark.parametrize("address", BAD_CONTENT_API_REQUESTS)
def test_the_content_api_answers_a_bad_parameter_with_400_and_a_message(
    client, published_content, address
):
    response = client.get(address)

    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert isinstance(response.json()["message"], str)
    assert response.json()["message"]


@pytest.mark.parametrize("query", ["%00", "foorumi%00"])
def test_site_search_with_control_characters_answers_the_visitor(client, home_page, query):
    factories.StandardPageFactory(parent=home_page, title="Foorumi", slug="foorumi")

    response = client.get(f"/haku/?q={query}")

    assert response.status_code == 200
    if query.startswith("foorumi"):
        assert "Foorumi" in visible_text(response)


@pytest.mark.parametrize("revoke", ["x", "", "1.5", "99999999999999999999999"])
def test_revoking_a_token_that_is_not_a_number_says_so(client, db, revoke):
    person = User.objects.create_user(email="aino@latu.example", password="salasana-123")
    token, _secret = APIToken.create_token(user=person, name="Kalenterisovellus")
    client.force_login(person)

    response = client.post("/tili/api-tunnisteet/", {"revoke": revoke}, follow=True)

    assert response.status_code == 200
    assert "Tunnistetta ei löytynyt, tai se on jo peruttu." in visible_text(response)
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("next_url", ["foo", "foo/bar"])
def test_a_vote_with_a_next_that_is_not_a_local_address_is_acknowledged(home_page, next_url):
    wall = factories.IdeaWallPageFactory(parent=home_page, title="Ideaseinä", slug="ideaseina")
    idea = factories.IdeaFactory(wall=wall, author=None)
    voter = User.objects.create_user(email="mikko@kajastus.example", password="salasana-123")
    browser = Client()
    browser.force_login(voter)
    vote_url = wall.url + wall.reverse_subpage("vote", args=(idea.pk,))
    permalink = wall.url + wall.reverse_subpage("idea", args=(idea.pk,))

    response = browser.post(vote_url, {"vote": "add", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == f"{permalink}#idea-{idea.pk}"
    page = browser.get(response["Location"])
    assert page.status_code == 200
    assert "Äänesi on laskettu." in visible_text(page)
    assert IdeaVote.objects.filter(idea=idea, voter=voter).count() == 1
