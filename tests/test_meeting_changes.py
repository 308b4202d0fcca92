"""A published change of a meeting's time, place or status: everyone registered hears of it
by e-mail (old → new, with the updated calendar file), and the page says what changed."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from forums.models import MeetingStatus, Registration
from forums.registration_models import RegistrationState
from tests import factories

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime.datetime(2030, 3, 14, 17, 30))


@pytest.fixture
def meeting(forum):
    meeting = factories.ForumMeetingPageFactory(
        parent=forum,
        title="Seurafoorumi maaliskuussa",
        start=START,
        end=START + datetime.timedelta(hours=2),
        registration_open=True,
        seats=10,
    )
    meeting.save_revision().publish()
    for number, state in enumerate(RegistrationState, start=1):
        Registration.objects.create(
            meeting=meeting, name=f"Henkilö {number}", email=f"{state}@latu.example", state=state
        )
    return meeting


def publish(meeting, committed, run_background_worker, **changes):
    """Publish a revision with `changes`; the messages it queued, by address."""
    mail.outbox.clear()
    page = meeting.get_latest_revision_as_object()
    for field, value in changes.items():
        setattr(page, field, value)
    with committed():
        page.save_revision().publish()
    run_background_worker()
    return {message.to[0]: message for message in mail.outbox}


def test_a_moved_time_is_told_to_everyone_registered_old_and_new(
    meeting, committed, run_background_worker
):
    later = START + datetime.timedelta(days=7)
    sent = publish(
        meeting,
        committed,
        run_background_worker,
        start=later,
        end=later + datetime.timedelta(hours=2),
    )

    # The confirmed and the waiting, not the cancelled; one message each.
    assert sorted(sent) == ["confirmed@latu.example", "waiting@latu.example"]
    assert len(mail.outbox) == 2
    message = sent["confirmed@latu.example"]
    assert "Muuttunut: Seurafoorumi maaliskuussa" in message.subject
    assert "aika siirtyi" in message.body
    assert "Aika: aiemmin 14.3.2030 klo 17.30–19.30, nyt 21.3.2030 klo 17.30–19.30" in message.body
    # A seat's calendar gets the new version of the event.
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == (f"{meeting.slug}.ics", "text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == later


def test_a_new_place_is_told_old_and_new(meeting, committed, run_background_worker):
    sent = publish(
        meeting, committed, run_background_worker, place_name="Kirjaston salonki", address=""
    )

    body = sent["waiting@latu.example"].body
    assert "paikka vaihtui" in body
    assert (
        "Paikka: aiemmin Kulttuuritalo Pajula, Myllykatu 3, 99999 Järvelä, nyt Kirjaston salonki"
        in body
    )


@pytest.mark.parametrize(
    ("status", "subject", "said"),
    [
        (MeetingStatus.POSTPONED, "Muuttunut", "Tila: aiemmin Aikataulussa, nyt Siirretty"),
        (MeetingStatus.CANCELLED, "Peruttu", "Tila: aiemmin Aikataulussa, nyt Peruttu"),
    ],
)
def test_a_postponed_or_cancelled_meeting_is_told_with_the_reason(
    meeting, committed, run_background_worker, status, subject, said
):
    sent = publish(
        meeting,
        committed,
        run_background_worker,
        status=status,
        status_note="Liian vähän ilmoittautuneita.",
    )

    message = sent["confirmed@latu.example"]
    assert f"{subject}: Seurafoorumi maaliskuussa" in message.subject
    assert said in message.body
    assert "Liian vähän ilmoittautuneita." in message.body
    event = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert str(event["STATUS"]) == {"postponed": "TENTATIVE", "cancelled": "CANCELLED"}[status]


def test_a_rescheduled_meeting_says_its_new_time(meeting, committed, run_background_worker):
    publish(meeting, committed, run_background_worker, status=MeetingStatus.POSTPONED)
    later = START + datetime.timedelta(days=30)
    sent = publish(
        meeting,
        committed,
        run_background_worker,
        status=MeetingStatus.SCHEDULED,
        start=later,
        end=later + datetime.timedelta(hours=2),
    )

    body = sent["confirmed@latu.example"].body
    assert "Tila: aiemmin Siirretty, nyt Aikataulussa" in body
    assert "nyt 13.4.2030 klo 17.30–19.30" in body


def test_a_publish_that_changes_neither_time_place_nor_status_sends_nothing(
    meeting, committed, run_background_worker
):
    assert publish(meeting, committed, run_background_worker, theme="Uusi teema") == {}
    # Nor does a draft, until it is published.
    page = meeting.get_latest_revision_as_object()
    page.place_name = "Luonnoksen paikka"
    with committed():
        page.save_revision()
    run_background_worker()
    assert mail.outbox == []


def test_the_page_and_the_forum_say_what_changed_while_the_meeting_is_upcoming(
    client, forum, committed, run_background_worker
):
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = factories.ForumMeetingPageFactory(
        parent=forum, title="Muuttuva kokous", start=start, end=start + datetime.timedelta(hours=2)
    )
    meeting.save_revision().publish()
    assert "Muuttunut" not in client.get(meeting.url).content.decode()

    later = start + datetime.timedelta(days=1)
    publish(
        meeting,
        committed,
        run_background_worker,
        start=later,
        end=later + datetime.timedelta(hours=2),
        place_name="Kirjaston salonki",
    )

    today = timezone.localdate()
    headline = f"Muuttunut {today.day}.{today.month}.: aika siirtyi, paikka vaihtui"
    html = client.get(meeting.url).content.decode()
    assert headline in html
    # The old value is struck through and said in words, not only shown in a colour.
    assert "aiemmin <del>Kulttuuritalo Pajula, Myllykatu 3, 99999 Järvelä</del>" in html
    assert "nyt Kirjaston salonki" in html
    assert headline in client.get(forum.url).content.decode()

    # Once the meeting is past, the change is history: the page no longer highlights it.
    meeting.refresh_from_db()
    past = timezone.now() - datetime.timedelta(days=2)
    meeting.start, meeting.end = past, past + datetime.timedelta(hours=2)
    meeting.save()
    assert "Muuttunut" not in client.get(meeting.url).content.decode()


def test_a_change_undone_is_no_longer_highlighted(client, forum, committed, run_background_worker):
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = factories.ForumMeetingPageFactory(
        parent=forum, start=start, end=start + datetime.timedelta(hours=2)
    )
    meeting.save_revision().publish()
    publish(meeting, committed, run_background_worker, place_name="Kirjaston salonki")
    assert "paikka vaihtui" in client.get(meeting.url).content.decode()

    sent = publish(meeting, committed, run_background_worker, place_name="Kulttuuritalo Pajula")

    assert "Muuttunut" not in client.get(meeting.url).content.decode()
    assert sent == {}  # nobody was registered


def test_a_correction_to_a_meeting_already_held_is_nobodys_news(
    meeting, committed, run_background_worker
):
    held = timezone.now() - datetime.timedelta(days=3)
    type(meeting).objects.filter(pk=meeting.pk).update(
        start=held, end=held + datetime.timedelta(hours=2)
    )
    meeting.refresh_from_db()

    assert publish(meeting, committed, run_background_worker, place_name="Oikea sali") == {}


def test_a_copy_of_a_changed_meeting_has_no_changes(
    client, forum, committed, run_background_worker
):
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = factories.ForumMeetingPageFactory(
        parent=forum, start=start, end=start + datetime.timedelta(hours=2)
    )
    meeting.save_revision().publish()
    publish(meeting, committed, run_background_worker, place_name="Kirjaston salonki")

    meeting.refresh_from_db()
    assert meeting.changes
    copy = meeting.copy(update_attrs={"slug": "kopio", "title": "Kopio"})
    copy.save_revision().publish()

    assert "Muuttunut" not in client.get(copy.url).content.decode()
