"""No e-mail to an author is lost without someone seeing it.

A title with a line break once made the subject an invalid header and the message
vanished; a mail server that was down lost the message for good. Now the subject is one
line, a failed send is tried again, and what still fails is listed for staff in the
admin, with the recipient, the subject and the error, and a button to send it again.

The mail server that fails is a real SMTP connection to a closed port on this machine.
"""

import socket
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from core.models import ModerationRule, ModerationState
from tests import factories

FAILED_EMAIL = "/admin/failed-email/"
SUBJECT = "Yhdessä: Ideasi on nyt seinällä: Yhteinen tapahtumakalenteri keväälle"


@pytest.fixture
def idea(home_page):
    wall = factories.IdeaWallPageFactory(
        parent=home_page, title="Ideaseinä", moderation_rule=ModerationRule.BEFORE
    )
    author = factories.ParticipantFactory(display_name="Aino", email="aino@yhdistys.example")
    # Saved through the API before titles were checked.
    return factories.IdeaFactory(
        wall=wall,
        author=author,
        title="Yhteinen tapahtumakalenteri\r\nkeväälle",
        state=ModerationState.PENDING,
    )


@pytest.fixture
def approve(moderator_client, django_capture_on_commit_callbacks):
    def press(idea):
        url = reverse("ideas_moderation_idea_action", args=[idea.pk, "approve"])
        with django_capture_on_commit_callbacks(execute=True):
            response = moderator_client.post(url)
        assert response.status_code == 302

    return press


def work(max_tasks=None):
    """The e-mail worker, once through the queue (tests/conftest.py says why the patch)."""
    options = ["--backend", "background", "--batch", "--no-startup-delay"]
    if max_tasks:
        options += ["--max-tasks", str(max_tasks)]
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("run_worker", *options)


@pytest.fixture
def mail_server_down(settings):
    """SMTP to a port nobody listens on: the connection is refused, as when it is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5

    def back_up():
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    return back_up


def test_approving_an_idea_with_a_line_break_in_its_title_reaches_the_author(approve, idea):
    approve(idea)
    work()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == SUBJECT
    assert mail.outbox[0].to == ["aino@yhdistys.example"]
    assert not DBTaskResult.objects.failed().exists()


def test_a_message_the_mail_server_refused_is_sent_when_it_is_back(
    approve, idea, mail_server_down, settings
):
    settings.YHDESSA_EMAIL_RETRY_DELAYS = [0, 0]
    approve(idea)

    work(max_tasks=1)
    assert mail.outbox == []
    waiting = DBTaskResult.objects.ready().get()
    assert waiting.args_kwargs["kwargs"]["attempt"] == 2

    mail_server_down()  # the server is back
    work()
    assert [message.subject for message in mail.outbox] == [SUBJECT]
    assert not DBTaskResult.objects.failed().exists()


def test_a_message_whose_worker_was_cut_off_is_sent_by_the_next_one(approve, idea):
    """The database went away (or the worker was killed) after the message was claimed:
    it stayed "running" for ever, and nobody heard."""
    approve(idea)
    claimed = DBTaskResult.objects.ready().get()
    claimed.claim("worker-that-died")
    DBTaskResult.objects.filter(pk=claimed.pk).update(
        started_at=timezone.now() - timedelta(hours=1)
    )

    work()

    assert [message.subject for message in mail.outbox] == [SUBJECT]
    assert DBTaskResult.objects.successful().filter(pk=claimed.pk).exists()


def test_a_message_another_worker_is_sending_right_now_is_left_to_it(approve, idea):
    approve(idea)
    DBTaskResult.objects.ready().get().claim("worker-busy-with-it")

    work()

    assert mail.outbox == [], "not sent twice"


@pytest.fixture
def page_editor(db):
    """Staff who edit pages but do not moderate: Wagtail's own Editors group."""
    user = User.objects.create_user(email="toimittaja@kunta.example", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_after_the_last_attempt_staff_see_the_message_and_send_it_again(
    approve, idea, mail_server_down, settings, editor, moderator, page_editor
):
    settings.YHDESSA_EMAIL_RETRY_DELAYS = [0, 0]
    approve(idea)
    work()
    assert mail.outbox == []
    assert DBTaskResult.objects.failed().count() == 1, "three attempts, one failed message"

    staff = Client()
    staff.force_login(editor)
    listing = staff.get(FAILED_EMAIL)
    page = listing.content.decode()
    assert listing.status_code == 200
    assert "Lähettämättä jääneet viestit" in page
    assert "aino@yhdistys.example" in page
    assert SUBJECT in page
    assert "ConnectionRefusedError" in page
    assert f'"url": "{FAILED_EMAIL}"' in staff.get("/admin/").content.decode(), "in the menu"
    moderators = Client()
    moderators.force_login(moderator)
    assert "aino@yhdistys.example" in moderators.get(FAILED_EMAIL).content.decode()

    editors = Client()
    editors.force_login(page_editor)
    assert editors.get(FAILED_EMAIL).status_code != 200
    assert f'"url": "{FAILED_EMAIL}"' not in editors.get("/admin/").content.decode()
    participant = Client()
    participant.force_login(idea.author)
    assert participant.get(FAILED_EMAIL).status_code == 302
    failed = DBTaskResult.objects.failed().get()
    send_again = f"{FAILED_EMAIL}{failed.id}/send/"
    participant.post(send_again)
    editors.post(send_again)
    assert staff.get(send_again).status_code == 405, "sending again is a button, not a link"
    assert DBTaskResult.objects.failed().count() == 1, "only staff may send it again"

    mail_server_down()  # the server is back
    sent_again = staff.post(send_again, follow=True)
    assert "Viesti on taas lähetysjonossa." in sent_again.content.decode()
    assert "aino@yhdistys.example" not in staff.get(FAILED_EMAIL).content.decode()
    work()
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["aino@yhdistys.example"], SUBJECT)
    ]


def test_a_participant_whose_account_mail_fails_is_told_on_the_page(
    client, home_page, mail_server_down
):
    """Account mail holds a one-time secret, so it is sent at once and never queued."""
    participant = factories.ParticipantFactory()

    response = client.post("/tili/password/reset/", {"email": participant.email}, follow=True)

    assert response.status_code == 200
    assert (
        "Sähköpostin lähettäminen sinulle ei juuri nyt onnistunut. Yritä uudelleen muutaman "
        "minuutin kuluttua."
    ) in response.content.decode()
    assert not DBTaskResult.objects.exists()
