"""Anonymous pages are kept by shared caches and ours, and purged the moment they change;
nothing personal is ever kept or given to someone else (core.page_cache, core.purge)."""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from wagtail.models import Site

from core.models import SiteSettings
from core.models.site_settings import NavigationLink
from tests import factories
from tests.page_cache_helpers import HOST, anonymous, fresh, signed_in, warm

LINK = re.compile(r'(?:href|src|action)="(/[^"#]*)"')
NOT_CRAWLED = ("/admin/", "/static/", "/media/", "/documents/", "/tyyli/", "/kalenteri/oma/")
MAX_PAGES = 400
# The pages whose form needs a CSRF cookie: sign-in and the forms for visitors without
# an account (a meeting's registration form). Every other page sets none.
FORM_PAGE = re.compile(
    r"^(/sv|/en)?/(tili/|yhdistykset/ilmoita/|yhdistysrekisteri/poistopyynto/|.+/ilmoittaudu/)"
)


def vary_names(response):
    return [name.strip().lower() for name in response.get("Vary", "").split(",") if name.strip()]


def crawl_demo(client):
    """Every address the demo's pages, feeds and APIs link to, as an anonymous visitor."""
    seen, queue, answers = set(), deque(["/", "/sv/", "/en/", "/api/v2/pages/"]), []
    queue.extend(["/api/idea-walls/", "/api/forums/", "/api/meetings/", "/api/associations/"])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or url.startswith(NOT_CRAWLED):
            continue
        seen.add(url)
        response = client.get(url)
        answers.append((url, response))
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            continue
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link not in seen and not link.startswith("//"):
                queue.append(link)
    return answers


@pytest.mark.django_db(transaction=False)
def test_every_anonymous_page_is_shareable_with_a_validator_and_sets_no_cookie(page_cache):
    call_command("load_demo", verbosity=0)
    Site.objects.filter(is_default_site=True).update(hostname=HOST, port=80)
    client = anonymous()
    answers = [(url, r) for url, r in crawl_demo(client) if r.status_code == 200]
    shared, forms = [], []
    for url, response in answers:
        assert len(vary_names(response)) == len(set(vary_names(response))), (url, response["Vary"])
        if response.cookies:
            # A form's CSRF token needs its cookie; such a page is for one visitor only.
            assert "csrfmiddlewaretoken" in response.content.decode(), url
            assert "private" in response["Cache-Control"], url
            forms.append(url)
            continue
        assert "public" in response["Cache-Control"], url
        assert "s-maxage=600" in response["Cache-Control"], url
        assert response.has_header("ETag"), url
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304, url
        kept = client.get(url)
        assert kept["X-Page-Cache"] == "hit", url
        assert kept.content == response.content, url
        shared.append(url)
    paths = {urlsplit(url).path for url in shared}
    # Every page type of the demo, in every language, its feeds and its APIs.
    for expected in ("/", "/sv/", "/en/", "/api/v2/pages/", "/api/forums/", "/ajankohtaista/"):
        assert expected in paths
    assert len(shared) > 100, len(shared)
    assert [url for url in forms if not FORM_PAGE.search(url)] == []


@pytest.mark.django_db
def test_a_signed_in_page_is_never_kept_nor_given_to_another_session(page_cache, home_page):
    wall = factories.IdeaWallPageFactory(parent=home_page, title="Ideaseinä")
    factories.IdeaFactory(wall=wall, title="Yhteinen kalenteri")
    aino = factories.ParticipantFactory(display_name="Aino Esimerkki")
    bertta = factories.ParticipantFactory(display_name="Bertta Esimerkki")
    visitor = anonymous()
    assert visitor.get(wall.url)["X-Page-Cache"] == "miss"

    for person, other in ((aino, bertta), (bertta, aino)):
        response = signed_in(person).get(wall.url)
        body = response.content.decode()
        assert person.display_name in body
        assert other.display_name not in body
        assert "private" in response["Cache-Control"]
        assert not response.has_header("X-Page-Cache")

    answer = visitor.get(wall.url)
    assert answer["X-Page-Cache"] == "hit"
    body = answer.content.decode()
    assert "Aino Esimerkki" not in body
    assert "Bertta Esimerkki" not in body
    # A program with a token is somebody too.
    token_answer = visitor.get("/api/idea-walls/", HTTP_AUTHORIZATION="Bearer nobody")
    assert not token_answer.has_header("X-Page-Cache")


@pytest.mark.django_db
def test_an_address_that_is_no_sites_own_is_not_kept(page_cache, home_page):
    """Purges go to the Site's own address; a copy kept under another name would go stale."""
    other = Client(HTTP_HOST="127.0.0.1")
    assert not other.get("/").has_header("X-Page-Cache")
    assert not other.get("/").has_header("X-Page-Cache")


@pytest.mark.django_db
def test_publishing_a_page_purges_it_its_listings_and_its_other_languages(
    page_cache, home_page, committed
):
    news_index = factories.NewsIndexPageFactory(parent=home_page, show_in_menus=False)
    item = factories.NewsPageFactory(parent=news_index, title="Vanha otsikko")
    client = anonymous()
    urls = [item.url, "/sv" + item.url, news_index.url, "/", "/api/v2/pages/", "/sitemap.xml"]
    warm(client, *urls, news_index.url + "?sivu=1")

    item.title = "Uusi otsikko"
    with committed():
        item.save_revision().publish()

    for url in [*urls, news_index.url + "?sivu=1"]:
        assert client.get(url)["X-Page-Cache"] == "miss", url
    assert "Uusi otsikko" in client.get("/sv" + item.url).content.decode()


