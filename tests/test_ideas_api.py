"""A client that knows only the OpenAPI schema takes part in the idea wall with a token."""

import json

import pytest
from django.test import Client
from wagtail.models import APIToken

from core.models import ModerationRule
from ideas.models import Idea, IdeaColumn, IdeaStatus, IdeaVote
from tests import factories


@pytest.fixture
def wall(home_page):
    wall = factories.IdeaWallPageFactory(parent=home_page)
    IdeaColumn.objects.create(wall=wall, name="Tilat", sort_order=0)
    IdeaColumn.objects.create(wall=wall, name="Viestintä", sort_order=1)
    return wall


@pytest.fixture
def participant(db):
    return factories.ParticipantFactory(display_name="Aino Yhdistys")


@pytest.fixture
def token(participant):
    _token, plaintext = APIToken.create_token(user=participant, name="Yhdistyksen sovellus")
    return plaintext


@pytest.fixture
def api(token):
    """An HTTP client that authenticates like an app would: a bearer token, no cookies."""

    class TokenClient(Client):
        def request(self, **request):
            request.setdefault("HTTP_AUTHORIZATION", f"Bearer {token}")
            return super().request(**request)

    return TokenClient(enforce_csrf_checks=True)


def send(api, method, path, body=None):
    return getattr(api, method)(
        path, data=json.dumps(body) if body is not None else None, content_type="application/json"
    )


@pytest.mark.django_db
def test_token_owner_posts_votes_and_comments(api, wall, participant):
    assert api.get("/api/me/").json()["display_name"] == "Aino Yhdistys"
    walls = api.get("/api/idea-walls/").json()
    assert walls["items"][0]["id"] == wall.pk
    column_id = walls["items"][0]["columns"][0]["id"]

    posted = send(
        api,
        "post",
        f"/api/idea-walls/{wall.pk}/ideas/",
        {
            "title": "Yhteinen kalenteri",
            "body": "Kaikki tapahtumat\nyhteen paikkaan",
            "column_id": column_id,
        },
    )
    assert posted.status_code == 201, posted.content
    idea = posted.json()
    assert idea["author"] == "Aino Yhdistys"
    assert idea["moderation_state"] == "published"
    assert idea["can_edit"] is True
    assert idea["body_html"] == "<p>Kaikki tapahtumat<br>yhteen paikkaan</p>"

    other = factories.IdeaFactory(wall=wall, title="Lainattava äänentoisto")
    third = factories.IdeaFactory(wall=wall, title="Tilojen varauskalenteri")
    vote = send(api, "put", f"/api/ideas/{other.pk}/vote/")
    assert vote.json() == {"voted": True, "vote_count": 1}
    assert send(api, "put", f"/api/ideas/{other.pk}/vote/").json()["vote_count"] == 1
    comment = send(api, "post", f"/api/ideas/{third.pk}/comments/", {"body": "Hyvä idea!"})
    assert comment.status_code == 201
    reply = send(
        api,
        "post",
        f"/api/ideas/{third.pk}/comments/",
        {"body": "Samaa mieltä.", "parent_id": comment.json()["id"]},
    )
    threads = api.get(f"/api/ideas/{third.pk}/comments/").json()
    assert [c["body"] for c in threads] == ["Hyvä idea!"]
    assert [r["id"] for r in threads[0]["replies"]] == [reply.json()["id"]]

    listing = api.get(f"/api/idea-walls/{wall.pk}/ideas/", {"sort": "votes"}).json()
    assert listing["items"][0]["title"] == "Lainattava äänentoisto"
    assert listing["items"][0]["voted"] is True
    withdrawn = send(api, "delete", f"/api/ideas/{other.pk}/vote/")
    assert withdrawn.json() == {"voted": False, "vote_count": 0}


@pytest.mark.django_db
def test_reads_need_no_token_and_show_no_private_fields(client, wall, participant):
    idea = factories.IdeaFactory(wall=wall, author=participant)
    data = client.get(f"/api/ideas/{idea.pk}/").json()
    assert data["author"] == "Aino Yhdistys"
    assert participant.email not in json.dumps(data)
    assert data["voted"] is False
    assert data["can_edit"] is False


