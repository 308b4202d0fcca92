"""Staff mark who came and e-mail everyone registered for a meeting, from the admin."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry

from accounts.models import User
from forums.models import Registration
from forums.registrations import register_for_meeting
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("many_writes")]


@pytest.fixture
def meeting(forum, visitor):
    """Two seats: Aino and Eero have them, Sanni waits."""
    meeting = factories.ForumMeetingPageFactory(
        parent=forum, title="Kevätkokous", registration_open=True, seats=2
    )
    for name in ("Aino", "Eero", "Sanni"):
        register_for_meeting(visitor, meeting, name=name, email=f"{name.lower()}@latu.example")
    return meeting


def person(name):
    return Registration.objects.get(name=name)


def test_the_attendance_form_lists_the_confirmed_and_saves_who_came(client, coordinator, meeting):
    client.force_login(coordinator)
    url = reverse("forums_registrations_attendance", args=[meeting.pk])

    form = client.get(url).content.decode()
    response = client.post(url, {"attended": [person("Aino").pk]})

    assert "Aino" in form
    assert "Eero" in form
    assert "Sanni" not in form  # on the waiting list: not at the meeting
    assert response.status_code == 302
    assert person("Aino").attended
    assert not person("Eero").attended
    entry = PageLogEntry.objects.get(page=meeting, action="forums.attendance")
    assert entry.user == coordinator
    assert entry.data["attended"] == 1


def test_unticking_a_person_removes_their_attendance(client, coordinator, meeting):
    Registration.objects.filter(name="Aino").update(attended=True)
    client.force_login(coordinator)
    client.post(reverse("forums_registrations_attendance", args=[meeting.pk]), {})
    assert not person("Aino").attended


def test_one_registration_is_marked_on_its_own(client, coordinator, meeting):
    Registration.objects.filter(name="Aino").update(attended=True)
    client.force_login(coordinator)
    url = reverse("forums_registration_attendance", args=[person("Eero").pk])

    form = client.get(url).content.decode()
    client.post(url, {"attended": [person("Eero").pk]})

    assert "Eero" in form
    assert "Aino" not in form
    assert person("Eero").attended
    assert person("Aino").attended  # the others are left as they were


def test_attendance_needs_the_csrf_token_and_the_permission(client, moderator, meeting):
    url = reverse("forums_registrations_attendance", args=[meeting.pk])
    client.force_login(moderator)
    assert client.post(url, {"attended": [person("Aino").pk]}).status_code in (302, 403)

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.filter(is_superuser=True).first() or _superuser())
    assert strict.post(url, {"attended": [person("Aino").pk]}).status_code == 403
    assert not person("Aino").attended


def _superuser():
    return User.objects.create_superuser(email="paakayttaja@kunta.example", password="x-123456")


def test_a_message_goes_to_each_confirmed_person_separately_with_their_own_link(
    client, coordinator, meeting, django_capture_on_commit_callbacks, run_background_worker
):
    client.force_login(coordinator)
    url = reverse("forums_registrations_message", args=[meeting.pk])

    preview = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"message_subject": "Sali vaihtuu", "text": "Kokoonnumme salissa B."}
        )
    run_background_worker()

    assert "2 vahvistettua" in preview
    assert "1 varasijalla" in preview
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == [
        "aino@latu.example",
        "eero@latu.example",
    ]
    assert all(
        len(message.to) == 1 and not message.cc and not message.bcc for message in mail.outbox
    )
    aino = next(message for message in mail.outbox if message.to == ["aino@latu.example"])
    assert "Sali vaihtuu" in aino.subject
    assert "Kokoonnumme salissa B." in aino.body
    assert "/ilmoittautuminen/" in aino.body
    assert "eero@latu.example" not in aino.body
    entry = PageLogEntry.objects.get(page=meeting, action="forums.message")
    assert entry.data["recipients"] == 2


def test_the_waiting_list_can_be_included(
    client, coordinator, meeting, django_capture_on_commit_callbacks, run_background_worker
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("forums_registrations_message", args=[meeting.pk]),
            {"message_subject": "Muutos", "text": "Tieto kaikille.", "include_waiting": "on"},
        )
    run_background_worker()
    assert len(mail.outbox) == 3


def test_a_message_without_a_subject_is_refused_and_the_text_is_kept(
    client, coordinator, meeting, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("forums_registrations_message", args=[meeting.pk]),
            {"message_subject": "", "text": "Tämä teksti ei saa kadota."},
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tämä teksti ei saa kadota." in html
    assert "Kirjoita viestin aihe." in html
    assert not PageLogEntry.objects.filter(action="forums.message").exists()


def test_the_list_of_one_meeting_leads_to_attendance_and_the_message(client, coordinator, meeting):
    client.force_login(coordinator)
    html = client.get(
        reverse("forums_registrations_modeladmin_index"), {"meeting": meeting.pk}
    ).content.decode()
    assert reverse("forums_registrations_attendance", args=[meeting.pk]) in html
    assert reverse("forums_registrations_message", args=[meeting.pk]) in html
    assert "Lähetä viesti ilmoittautuneille" in html