@pytest.mark.django_db
def test_an_edit_published_in_swedish_purges_exactly_what_shows_the_page_in_each_language(
    page_cache, home_page, committed
):
    news_index = factories.NewsIndexPageFactory(parent=home_page, show_in_menus=False)
    item = factories.NewsPageFactory(parent=news_index, lead="Vanha ingressi")
    unrelated = factories.StandardPageFactory(parent=home_page, title="Muu sivu")
    client = anonymous()
    shown_on = [item.url, "/sv" + item.url, "/en" + news_index.url, news_index.url, "/"]
    warm(client, *shown_on, unrelated.url)

    item.lead = "Uusi ingressi"
    # An editor whose admin speaks Swedish: the Finnish and English pages go too.
    with translation.override("sv"), committed():
        item.save_revision().publish()

    for url in shown_on:
        assert fresh(client, url, "Uusi ingressi"), url
    assert client.get(unrelated.url)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_unpublishing_a_page_takes_it_off_at_once(page_cache, home_page, committed):
    news_index = factories.NewsIndexPageFactory(parent=home_page, show_in_menus=False)
    item = factories.NewsPageFactory(parent=news_index, title="Peruttu tiedote")
    client = anonymous()
    warm(client, item.url, news_index.url)

    with committed():
        item.unpublish()

    assert client.get(item.url).status_code == 404
    assert "Peruttu tiedote" not in client.get(news_index.url).content.decode()


@pytest.mark.django_db
def test_a_change_to_a_page_in_the_navigation_purges_every_page(page_cache, home_page, committed):
    menu_page = factories.StandardPageFactory(parent=home_page, title="Tietoa")
    elsewhere = factories.StandardPageFactory(parent=home_page, title="Muualla")
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    NavigationLink.objects.create(settings=site_settings, page=menu_page, label="Yhteistyö")
    client = anonymous()
    warm(client, "/", elsewhere.url, "/en" + elsewhere.url)

    menu_page.intro = "Uusi johdanto"
    with committed():
        menu_page.save_revision().publish()

    for url in ("/", elsewhere.url, "/en" + elsewhere.url):
        assert client.get(url)["X-Page-Cache"] == "miss", url


@pytest.mark.django_db
def test_renaming_a_page_purges_the_breadcrumbs_below_it(page_cache, home_page, committed):
    section = factories.StandardPageFactory(parent=home_page, title="Vanha osio")
    below = factories.StandardPageFactory(parent=section, title="Alasivu")
    client = anonymous()
    warm(client, below.url)

    section.title = "Uusi osio"
    with committed():
        section.save_revision().publish()

    assert fresh(client, below.url, "Uusi osio")


@pytest.mark.django_db
def test_moving_or_deleting_a_page_purges_every_page_that_linked_to_it(
    page_cache, home_page, committed
):
    news_index = factories.NewsIndexPageFactory(parent=home_page, show_in_menus=False)
    other_index = factories.StandardPageFactory(parent=home_page, show_in_menus=False)
    item = factories.NewsPageFactory(parent=news_index, title="Siirtyvä tiedote")
    client = anonymous()
    warm(client, news_index.url, "/")

    with committed():
        item.move(other_index, pos="last-child")
    assert "Siirtyvä tiedote" not in client.get(news_index.url).content.decode()
    warm(client, "/")
    item.refresh_from_db()
    with committed():
        item.delete()
    assert "Siirtyvä tiedote" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_change_to_the_site_settings_purges_every_page(page_cache, home_page, committed):
    page = factories.StandardPageFactory(parent=home_page, title="Sivu")
    client = anonymous()
    warm(client, "/", page.url)

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.feedback_email = "palaute@esimerkki.invalid"
    with committed():
        site_settings.save()

    for url in ("/", page.url):
        assert client.get(url)["X-Page-Cache"] == "miss", url


@pytest.mark.django_db
def test_links_for_one_person_and_previews_are_never_kept(page_cache, home_page, forum):
    client = anonymous()
    meeting = factories.ForumMeetingPageFactory(parent=forum)
    link = client.get(meeting.url + "ilmoittautuminen/vaara-avain/")
    assert "private" in link["Cache-Control"]
    assert "no-store" in link["Cache-Control"]
    preview = client.get("/api/v2/page_preview/?content_type=news.newspage&token=x")
    assert not preview.has_header("X-Page-Cache")


@pytest.mark.django_db
def test_while_redis_is_away_pages_are_rendered_without_the_cache(page_cache, home_page):
    from unittest import mock

    from redis.exceptions import ConnectionError as RedisConnectionError

    gone = RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with (
        mock.patch.object(page_cache, "get_many", side_effect=gone),
        mock.patch.object(page_cache, "set", side_effect=gone),
    ):
        response = anonymous().get("/")

    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_site_settings_restored_before_their_site_purge_nothing_and_do_not_fail(home_page):
    """A test database being put back (serialized_rollback), or loaddata, saves rows raw:
    the settings may come before the Site they belong to."""
    from django.core import serializers

    site = Site.objects.get(is_default_site=True)
    dumped = serializers.serialize("json", [SiteSettings.for_site(site), site])
    SiteSettings.objects.all().delete()
    Site.objects.all().delete()

    for restored in serializers.deserialize("json", dumped):
        restored.save()

    assert SiteSettings.objects.get().site == Site.objects.get()
