"""The e-mails a registration brings: sent by the worker, in Finnish, with what one needs."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from forums.models import Registration
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(forum):
    start = timezone.make_aware(datetime.datetime(2030, 3, 14, 17, 30))
    return factories.ForumMeetingPageFactory(
        parent=forum,
        title="Seurafoorumi maaliskuussa",
        start=start,
        end=start + datetime.timedelta(hours=2),
        registration_open=True,
        seats=1,
        attendance_mode="both",
        remote_link="https://etakokous.example/salainen-huone",
    )


def register(client, meeting, number, committed):
    with committed():
        client.post(
            meeting.url + "ilmoittaudu/",
            {"name": f"Henkilö {number}", "email": f"henkilo{number}@latu.example", "website": ""},
        )
    return Registration.objects.get(email=f"henkilo{number}@latu.example")


def test_the_confirmation_has_the_time_place_calendar_file_and_cancel_link(
    client, meeting, committed, run_background_worker
):
    register(client, meeting, 1, committed)
    assert mail.outbox == []  # no request waits on the mail server

    run_background_worker()

    (message,) = mail.outbox
    assert message.to == ["henkilo1@latu.example"]
    assert "Ilmoittautuminen vahvistettu: Seurafoorumi maaliskuussa" in message.subject
    assert "torstai 14.3.2030 klo 17.30–19.30" in message.body
    assert "Kulttuuritalo Pajula" in message.body
    # The remote link comes with the reminder (tests/test_meeting_reminders.py), as it says.
    assert "salainen-huone" not in message.body
    assert "muistutusviestissä 24 tuntia ennen kokousta" in message.body
    link = next(line for line in message.body.splitlines() if "/ilmoittautuminen/" in line)
    # The link works without signing in: it cancels the registration.
    client.logout()
    client.post(link.replace("http://localhost", ""), {"cancel": "1"})
    assert Registration.objects.get().state == "cancelled"
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == (f"{meeting.slug}.ics", "text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Seurafoorumi maaliskuussa"


def test_the_waiting_get_their_place_in_line_but_not_the_remote_link(
    client, meeting, committed, run_background_worker
):
    register(client, meeting, 1, committed)
    register(client, meeting, 2, committed)
    run_background_worker()

    waiting = next(m for m in mail.outbox if m.to == ["henkilo2@latu.example"])
    assert "jonossa numero 1" in waiting.body
    assert "salainen-huone" not in waiting.body
    assert waiting.attachments == []


def test_a_cancellation_sends_a_receipt_and_the_next_in_line_hears_of_their_seat(
    client, meeting, committed, run_background_worker
):
    from forums.registrations import cancel_registration

    first = register(client, meeting, 1, committed)
    register(client, meeting, 2, committed)
    run_background_worker()
    mail.outbox.clear()

    with committed():
        cancel_registration(first)
    run_background_worker()

    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Ilmoittautuminen peruttu" in by_address["henkilo1@latu.example"].subject
    seat = by_address["henkilo2@latu.example"]
    assert "Sait paikan" in seat.subject
    assert "salainen-huone" not in seat.body
    assert "muistutusviestissä 24 tuntia ennen kokousta" in seat.body
    assert len(seat.attachments) == 1
