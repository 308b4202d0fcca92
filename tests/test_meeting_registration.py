"""Registering for a forum meeting: seats, companions, the waiting list and its order."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from forums.models import MeetingStatus, Registration
from forums.registration_models import RegistrationState
from forums.registrations import (
    RegistrationRefused,
    can_register,
    cancel_registration,
    register_for_meeting,
    seats_left,
    waiting_count,
    waiting_position,
)
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("many_writes")]


def meeting_with(forum, **meeting_settings):
    values = {"registration_open": True, "seats": 2, "max_companions": 2} | meeting_settings
    return factories.ForumMeetingPageFactory(parent=forum, **values)


def register(request, meeting, number, companions=0, **extra):
    return register_for_meeting(
        request,
        meeting,
        name=f"Henkilö {number}",
        email=f"henkilo{number}@latu.example",
        association="Järvelän Latu ry",
        companions=companions,
        **extra,
    )


def test_the_third_person_for_two_seats_waits_in_line(forum, visitor):
    meeting = meeting_with(forum)
    first, second, third = (register(visitor, meeting, n) for n in range(3))

    assert [first.state, second.state, third.state] == ["confirmed", "confirmed", "waiting"]
    assert seats_left(meeting) == 0
    assert waiting_count(meeting) == 1
    assert waiting_position(third) == 1


def test_companions_take_seats_of_their_own(forum, visitor):
    meeting = meeting_with(forum, seats=4)
    register(visitor, meeting, 1, companions=2)
    assert seats_left(meeting) == 1
    # A group of two does not fit into one seat: it waits, whole.
    assert register(visitor, meeting, 2, companions=1).state == RegistrationState.WAITING


def test_more_companions_than_allowed_is_refused_and_nothing_is_saved(forum, visitor):
    meeting = meeting_with(forum, max_companions=1)
    with pytest.raises(ValidationError) as refused:
        register(visitor, meeting, 1, companions=2)
    assert "companions" in refused.value.message_dict
    assert not Registration.objects.exists()


def test_the_same_address_cannot_register_twice(forum, visitor):
    meeting = meeting_with(forum)
    register(visitor, meeting, 1)
    with pytest.raises(RegistrationRefused) as refused:
        register_for_meeting(visitor, meeting, name="Toinen", email="HENKILO1@latu.example")
    assert refused.value.code == "already_registered"
    assert Registration.objects.count() == 1


def test_after_cancelling_one_can_register_again(forum, visitor):
    meeting = meeting_with(forum)
    cancel_registration(register(visitor, meeting, 1))
    assert register(visitor, meeting, 1).state == RegistrationState.CONFIRMED


@pytest.mark.parametrize(
    ("meeting_settings", "code"),
    [
        ({"registration_open": False}, "registration_off"),
        ({"status": MeetingStatus.CANCELLED}, "meeting_cancelled"),
        (
            {"registration_deadline": timezone.now() - datetime.timedelta(hours=1)},
            "deadline_passed",
        ),
        (
            {
                "start": timezone.now() - datetime.timedelta(days=2),
                "end": timezone.now() - datetime.timedelta(days=2, hours=-2),
            },
            "meeting_past",
        ),
    ],
)
def test_closed_registration_is_refused_with_its_reason(forum, visitor, meeting_settings, code):
    meeting = meeting_with(forum, **meeting_settings)
    assert not can_register(meeting)
    with pytest.raises(RegistrationRefused) as refused:
        register(visitor, meeting, 1)
    assert refused.value.code == code
    assert not Registration.objects.exists()


def test_a_full_meeting_is_not_refused(forum, visitor):
    meeting = meeting_with(forum, seats=1)
    register(visitor, meeting, 1)
    assert can_register(meeting)
    assert register(visitor, meeting, 2).state == RegistrationState.WAITING


def test_a_cancellation_gives_the_seat_to_the_first_in_line(forum, visitor):
    meeting = meeting_with(forum, seats=1)
    first = register(visitor, meeting, 1)
    second = register(visitor, meeting, 2)
    third = register(visitor, meeting, 3)

    promoted = cancel_registration(first)

    assert promoted == [second]
    second.refresh_from_db(), third.refresh_from_db()
    assert (second.state, third.state) == ("confirmed", "waiting")
    assert waiting_position(third) == 1


def test_promotion_stops_at_a_group_that_does_not_fit_nobody_jumps_the_line(forum, visitor):
    meeting = meeting_with(forum, seats=2)
    first = register(visitor, meeting, 1)
    register(visitor, meeting, 2)
    group = register(visitor, meeting, 3, companions=1)
    single = register(visitor, meeting, 4)

    assert cancel_registration(first) == []

    group.refresh_from_db(), single.refresh_from_db()
    assert (group.state, single.state) == ("waiting", "waiting")
    assert seats_left(meeting) == 1
    # Nor does a newcomer take the free seat while others wait.
    assert register(visitor, meeting, 5).state == RegistrationState.WAITING


def test_freed_seats_go_to_as_many_in_line_as_fit(forum, visitor):
    meeting = meeting_with(forum, seats=3)
    group = register(visitor, meeting, 1, companions=2)
    waiting = [register(visitor, meeting, n) for n in (2, 3, 4, 5)]

    promoted = cancel_registration(group)

    assert promoted == waiting[:3]
    assert waiting_position(Registration.objects.get(pk=waiting[3].pk)) == 1


def test_a_cancelled_registration_cannot_be_cancelled_again(forum, visitor):
    meeting = meeting_with(forum)
    registration = register(visitor, meeting, 1)
    cancel_registration(registration)
    with pytest.raises(RegistrationRefused) as refused:
        cancel_registration(registration)
    assert refused.value.code == "already_cancelled"


def test_only_the_questions_the_meeting_asks_are_kept(forum, visitor):
    meeting = meeting_with(forum, ask_dietary_needs=True)
    registration = register(
        visitor,
        meeting,
        1,
        answers={"dietary_needs": " gluteeniton ", "accessibility_needs": "pyörätuoli"},
    )
    registration.refresh_from_db()
    assert registration.dietary_needs == "gluteeniton"
    assert registration.accessibility_needs == ""


def test_a_signed_in_participant_is_linked_to_their_registration(forum, rf):
    meeting = meeting_with(forum)
    person = factories.ParticipantFactory()
    request = rf.post("/")
    request.user = person
    registration = register_for_meeting(request, meeting, name="Aino", email=person.email)
    assert registration.user == person


def test_a_remote_meeting_taking_registrations_needs_its_link(forum):
    meeting = meeting_with(
        forum, attendance_mode="remote", remote_link="https://etakokous.example/huone"
    )
    meeting.remote_link = ""
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert "remote_link" in refused.value.message_dict
    meeting.attendance_mode = "in_person"
    meeting.full_clean()
