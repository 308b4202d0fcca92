"""Editors' previews reach a separate front end when one is configured."""

import pytest
from django.test import RequestFactory
from wagtail_headless_preview.models import PagePreview

from tests import factories


@pytest.fixture
def draft_article(home_page):
    index = factories.NewsIndexPageFactory(parent=home_page)
    article = factories.NewsPageFactory(parent=index, title="Julkaistu otsikko")
    article.title = "Luonnoksen otsikko"
    article.save_revision()
    return article


def preview(page, editor):
    request = RequestFactory().get("/admin/preview/", HTTP_HOST="localhost")
    request.user = editor
    response = page.get_latest_revision_as_object().serve_preview(
        request, page.default_preview_mode
    )
    if hasattr(response, "render"):
        response.render()
    return response


@pytest.mark.django_db
def test_without_a_front_end_previews_use_the_sites_templates(draft_article, editor, settings):
    response = preview(draft_article, editor)
    assert "Luonnoksen otsikko" in response.content.decode()


@pytest.mark.django_db
def test_front_end_reads_the_draft_from_the_content_api(draft_article, editor, settings, client):
    settings.WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": "https://app.kunta.example/"}}
    response = preview(draft_article, editor)
    html = response.content.decode()
    assert "https://app.kunta.example/?content_type=news.newspage&amp;token=" in html
    token = PagePreview.objects.get().token

    data = client.get(
        "/api/v2/page_preview/", {"content_type": "news.newspage", "token": token}
    ).json()
    assert data["title"] == "Luonnoksen otsikko"
    assert data["lead"] == draft_article.lead
    assert (
        client.get("/api/v2/pages/", {"type": "news.NewsPage"}).json()["items"][0]["title"]
        == "Julkaistu otsikko"
    )


@pytest.mark.django_db
def test_a_forged_preview_token_gets_nothing(client, draft_article):
    response = client.get(
        "/api/v2/page_preview/", {"content_type": "news.newspage", "token": "id=1:forged"}
    )
    assert response.status_code == 404
