"""A moderator hides a comment that has replies: the discussion stays readable.

The replies stay under a "Piilotettu kommentti" placeholder, on the page and in the
collaboration API; every count equals what a visitor can read; the hidden comment's
author is told why by e-mail.
"""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.models import ModerationState
from ideas.models import IdeaComment
from tests import factories
from tests.test_email_delivery import work


def visible_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def wall(home_page):
    return factories.IdeaWallPageFactory(parent=home_page, title="Kylän ideaseinä")


@pytest.fixture
def thread(wall):
    """An idea with a comment, a reply to it and another comment, all published."""
    writer = factories.ParticipantFactory(
        display_name="Reijo Riitapukari", email="reijo@example.com"
    )
    replier = factories.ParticipantFactory(display_name="Vastaava Vilma")
    idea = factories.IdeaFactory(wall=wall, author=factories.ParticipantFactory())
    published = {"idea": idea, "state": ModerationState.PUBLISHED}
    parent = IdeaComment.objects.create(author=writer, body="Osta halpoja kelloja", **published)
    IdeaComment.objects.create(
        author=replier, parent=parent, body="Tämä ei kuulu tänne.", **published
    )
    IdeaComment.objects.create(author=replier, body="Hyvä idea!", **published)
    return idea, parent


@pytest.fixture
def hide(moderator_client, django_capture_on_commit_callbacks):
    def press(comment, reason):
        url = reverse("ideas_moderation_comment_action", args=[comment.pk, "hide"])
        with django_capture_on_commit_callbacks(execute=True):
            response = moderator_client.post(url, {"reason": reason})
        assert response.status_code == 302

    return press


def idea_url(wall, idea):
    return wall.url + wall.reverse_subpage("idea", args=[idea.pk])


def test_replies_of_a_hidden_comment_stay_under_a_placeholder(wall, thread, hide):
    idea, parent = thread
    reply = parent.replies.get()
    hide(parent, "Roskapostia.")
    client = Client()  # a visitor, not the moderator

    page = client.get(idea_url(wall, idea))
    html = page.content.decode()
    words = visible_text(page)
    assert "Piilotettu kommentti" in words
    assert "Tämä ei kuulu tänne." in words
    # The reply is still inside the placeholder's thread, after it.
    placeholder = html.split(f'id="comment-{parent.pk}"')[1].split("</ul>")[0]
    assert f'id="comment-{reply.pk}"' in placeholder
    for private in ("Osta halpoja kelloja", "Reijo Riitapukari", "Roskapostia."):
        assert private not in html
    # Nothing to report or reply to on a placeholder.
    assert f"kommentti/{parent.pk}/" not in html
    assert f'name="parent" value="{parent.pk}"' not in html


def test_the_counts_equal_the_comments_a_visitor_can_read(wall, thread, hide):
    idea, parent = thread
    hide(parent, "Roskapostia.")
    client = Client()  # a visitor, not the moderator

    words = visible_text(client.get(idea_url(wall, idea)))
    assert "Kommentit ( 2 )" in words
    assert "kommenttia )" not in words
    assert "2 kommenttia" in visible_text(client.get(wall.url))
    idea.refresh_from_db()
    assert idea.comment_count == 2


def test_the_api_shows_the_reply_under_a_placeholder(thread, hide):
    idea, parent = thread
    hide(parent, "Roskapostia.")
    client = Client()  # a visitor, not the moderator

    response = client.get(f"/api/ideas/{idea.pk}/comments/")
    assert response.status_code == 200
    comments = response.json()
    first = comments[0]
    assert first["id"] == parent.pk
    assert first["placeholder"] is True
    assert (first["author"], first["body"], first["body_html"]) == ("", "", "")
    assert [r["body"] for r in first["replies"]] == ["Tämä ei kuulu tänne."]
    assert "Osta halpoja" not in response.content.decode()
    assert "Roskapostia" not in response.content.decode()
    assert comments[1]["placeholder"] is False


def test_the_author_of_a_hidden_comment_is_told_the_reason(thread, hide):
    idea, parent = thread
    hide(parent, "Roskapostia ei sallita.")
    work()

    [message] = mail.outbox
    assert message.to == ["reijo@example.com"]
    assert "Roskapostia ei sallita." in message.body
    assert "Osta halpoja kelloja" in message.body
    assert idea.title in message.body
