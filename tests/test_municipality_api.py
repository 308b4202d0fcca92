"""The APIs answer for one municipality: the one whose address was asked, or the one
?municipality=<code> names (a regional portal on a shared API host)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.models import Page

from config.api import collaboration_api
from contacts.models import ContactCard
from contacts.purge_rules import urls_showing_card
from forums.models import ForumPage
from ideas.models import Idea, IdeaWallPage
from tests import factories
from tests.municipalities import build_municipalities


@pytest.fixture
def sites(db):
    return build_municipalities()


def on(site, **extra):
    return Client(HTTP_HOST=site.hostname, **extra)


def names(response):
    assert response.status_code == 200, response.content
    return {item.get("name") or item.get("title") for item in response.json()["items"]}


def test_a_listing_holds_only_the_address_s_municipality(sites):
    assert names(on(sites["koivikko"]).get("/api/contact-cards/")) == {"Veikko Varpula"}
    assert names(on(sites["jarvela"]).get("/api/contact-cards/")) == {"Aino Ahvenlampi"}
    assert names(on(sites["koivikko"]).get("/api/idea-walls/")) == {"Tervaniemen ideaseinä"}
    assert names(on(sites["koivikko"]).get("/api/forums/")) == {"Tervaniemen kirjastofoorumi"}
    assert names(on(sites["koivikko"]).get("/api/associations/")) == {
        "Tervaniemen Kirjaston Ystävät ry"
    }
    meetings = names(on(sites["koivikko"]).get("/api/meetings/"))
    assert meetings == {"Tervaniemen kirjastoilta", "Tervaniemen kevään kirjastokokous"}


def test_the_municipality_parameter_names_another_on_a_shared_host(sites):
    response = on(sites["jarvela"]).get("/api/contact-cards/?municipality=koivikko")
    assert names(response) == {"Veikko Varpula"}
    # Its changes purge Koivikko's address, not this one: no shared cache keeps it.
    assert "no-cache" in response["Cache-Control"]
    own = on(sites["jarvela"]).get("/api/contact-cards/?municipality=jarvela")
    assert names(own) == {"Aino Ahvenlampi"}
    assert "no-cache" not in own.get("Cache-Control", "")


def test_an_unknown_code_is_a_404_in_the_error_shape(sites):
    response = on(sites["jarvela"]).get("/api/idea-walls/?municipality=kuusamo")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "unknown_municipality"
    assert set(body["message"]) == {"fi", "en"}
    assert "/api/municipalities/" in body["message"]["en"]
    # An empty code is a code too (the schema says one character at least), not the host's.
    empty = on(sites["jarvela"]).get("/api/idea-walls/?municipality=")
    assert empty.status_code == 404
    assert empty.json()["code"] == "unknown_municipality"


def test_another_municipality_s_record_is_not_found_unless_named(sites):
    idea = Idea.objects.get(title="Tervaniemen kirjastoon lukupiiri")
    forum = ForumPage.objects.get(title="Tervaniemen kirjastofoorumi")
    card = ContactCard.objects.get(name="Veikko Varpula")
    jarvela = on(sites["jarvela"])
    for path in (
        f"/api/ideas/{idea.pk}/",
        f"/api/forums/{forum.id}/",
        f"/api/contact-cards/{card.pk}/",
    ):
        assert jarvela.get(path).status_code == 404, path
        assert jarvela.get(path + "?municipality=koivikko").status_code == 200, path
        assert on(sites["koivikko"]).get(path).status_code == 200, path


def test_writes_go_only_to_the_address_s_own_records(sites):
    participant = factories.ParticipantFactory(display_name="Aino Yhdistys")
    wall = IdeaWallPage.objects.get(title="Tervaniemen ideaseinä")
    jarvela = on(sites["jarvela"])
    jarvela.force_login(participant)
    body = json.dumps({"title": "Lukupiiri kouluille", "body": "Kirjasto ja koulut yhdessä."})
    path = f"/api/idea-walls/{wall.id}/ideas/"
    refused = jarvela.post(path, body, content_type="application/json")
    assert refused.status_code == 404
    assert not Idea.objects.filter(title="Lukupiiri kouluille").exists()

    koivikko = on(sites["koivikko"])
    koivikko.force_login(participant)  # one account, signed in on each address
    posted = koivikko.post(path, body, content_type="application/json")
    assert posted.status_code == 201, posted.content
    assert Idea.objects.get(title="Lukupiiri kouluille").wall_id == wall.pk


def test_the_municipalities_are_listed_for_a_regional_portal(sites):
    from core.models import SiteSettings

    region = factories.HomePageFactory(parent=Page.objects.get(depth=1), slug="seutu")
    site = sites["jarvela"].__class__.objects.create(
        hostname="seutu.localhost", port=80, root_page=region, site_name="Järviseutu"
    )
    SiteSettings.objects.create(site=site, code="jarviseutu", is_regional=True)
    response = on(sites["koivikko"]).get("/api/municipalities/")
    assert response.status_code == 200
    assert response.json()["items"] == [
        {
            "code": "jarvela",
            "name": "Järvelä",
            "address": "http://jarvela.localhost/",
            "regional": False,
        },
        {
            "code": "jarviseutu",
            "name": "Järviseutu",
            "address": "http://seutu.localhost/",
            "regional": True,
        },
        {
            "code": "koivikko",
            "name": "Koivikko",
            "address": "http://koivikko.localhost/",
            "regional": False,
        },
    ]


def test_the_schema_declares_the_parameter_on_each_municipality_s_operation():
    paths = collaboration_api.get_openapi_schema()["paths"]
    scoped = personal = 0
    for path, operations in paths.items():
        for method, operation in operations.items():
            parameters = {parameter["name"] for parameter in operation.get("parameters", [])}
            if path.startswith(("/api/me/", "/api/municipalities/", "/api/regions/")):
                # A person's own records are theirs in every municipality; the list of
                # municipalities and the regional overview are about all of them.
                assert "municipality" not in parameters, (method, path)
                personal += 1
            else:
                assert "municipality" in parameters, (method, path)
                assert 404 in operation["responses"], (method, path)
                scoped += 1
    assert scoped > 30
    assert personal >= 3


def test_the_content_api_takes_the_same_code(sites):
    def titles(response):
        assert response.status_code == 200, response.content
        return {item["title"] for item in response.json()["items"]}

    jarvela = on(sites["jarvela"])
    own = titles(jarvela.get("/api/v2/pages/"))
    assert "Lummelahden kirjastofoorumi" in own
    assert not any(title.startswith("Tervaniemen") for title in own)
    named = jarvela.get("/api/v2/pages/?municipality=koivikko")
    assert "Tervaniemen kirjastofoorumi" in titles(named)
    assert not any(title.startswith("Lummelahden") for title in titles(named))
    assert "no-cache" in named["Cache-Control"]
    home = jarvela.get("/api/v2/pages/?child_of=root&municipality=koivikko")
    assert "Tervaniemen ideaseinä" in titles(home)

    forum = ForumPage.objects.get(title="Tervaniemen kirjastofoorumi")
    assert jarvela.get(f"/api/v2/pages/{forum.id}/").status_code == 404
    assert jarvela.get(f"/api/v2/pages/{forum.id}/?municipality=koivikko").status_code == 200
    assert jarvela.get("/api/v2/pages/?municipality=kuusamo").status_code == 404
    both = jarvela.get("/api/v2/pages/?municipality=koivikko&site=jarvela.localhost")
    assert both.status_code == 400


def test_a_page_refuses_another_municipality_s_contact_card(sites):
    forum = ForumPage.objects.get(title="Tervaniemen kirjastofoorumi")
    forum.coordinator = ContactCard.objects.get(name="Aino Ahvenlampi")
    with pytest.raises(ValidationError) as refused:
        forum.full_clean()
    assert "coordinator" in refused.value.message_dict

    forum.coordinator = ContactCard.objects.get(name="Veikko Varpula")
    forum.body = [("contact_card", ContactCard.objects.get(name="Aino Ahvenlampi"))]
    with pytest.raises(ValidationError) as refused:
        forum.full_clean()
    assert set(refused.value.message_dict) == {"body"}

    forum.body = [("contact_card", ContactCard.objects.get(name="Veikko Varpula"))]
    forum.full_clean()


def test_the_contacts_page_lists_its_own_municipality_s_cards(sites):
    response = on(sites["koivikko"]).get("/yhteystiedot/")
    assert response.status_code == 200
    assert "Veikko Varpula" in response.content.decode()
    assert "Aino Ahvenlampi" not in response.content.decode()


def test_a_contact_card_purges_only_its_own_municipality(sites):
    card = ContactCard.objects.get(name="Veikko Varpula")
    assert urls_showing_card(card) == ["http://koivikko.localhost/*"]
    card.site = sites["jarvela"]
    card.save()
    assert sorted(urls_showing_card(card)) == [
        "http://jarvela.localhost/*",
        "http://koivikko.localhost/*",
    ]
