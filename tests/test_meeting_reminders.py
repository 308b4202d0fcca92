"""The reminder e-mail before a meeting: once per registration with a seat, with the date,
time, place and the remote link, a meeting's own number of hours before."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from forums.models import MeetingStatus, Registration
from forums.registration_models import RegistrationState
from forums.reminders import send_meeting_reminders
from tests import factories

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime.datetime(2030, 3, 12, 17, 30))


@pytest.fixture
def meeting(forum):
    return factories.ForumMeetingPageFactory(
        parent=forum,
        title="Seurafoorumi maaliskuussa",
        start=START,
        end=START + datetime.timedelta(hours=2),
        registration_open=True,
        seats=10,
        attendance_mode="both",
        remote_link="https://etakokous.example/salainen-huone",
    )


def registration(meeting, number, state=RegistrationState.CONFIRMED, **fields):
    return Registration.objects.create(
        meeting=meeting,
        name=f"Henkilö {number}",
        email=f"henkilo{number}@latu.example",
        state=state,
        **fields,
    )


def remind(committed, run_background_worker, now):
    mail.outbox.clear()
    with committed():
        send_meeting_reminders(now=now)
    run_background_worker()
    return {message.to[0]: message for message in mail.outbox}


def hours_before(hours):
    return START - datetime.timedelta(hours=hours)


def test_a_seat_gets_one_reminder_with_date_time_place_remote_link_and_own_link(
    meeting, committed, run_background_worker
):
    registration(meeting, 1)
    registration(meeting, 2, state=RegistrationState.WAITING)
    registration(meeting, 3, state=RegistrationState.CANCELLED)

    sent = remind(committed, run_background_worker, hours_before(20))

    assert list(sent) == ["henkilo1@latu.example"]
    message = sent["henkilo1@latu.example"]
    assert "Muistutus: Seurafoorumi maaliskuussa" in message.subject
    assert "12.3.2030 klo 17.30" in message.body
    assert "Kulttuuritalo Pajula, Myllykatu 3, 99999 Järvelä" in message.body
    assert "https://etakokous.example/salainen-huone" in message.body
    assert "/ilmoittautuminen/" in message.body
    # Never twice: the next runs of the command find nothing to send.
    assert remind(committed, run_background_worker, hours_before(19)) == {}
    assert remind(committed, run_background_worker, hours_before(1)) == {}


def test_the_reminder_waits_for_the_meetings_own_number_of_hours(
    meeting, committed, run_background_worker
):
    registration(meeting, 1)
    assert remind(committed, run_background_worker, hours_before(25)) == {}

    meeting.reminder_hours = 48
    meeting.save_revision().publish()
    assert list(remind(committed, run_background_worker, hours_before(25))) == [
        "henkilo1@latu.example"
    ]


def test_no_reminder_for_a_cancelled_postponed_past_or_unpublished_meeting(
    forum, meeting, committed, run_background_worker
):
    registration(meeting, 1)
    for status in (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED):
        meeting.status = status
        meeting.save()
        assert remind(committed, run_background_worker, hours_before(2)) == {}
    meeting.status = MeetingStatus.SCHEDULED
    meeting.save()
    # It has started: too late to remind.
    assert remind(committed, run_background_worker, START + datetime.timedelta(minutes=5)) == {}
    meeting.unpublish()
    assert remind(committed, run_background_worker, hours_before(2)) == {}


def test_a_moved_meeting_is_reminded_of_again_at_its_new_time(
    meeting, committed, run_background_worker
):
    registration(meeting, 1)
    assert len(remind(committed, run_background_worker, hours_before(20))) == 1

    later = START + datetime.timedelta(days=7)
    meeting.start, meeting.end = later, later + datetime.timedelta(hours=2)
    meeting.save_revision().publish()
    # Not before the new time is near.
    assert remind(committed, run_background_worker, hours_before(2)) == {}
    sent = remind(committed, run_background_worker, later - datetime.timedelta(hours=20))
    assert "19.3.2030 klo 17.30" in sent["henkilo1@latu.example"].body
    assert remind(committed, run_background_worker, later - datetime.timedelta(hours=19)) == {}


def test_a_seat_from_the_waiting_list_inside_the_window_gets_the_reminder_on_the_next_run(
    forum, committed, run_background_worker
):
    from forums.registrations import cancel_registration

    soon = timezone.now() + datetime.timedelta(hours=10)
    meeting = factories.ForumMeetingPageFactory(
        parent=forum,
        start=soon,
        end=soon + datetime.timedelta(hours=2),
        registration_open=True,
        seats=1,
        attendance_mode="remote",
        remote_link="https://etakokous.example/salainen-huone",
    )
    first = registration(meeting, 1)
    registration(meeting, 2, state=RegistrationState.WAITING)
    assert list(remind(committed, run_background_worker, timezone.now())) == [
        "henkilo1@latu.example"
    ]

    mail.outbox.clear()
    with committed():
        cancel_registration(first)
    run_background_worker()
    (seat,) = (message for message in mail.outbox if message.to == ["henkilo2@latu.example"])
    # The seat's message cannot promise the reminder 24 hours before: it comes at once.
    assert "tulee pian omassa muistutusviestissään" in seat.body
    assert "salainen-huone" not in seat.body
    sent = remind(committed, run_background_worker, timezone.now())
    assert list(sent) == ["henkilo2@latu.example"]
    assert "salainen-huone" in sent["henkilo2@latu.example"].body


def test_the_command_queues_the_reminders_that_are_due(forum, run_background_worker):
    soon = timezone.now() + datetime.timedelta(hours=3)
    meeting = factories.ForumMeetingPageFactory(
        parent=forum, title="Pian alkava kokous", start=soon, end=soon + datetime.timedelta(hours=1)
    )
    registration(meeting, 1)

    call_command("send_meeting_reminders")
    call_command("send_meeting_reminders")
    run_background_worker()

    (message,) = mail.outbox
    assert "Muistutus: Pian alkava kokous" in message.subject
