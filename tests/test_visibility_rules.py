"""One rule per kind of record and per action, and every door follows it.

Contact cards show only when published; walls are listed only to those their view
restriction lets in; an idea says what the person may do with it, by the same rule
that the write itself applies.
"""

import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core.models import ModerationState
from ideas.models import Idea, IdeaComment
from tests import factories


def published_idea(wall, author, title, **fields):
    return Idea.objects.create(
        wall=wall,
        author=author,
        title=title,
        body="Yhteinen tapahtumakalenteri.",
        state=ModerationState.PUBLISHED,
        **fields,
    )


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def post_json(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


# --- Contact cards ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", [{"fields": "coordinator"}, {"type": "forums.ForumPage", "fields": "*"}]
)
def test_a_forum_whose_coordinator_card_is_unpublished_shows_no_coordinator(
    client, home_page, query
):
    card = factories.ContactCardFactory(name="Luonnos Henkilo", live=False)
    index = factories.ForumIndexPageFactory(parent=home_page)
    forum = factories.ForumPageFactory(parent=index, coordinator=card)

    data = client.get(f"/api/v2/pages/{forum.id}/", query).json()
    assert data["coordinator"] is None
    assert client.get(f"/api/forums/{forum.id}/").json()["coordinator"] is None
    assert "Luonnos Henkilo" not in client.get(forum.url).content.decode()


# --- Walls behind a view restriction -----------------------------------------------------


@pytest.fixture
def walls(home_page):
    author = factories.ParticipantFactory()
    found = {}
    for name, restriction in (("open", None), ("login", "login"), ("password", "password")):
        wall = factories.IdeaWallPageFactory(parent=home_page, title=f"Seina {name}")
        if restriction:
            PageViewRestriction.objects.create(
                page=wall, restriction_type=restriction, password="salasana-123"
            )
        published_idea(wall, author, f"Idea seinalla {name}")
        found[name] = wall
    return found


def idea_titles_on_home_page(client):
    return {
        title
        for title in ("Idea seinalla open", "Idea seinalla login", "Idea seinalla password")
        if title in client.get("/").content.decode()
    }


@pytest.mark.django_db
def test_the_home_page_lists_ideas_only_from_walls_the_visitor_may_open(client, walls):
    assert idea_titles_on_home_page(client) == {"Idea seinalla open"}
    participant = signed_in(factories.ParticipantFactory())
    assert idea_titles_on_home_page(participant) == {"Idea seinalla open", "Idea seinalla login"}


@pytest.mark.django_db
def test_a_signed_in_participant_finds_the_walls_for_signed_in_people(client, walls):
    participant = signed_in(factories.ParticipantFactory())
    listed = {wall["title"] for wall in participant.get("/api/idea-walls/").json()["items"]}
    assert listed == {"Seina open", "Seina login"}
    assert {w["title"] for w in client.get("/api/idea-walls/").json()["items"]} == {"Seina open"}

    found = participant.get("/haku/", {"q": "Seina login"}).content.decode()
    assert walls["login"].url in found
    assert walls["login"].url not in client.get("/haku/", {"q": "Seina login"}).content.decode()


@pytest.mark.django_db
def test_a_wall_for_a_group_is_listed_to_its_members_only(home_page):
    board = Group.objects.create(name="Foorumin hallitus")
    wall = factories.IdeaWallPageFactory(parent=home_page, title="Hallituksen seina")
    restriction = PageViewRestriction.objects.create(page=wall, restriction_type="groups")
    restriction.groups.add(board)
    member, outsider = factories.ParticipantFactory(), factories.ParticipantFactory()
    member.groups.add(board)

    def listed(user):
        return [w["title"] for w in signed_in(user).get("/api/idea-walls/").json()["items"]]

    assert listed(member) == ["Hallituksen seina"]
    assert listed(outsider) == []


@pytest.mark.django_db
def test_a_password_protected_wall_has_no_feed(client, walls):
    wall = walls["password"]
    session = client.session
    restriction = PageViewRestriction.objects.get(page=wall)
    session[restriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    assert client.get(wall.url).status_code == 200  # the password was given in this browser

    feed = client.get(wall.url + wall.reverse_subpage("feed"))
    assert feed.status_code == 404
    assert "Idea seinalla password" not in feed.content.decode()


# --- What an idea says the person may do --------------------------------------------------


@pytest.fixture
def wall(home_page):
    return factories.IdeaWallPageFactory(parent=home_page)


@pytest.mark.django_db
def test_an_idea_tells_a_client_what_the_person_may_do(client, wall):
    author, other = factories.ParticipantFactory(), factories.ParticipantFactory()
    idea = published_idea(wall, author, "Kalenteri")
    path = f"/api/ideas/{idea.pk}/"

    def actions(client):
        data = client.get(path).json()
        return {key: data[key] for key in ("can_edit", "can_vote", "can_comment", "can_report")}

    assert actions(client) == dict.fromkeys(
        ("can_edit", "can_vote", "can_comment", "can_report"), False
    )
    assert actions(signed_in(other)) == {
        "can_edit": False,
        "can_vote": True,
        "can_comment": True,
        "can_report": True,
    }
    assert actions(signed_in(author)) == {
        "can_edit": True,
        "can_vote": True,
        "can_comment": True,
        "can_report": False,
    }

    wall.is_open = False
    wall.save_revision().publish()
    # A closed wall takes no edits, votes or comments; a text on it can still be reported.
    assert actions(signed_in(author)) == dict.fromkeys(
        ("can_edit", "can_vote", "can_comment", "can_report"), False
    )
    assert actions(signed_in(other)) == {
        "can_edit": False,
        "can_vote": False,
        "can_comment": False,
        "can_report": True,
    }


@pytest.mark.django_db
def test_what_the_api_says_is_what_the_write_does(wall):
    author, other = factories.ParticipantFactory(), factories.ParticipantFactory()
    idea = published_idea(wall, author, "Kalenteri")
    wall.is_open = False
    wall.save_revision().publish()
    as_author = signed_in(author)
    assert as_author.get(f"/api/ideas/{idea.pk}/").json()["can_edit"] is False
    refused = as_author.patch(
        f"/api/ideas/{idea.pk}/",
        data=json.dumps({"title": "Uusi"}),
        content_type="application/json",
    )
    assert refused.status_code == 403

    assert signed_in(other).get(f"/api/ideas/{idea.pk}/").json()["can_vote"] is False
    assert signed_in(other).put(f"/api/ideas/{idea.pk}/vote/").status_code == 403


@pytest.mark.django_db
def test_nobody_reports_their_own_text(wall):
    author = factories.ParticipantFactory()
    idea = published_idea(wall, author, "Kalenteri")
    response = post_json(signed_in(author), f"/api/ideas/{idea.pk}/reports/", {"reason": "spam"})
    assert response.status_code == 403
    assert response.json()["code"] == "own_text"
    assert not idea.held_by_reports


@pytest.mark.django_db
def test_a_comment_under_a_withdrawn_idea_cannot_be_reported_through_either_door(wall):
    author, reporter = factories.ParticipantFactory(), factories.ParticipantFactory()
    idea = published_idea(wall, author, "Kalenteri", withdrawn_at=timezone.now())
    comment = IdeaComment.objects.create(
        idea=idea, author=author, body="Hyva!", state=ModerationState.PUBLISHED
    )
    client = signed_in(reporter)
    page = client.get(wall.url + wall.reverse_subpage("report", args=["kommentti", comment.pk]))
    api = post_json(client, f"/api/comments/{comment.pk}/reports/", {"reason": "spam"})
    assert (page.status_code, api.status_code) == (404, 404)
