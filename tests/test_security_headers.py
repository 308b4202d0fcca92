"""What the browser may load: only this site's own scripts, styles and images.

Every answer carries a Content-Security-Policy and a Permissions-Policy; /api/docs
is served from the site's own static files, so it works offline and tells no third
party who reads it.
"""

from html.parser import HTMLParser

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

SITE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(header):
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: (rest[0] if rest else "") for name, *rest in parts}


class _References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in {"src", "href"} and value]


def references(page):
    parser = _References()
    parser.feed(page)
    return parser.urls


@pytest.fixture
def every_address(home_page, forum):
    news_index = factories.NewsIndexPageFactory(parent=home_page)
    guideline = factories.GuidelinePageFactory(parent=home_page)
    wall = factories.IdeaWallPageFactory(parent=home_page)
    idea = factories.IdeaFactory(wall=wall)
    pages = [
        home_page,
        factories.StandardPageFactory(parent=home_page),
        factories.AccessibilityStatementPageFactory(parent=home_page),
        factories.ContactsPageFactory(parent=home_page),
        news_index,
        factories.NewsPageFactory(parent=news_index),
        forum.get_parent().specific,
        forum,
        factories.ForumMeetingPageFactory(parent=forum),
        guideline,
        wall,
    ]
    return [
        *(page.url for page in pages),
        idea.get_url(),
        "/haku/?q=foorumi",
        "/tili/login/",
        "/tili/signup/",
        "/ei-ole-olemassa/",
        "/api/docs",
        "/api/openapi.json",
        "/api/ideas/",
        f"/api/ideas/{idea.pk}/",
        "/api/v2/pages/",
        "/admin/login/",
    ]


def test_every_answer_sends_a_content_security_and_permissions_policy(client, every_address):
    for address in every_address:
        response = client.get(address)
        policy = directives(response.headers.get("Content-Security-Policy", ""))
        permissions = response.headers.get("Permissions-Policy", "")

        if address.startswith("/admin/"):
            assert policy["object-src"] == "'none'", address
            assert policy["frame-ancestors"] == "'self'", address
        else:
            assert SITE_POLICY.items() <= policy.items(), (address, policy)
        for feature in ("camera", "microphone", "geolocation"):
            assert f"{feature}=()" in permissions, (address, permissions)


def test_api_docs_load_only_the_sites_own_files(client):
    page = client.get("/api/docs").content.decode()
    urls = references(page)

    assert any(url.endswith("swagger-ui-bundle.js") for url in urls), urls
    for url in urls:
        assert url.startswith("/"), url
        assert not url.startswith("//"), url
        assert client.get(url).status_code == 200, url
    assert "<script>" not in page, "no inline script: the policy would block it"
