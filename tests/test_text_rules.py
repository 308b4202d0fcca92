"""What a title and a text may contain, wherever they are written: the wall's forms, the API,
the admin, the profile. A control character is refused with a Finnish message that names it;
one already stored can no longer break the wall's Atom feed for everyone.
"""

import importlib
import json
import re

import pytest
from defusedxml import ElementTree
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.models import APIToken

from core.text import TEXT_PATTERN, TITLE_PATTERN, clean_plain_text, clean_title
from ideas.models import Idea, IdeaColumn, IdeaComment
from tests import factories

ONE_LINE = "Kirjoita tämä yhdelle riville, ilman rivinvaihtoja tai sarkaimia."


def control_character(code):
    return (
        f"Tekstissä on näkymätön ohjausmerkki ({code}), jota ei voi näyttää. Poista se tai "
        "kirjoita teksti uudelleen ja lähetä se sitten uudestaan."
    )


@pytest.fixture
def wall(home_page):
    wall = factories.IdeaWallPageFactory(parent=home_page, title="Ideaseinä", slug="ideaseina")
    IdeaColumn.objects.create(wall=wall, name="Tilat", sort_order=0)
    return wall


@pytest.fixture
def aino(db):
    return factories.ParticipantFactory(display_name="Aino Lehtola")


@pytest.fixture
def as_aino(client, aino):
    client.force_login(aino)
    return client


def wall_url(wall, name, *args):
    return wall.url + wall.reverse_subpage(name, args=args)


def page_text(response):
    return response.content.decode()


# --- The wall's forms ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("Tapahtuma\x0bkalenteri", control_character("U+000B")),
        ("Tapahtuma\x1b[31mkalenteri", control_character("U+001B")),
        ("Tapahtuma\u0099kalenteri", control_character("U+0099")),
        ("Tapahtuma\nkalenteri", ONE_LINE),
        ("Tapahtuma\u2028kalenteri", ONE_LINE),
    ],
)
def test_the_post_form_refuses_a_title_with_a_control_character_and_keeps_the_text(
    as_aino, wall, title, message
):
    body = "Kaikki tapahtumat yhteen paikkaan."
    response = as_aino.post(
        wall_url(wall, "post"), {"title": title, "body": body, "column": wall.columns.get().pk}
    )

    assert response.status_code == 200
    assert Idea.objects.count() == 0
    assert message in page_text(response)
    assert body in page_text(response)
    assert "Tapahtuma" in page_text(response).split('name="title"')[1].split(">")[0]


def test_the_post_form_refuses_a_control_character_in_the_text(as_aino, wall):
    response = as_aino.post(
        wall_url(wall, "post"),
        {
            "title": "Tapahtumakalenteri",
            "body": "Kaikki\ttapahtumat\nyhteen \x07paikkaan",
            "column": wall.columns.get().pk,
        },
    )

    assert response.status_code == 200
    assert Idea.objects.count() == 0
    assert control_character("U+0007") in page_text(response)
    assert 'value="Tapahtumakalenteri"' in page_text(response)


def test_the_comment_form_refuses_a_control_character(as_aino, wall):
    idea = factories.IdeaFactory(wall=wall, column=wall.columns.get())

    response = as_aino.post(wall_url(wall, "comment", idea.pk), {"body": "Hyvä\u0085 idea"})

    assert IdeaComment.objects.count() == 0
    assert control_character("U+0085") in page_text(response)


# --- The API --------------------------------------------------------------------------------


@pytest.fixture
def api_post(aino):
    _token, plaintext = APIToken.create_token(user=aino, name="Yhdistyksen sovellus")

    def post(path, body, method="post"):
        return getattr(Client(), method)(
            path,
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {plaintext}",
        )

    return post


@pytest.mark.django_db
def test_the_api_refuses_control_characters_and_line_breaks_in_a_title_in_finnish(api_post, wall):
    column = wall.columns.get().pk
    path = f"/api/idea-walls/{wall.pk}/ideas/"
    for title, message in [
        ("Kalen\x0bteri", control_character("U+000B")),
        ("Kalen\x1bteri", control_character("U+001B")),
        ("Kalenteri\nja muuta", ONE_LINE),
        ("Kalenteri\x00", control_character("U+0000")),
    ]:
        response = api_post(path, {"title": title, "body": "Teksti", "column_id": column})
        assert response.status_code == 422, response.content
        assert response.json()["code"] == "invalid"
        assert response.json()["fields"]["title"][0]["fi"] == message
    bad_body = api_post(path, {"title": "Kalenteri", "body": "Te\u0099ksti", "column_id": column})
    assert bad_body.json()["fields"]["body"][0]["fi"] == control_character("U+0099")
    assert Idea.objects.count() == 0

    # A client that sends Windows line breaks in the text is understood.
    posted = api_post(path, {"title": "Kalenteri", "body": "Rivi\r\nToinen", "column_id": column})
    assert posted.status_code == 201, posted.content
    idea = Idea.objects.get()
    assert idea.body == "Rivi\nToinen"

    edited = api_post(f"/api/ideas/{idea.pk}/", {"title": "Kalen\x1bteri"}, method="patch")
    assert edited.json()["fields"]["title"][0]["fi"] == control_character("U+001B")
    comment = api_post(f"/api/ideas/{idea.pk}/comments/", {"body": "Hyvä\x1b idea"})
    assert comment.json()["fields"]["body"][0]["fi"] == control_character("U+001B")
    idea.refresh_from_db()
    assert idea.title == "Kalenteri"
    assert idea.comments.count() == 0


