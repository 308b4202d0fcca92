"""The author hears by e-mail what the moderator and the city decided about their idea.

A decision in the admin only queues the message; the background worker sends it, so
no moderator waits for the mail server. The message is in Finnish and links to the idea.
"""

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from core.models import ModerationRule, ModerationState
from ideas.models import IdeaComment, IdeaStatus
from tests import factories

SUBJECT_PREFIX = "Yhdessä: "


@pytest.fixture
def wall(home_page):
    return factories.IdeaWallPageFactory(
        parent=home_page, title="Järjestöjen ideaseinä", moderation_rule=ModerationRule.BEFORE
    )


@pytest.fixture
def author(db):
    return factories.ParticipantFactory(
        display_name="Aino Aktiivinen", email="aino@yhdistys.example"
    )


@pytest.fixture
def idea(wall, author):
    return factories.IdeaFactory(
        wall=wall, author=author, title="Yhteinen tapahtumakalenteri", state=ModerationState.PENDING
    )


@pytest.fixture
def decide(moderator_client, django_capture_on_commit_callbacks):
    """The moderator presses a button in the admin; returns once the request has finished."""

    def post(idea, action, data=None):
        url = reverse("ideas_moderation_idea_action", args=[idea.pk, action])
        with django_capture_on_commit_callbacks(execute=True):
            response = moderator_client.post(url, data or {})
        assert response.status_code == 302, response.content[:500]
        idea.refresh_from_db()
        return response

    return post


@pytest.fixture
def only_message_after_the_worker_ran(run_background_worker):
    def deliver():
        assert mail.outbox == [], "the e-mail must not be sent inside the moderator's request"
        assert DBTaskResult.objects.filter(task_path="core.mail.send_email").count() == 1
        run_background_worker()
        assert len(mail.outbox) == 1
        return mail.outbox[0]

    return deliver


def test_the_author_hears_when_their_idea_is_approved(
    decide, idea, author, only_message_after_the_worker_ran
):
    decide(idea, "approve")
    message = only_message_after_the_worker_ran()

    assert message.to == [author.email]
    assert message.subject == SUBJECT_PREFIX + "Ideasi on nyt seinällä: Yhteinen tapahtumakalenteri"
    assert message.body.startswith("Hei Aino Aktiivinen,\n\n")
    assert (
        "Moderaattori on hyväksynyt ideasi ”Yhteinen tapahtumakalenteri”. Se näkyy nyt "
        "ideaseinällä ”Järjestöjen ideaseinä”, jossa muut voivat kommentoida ja äänestää sitä."
    ) in message.body
    assert f"Katso ideasi: http://localhost{idea.get_url()}" in message.body
    assert "/idea/" in idea.get_url()
    assert "Terveisin\nYhdessä – kunta ja järjestöt" in message.body


def test_the_author_is_told_why_their_idea_was_hidden(
    decide, idea, wall, only_message_after_the_worker_ran
):
    decide(idea, "hide", {"reason": "Idea koskee yksittäisen yrityksen mainontaa."})
    message = only_message_after_the_worker_ran()

    assert message.subject == SUBJECT_PREFIX + "Ideasi piilotettiin: Yhteinen tapahtumakalenteri"
    assert "Moderaattori on piilottanut ideasi ”Yhteinen tapahtumakalenteri”" in message.body
    assert "Syy: Idea koskee yksittäisen yrityksen mainontaa." in message.body
    assert f"Ideaseinä: http://localhost{wall.url}" in message.body


def test_the_author_hears_of_a_new_status_with_the_answer(
    decide, idea, only_message_after_the_worker_ran
):
    decide(
        idea,
        "status",
        {"status": IdeaStatus.PLANNED, "answer": "Kalenteri avataan keväällä.\nKiitos!"},
    )
    message = only_message_after_the_worker_ran()

    assert message.subject == SUBJECT_PREFIX + "Ideasi tila muuttui: Yhteinen tapahtumakalenteri"
    assert "Uusi tila: Suunnitteilla." in message.body
    assert "Kunnan vastaus:\nKalenteri avataan keväällä.\nKiitos!" in message.body
    assert f"http://localhost{idea.get_url()}" in message.body


def test_the_author_hears_when_only_the_answer_changes(
    decide, idea, only_message_after_the_worker_ran
):
    decide(idea, "status", {"status": IdeaStatus.NEW, "answer": "Selvitämme asiaa."})
    message = only_message_after_the_worker_ran()

    assert message.subject == SUBJECT_PREFIX + "Kunta vastasi ideaasi: Yhteinen tapahtumakalenteri"
    assert "Kunta on vastannut ideaasi ”Yhteinen tapahtumakalenteri”" in message.body
    assert "Kunnan vastaus:\nSelvitämme asiaa." in message.body


def test_the_author_of_a_duplicate_hears_where_the_votes_went(
    decide, idea, wall, only_message_after_the_worker_ran
):
    original = factories.IdeaFactory(wall=wall, title="Kaupungin tapahtumakalenteri")
    decide(idea, "duplicate", {"original": original.pk})
    message = only_message_after_the_worker_ran()

    assert "Uusi tila: Päällekkäinen." in message.body
    assert (
        "Se on sama kuin idea ”Kaupungin tapahtumakalenteri”, joten ideat yhdistettiin "
        "ja äänet siirrettiin sille."
    ) in message.body


def test_saving_the_same_status_again_sends_nothing(decide, idea, run_background_worker):
    decide(idea, "status", {"status": IdeaStatus.NEW, "answer": ""})
    assert DBTaskResult.objects.count() == 0
    run_background_worker()
    assert mail.outbox == []


def test_bulk_approval_mails_every_author(
    moderator_client, wall, django_capture_on_commit_callbacks, run_background_worker
):
    authors = [factories.ParticipantFactory() for _ in range(3)]
    ideas = [
        factories.IdeaFactory(wall=wall, author=author, state=ModerationState.PENDING)
        for author in authors
    ]
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            reverse("core_moderation_bulk", args=["idea"]),
            {"items": [idea.pk for idea in ideas], "action": "approve"},
        )
    assert mail.outbox == []
    run_background_worker()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(a.email for a in authors)
    assert all("Ideasi on nyt seinällä" in message.subject for message in mail.outbox)


def test_approving_a_comment_sends_no_idea_mail(
    moderator_client, idea, author, django_capture_on_commit_callbacks, run_background_worker
):

    comment = IdeaComment.objects.create(idea=idea, author=author, body="Hyvä!")
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            reverse("ideas_moderation_comment_action", args=[comment.pk, "approve"])
        )
    run_background_worker()
    assert mail.outbox == []
