"""One account serves every municipality: what the person wrote stays where it was written,
and their data export, profile and erasure cover every municipality, each named."""

import json

import pytest
from django.test import Client

from accounts.personal_data import erase_user, export_data
from forums.models import ForumMeetingPage, Registration
from ideas.models import Idea, IdeaWallPage
from tests import factories
from tests.municipalities import build_municipalities


@pytest.fixture
def sites(db):
    return build_municipalities()


def post_idea(person, site, word, title):
    """`person`, signed in at `site`'s own address, posts `title` on its wall; the client."""
    client = Client(HTTP_HOST=site.hostname)
    client.force_login(person)
    wall = IdeaWallPage.objects.get(title=f"{word} ideaseinä")
    idea = {"title": title, "body": "Kirjasto ja koulut yhdessä."}
    posted = client.post(
        f"/api/idea-walls/{wall.id}/ideas/", json.dumps(idea), content_type="application/json"
    )
    assert posted.status_code == 201, posted.content
    return client


@pytest.fixture
def person(sites):
    """Signed up once; posted an idea and registered for a meeting on both municipalities."""
    person = factories.ParticipantFactory(display_name="Kaisa Kahden Kunnan")
    for code, word in (("jarvela", "Lummelahden"), ("koivikko", "Tervaniemen")):
        client = post_idea(person, sites[code], word, f"{word} lukupiiri")
        meeting = ForumMeetingPage.objects.get(title=f"{word} kirjastoilta")
        registered = client.post(
            f"/api/meetings/{meeting.id}/registrations/", "{}", content_type="application/json"
        )
        assert registered.status_code == 201, registered.content
    return person


def test_each_idea_stays_on_the_wall_it_was_written_on(person):
    walls = dict(Idea.objects.filter(author=person).values_list("title", "wall__title"))
    assert walls == {
        "Lummelahden lukupiiri": "Lummelahden ideaseinä",
        "Tervaniemen lukupiiri": "Tervaniemen ideaseinä",
    }


def test_the_export_names_the_municipality_of_each_text_and_registration(person):
    data = export_data(person)
    ideas = {idea["title"]: idea["municipality"] for idea in data["ideas"]["ideas"]}
    assert ideas == {"Lummelahden lukupiiri": "Järvelä", "Tervaniemen lukupiiri": "Koivikko"}
    registrations = {
        row["meeting"]: row["municipality"] for row in data["forums"]["meeting_registrations"]
    }
    assert registrations == {
        "Lummelahden kirjastoilta": "Järvelä",
        "Tervaniemen kirjastoilta": "Koivikko",
    }


def test_the_profile_lists_the_registrations_of_both_with_their_municipality(sites, person):
    client = Client(HTTP_HOST=sites["koivikko"].hostname)
    client.force_login(person)
    page = client.get("/tili/profiili/").content.decode()
    assert "Lummelahden kirjastoilta</a> (Järvelä)" in page
    assert "Tervaniemen kirjastoilta</a> (Koivikko)" in page
    # The other municipality's meeting links to that municipality's own address.
    assert 'href="http://jarvela.localhost/' in page


def test_erasure_covers_every_municipality(person):
    erase_user(person, remove_content=True)
    assert not Idea.objects.filter(
        title__in=["Lummelahden lukupiiri", "Tervaniemen lukupiiri"]
    ).exists()
    assert not Registration.objects.filter(email=person.email).exists()


def test_a_representative_is_named_with_their_association_only_in_its_own_municipality(sites):
    """Associations belong to one municipality: on another's wall the idea names none."""
    from associations.models import Association, RepresentationState

    person = factories.ParticipantFactory(display_name="Kaisa Kahden Kunnan")
    association = Association.objects.get(name="Lummelahden Kirjaston Ystävät ry")
    factories.RepresentationFactory(
        user=person, association=association, state=RepresentationState.CONFIRMED
    )
    named = {}
    for code, word in (("jarvela", "Lummelahden"), ("koivikko", "Tervaniemen")):
        post_idea(person, sites[code], word, f"{word} satutunti")
        named[code] = Idea.objects.get(title=f"{word} satutunti").association_name
    assert named == {"jarvela": "Lummelahden Kirjaston Ystävät ry", "koivikko": ""}