@pytest.mark.django_db
def test_the_openapi_schema_declares_the_same_rules(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]

    assert schemas["IdeaIn"]["properties"]["title"]["pattern"] == TITLE_PATTERN
    assert schemas["IdeaIn"]["properties"]["body"]["pattern"] == TEXT_PATTERN
    assert schemas["CommentIn"]["properties"]["body"]["pattern"] == TEXT_PATTERN
    assert re.search(TITLE_PATTERN, "Yhteinen kalenteri – ”uusi”")
    assert not re.search(TITLE_PATTERN, "Yhteinen\x0bkalenteri")
    assert re.search(TEXT_PATTERN, "Rivi\nToinen\tsarake")
    assert not re.search(TEXT_PATTERN, "Rivi\x1bToinen")


# --- The admin, the profile and the models ------------------------------------------------


def test_a_moderator_cannot_give_a_reason_with_a_control_character(moderator_client, wall):
    idea = factories.IdeaFactory(wall=wall, column=wall.columns.get())
    url = reverse("ideas_moderation_idea_action", args=[idea.pk, "hide"])

    response = moderator_client.post(url, {"reason": "Mainos\x1b"})

    assert control_character("U+001B") in page_text(response)
    idea.refresh_from_db()
    assert idea.is_visible


def test_the_profile_refuses_a_name_with_a_control_character(as_aino, aino, home_page):
    response = as_aino.post("/tili/profiili/", {"display_name": "Aino\x1b[2J"})

    assert response.status_code == 200
    assert control_character("U+001B") in page_text(response)
    aino.refresh_from_db()
    assert aino.display_name == "Aino Lehtola"


def test_anything_that_calls_full_clean_gets_the_rules(wall):
    idea = Idea(wall=wall, title="Kalenteri\r", body="Teksti\ufffe")
    with pytest.raises(ValidationError) as refused:
        idea.full_clean(exclude=["wall"])
    assert set(refused.value.message_dict) == {"title", "body"}
    lone_surrogate = IdeaComment(body="Kommentti \ud800")
    with pytest.raises(ValidationError) as refused:
        lone_surrogate.full_clean(exclude=["idea"])
    assert "body" in refused.value.message_dict


# --- Text stored before the rules ---------------------------------------------------------


def test_the_feed_and_the_pages_stay_up_with_a_control_character_already_stored(client, wall, aino):
    aino.display_name = "Aino\x1b"
    aino.save()
    idea = factories.IdeaFactory(
        wall=wall,
        author=aino,
        title="Tapahtuma\x0bkalenteri",
        body="Kaikki tapahtumat\x1b yhteen\u0099",
        column=wall.columns.get(),
    )

    feed = client.get(wall_url(wall, "feed"))
    assert feed.status_code == 200
    entry = ElementTree.fromstring(feed.content).find("{http://www.w3.org/2005/Atom}entry")
    assert entry.findtext("{http://www.w3.org/2005/Atom}title") == "Tapahtuma kalenteri"

    page = client.get(wall_url(wall, "idea", idea.pk))
    assert page.status_code == 200
    assert "Kaikki tapahtumat yhteen" in page_text(page)
    assert "\u0099" not in page_text(page)
    assert "\x1b" not in page_text(page).split("<main")[1].split("Kaikki tapahtumat")[1][:40]


def test_the_data_migration_cleans_stored_titles_texts_and_names(wall, aino):
    # accounts' cleaning (its 0003) ran on the sign-up association column that 0004
    # removed, so only the ideas' cleaning can still run on today's tables.
    idea = factories.IdeaFactory(
        wall=wall,
        title="Tapahtuma\x0bkalenteri\nkeväälle",
        body="Rivi\r\nToinen\x1b[0m rivi\u0099\tsarake",
        official_answer="Vastaus\x07",
        association_name="Latu\x85ry",
    )
    comment = IdeaComment.objects.create(idea=idea, body="Hyvä\u2028idea\x7f")
    untouched = factories.IdeaFactory(wall=wall, title="Siisti otsikko", body="Siisti\nteksti")

    ideas_migration = importlib.import_module(
        "ideas.migrations.0004_text_without_control_characters"
    )
    ideas_migration.clean_stored_text(apps, None)

    idea.refresh_from_db()
    assert idea.title == "Tapahtuma kalenteri keväälle"
    assert idea.body == "Rivi\nToinen[0m rivi\tsarake"
    assert idea.official_answer == "Vastaus"
    assert idea.association_name == "Latu ry"
    idea.full_clean(exclude=["wall", "author", "column"])
    comment.refresh_from_db()
    assert comment.body == "Hyvä\nidea"
    untouched.refresh_from_db()
    assert (untouched.title, untouched.body) == ("Siisti otsikko", "Siisti\nteksti")


def test_the_cleaning_keeps_everything_a_person_can_see():
    text = "Hei!\n\nTässä ”idea” – 2 € ja 😀\ttabulaattori"
    assert clean_plain_text(text) == text
    assert clean_title("  Otsikko\r\nkahdella\trivillä ") == "Otsikko kahdella rivillä"