@pytest.mark.django_db
def test_writes_without_a_token_are_refused(client, wall):
    idea = factories.IdeaFactory(wall=wall)
    response = client.put(f"/api/ideas/{idea.pk}/vote/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_signed_in"
    bad = client.put(f"/api/ideas/{idea.pk}/vote/", HTTP_AUTHORIZATION="Bearer wagtail_wrong")
    assert bad.status_code == 401


@pytest.mark.django_db
def test_revoked_token_stops_working(api, participant):
    assert api.get("/api/me/").status_code == 200
    APIToken.objects.get(user=participant).revoke()
    assert api.get("/api/me/").status_code == 401


@pytest.mark.django_db
def test_session_writes_need_the_csrf_token(wall, participant):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(participant)
    idea = factories.IdeaFactory(wall=wall)
    refused = browser.put(f"/api/ideas/{idea.pk}/vote/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    browser.get(wall.url)
    csrf = browser.cookies["csrftoken"].value
    response = browser.put(f"/api/ideas/{idea.pk}/vote/", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 200
    assert IdeaVote.objects.filter(idea=idea, voter=participant).exists()


@pytest.mark.django_db
def test_same_rules_as_the_site(api, wall, settings):
    wall.moderation_rule = ModerationRule.BEFORE
    wall.save_revision().publish()
    held = send(
        api,
        "post",
        f"/api/idea-walls/{wall.pk}/ideas/",
        {"title": "Odottava", "body": "x", "column_id": wall.columns.first().pk},
    )
    assert held.json()["moderation_state"] == "pending"
    others = Client().get(f"/api/idea-walls/{wall.pk}/ideas/").json()
    assert others["count"] == 0

    done = factories.IdeaFactory(wall=wall, status=IdeaStatus.DONE)
    refused = send(api, "put", f"/api/ideas/{done.pk}/vote/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "voting_closed"
    assert refused.json()["message"]["fi"] == "Tämän idean äänestys on päättynyt."

    wall.is_open = False
    wall.save_revision().publish()
    closed = send(
        api, "post", f"/api/idea-walls/{wall.pk}/ideas/", {"title": "Myöhässä", "body": "x"}
    )
    assert closed.status_code == 403
    assert closed.json()["code"] == "wall_closed"


@pytest.mark.django_db
def test_validation_and_rate_limits_answer_in_json(api, wall, settings):
    column = wall.columns.first().pk
    too_long = send(
        api,
        "post",
        f"/api/idea-walls/{wall.pk}/ideas/",
        {"title": "x" * 121, "body": "x", "column_id": column},
    )
    assert too_long.status_code == 422
    assert "title" in too_long.json()["fields"]
    no_column = send(
        api, "post", f"/api/idea-walls/{wall.pk}/ideas/", {"title": "Idea", "body": "x"}
    )
    assert no_column.json()["fields"]["column"][0]["fi"] == "Valitse sarake, johon ideasi kuuluu."

    settings.YHDESSA_RATE_LIMITS = {
        **settings.YHDESSA_RATE_LIMITS,
        "idea": {"per_user": "1/h", "per_ip": "100/h"},
    }
    assert (
        send(
            api,
            "post",
            f"/api/idea-walls/{wall.pk}/ideas/",
            {"title": "Eka", "body": "x", "column_id": column},
        ).status_code
        == 201
    )
    limited = send(
        api,
        "post",
        f"/api/idea-walls/{wall.pk}/ideas/",
        {"title": "Toka", "body": "x", "column_id": column},
    )
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert Idea.objects.filter(title="Toka").count() == 0


@pytest.mark.django_db
def test_participant_creates_and_revokes_a_token_on_the_profile(client, participant):
    client.force_login(participant)
    page = client.post("/tili/api-tunnisteet/", {"name": "Kännykkäsovellus"})
    html = page.content.decode()
    plaintext = APIToken.objects.get(user=participant)
    assert "Kännykkäsovellus" in html
    assert plaintext.prefix in html
    token = APIToken.objects.get(user=participant)
    client.post("/tili/api-tunnisteet/", {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None
