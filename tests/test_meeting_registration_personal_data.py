"""A person's meeting registrations are in their data download and go with their account."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import personal_data
from forums.models import Registration
from forums.registrations import register_for_meeting
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("many_writes")]


@pytest.fixture
def meeting(forum):
    return factories.ForumMeetingPageFactory(
        parent=forum, title="Seurafoorumi", registration_open=True, seats=1, ask_dietary_needs=True
    )


def visitor(rf, user=None):
    request = rf.post("/")
    request.user = user or AnonymousUser()
    return request


def test_the_download_holds_registrations_made_signed_in_or_with_the_persons_address(
    rf, meeting, forum
):
    person = factories.ParticipantFactory(email="aino@latu.example")
    register_for_meeting(
        visitor(rf, person),
        meeting,
        name="Aino",
        email="aino@latu.example",
        answers={"dietary_needs": "Vegaani"},
    )
    other = factories.ForumMeetingPageFactory(parent=forum, registration_open=True)
    # Registered before signing up, with the same address in other letters.
    register_for_meeting(visitor(rf), other, name="Aino", email="AINO@latu.example")
    register_for_meeting(visitor(rf), other, name="Joku muu", email="muu@latu.example")

    Registration.objects.filter(email="aino@latu.example").update(reminded_for=meeting.start)

    data = json.loads(personal_data.export_json(person))["forums"]["meeting_registrations"]

    assert [(entry["meeting"], entry["state"]) for entry in data] == [
        ("Seurafoorumi", "confirmed"),
        (other.title, "confirmed"),
    ]
    assert data[0]["dietary_needs"] == "Vegaani"
    # Whether the reminder went, and for which time, is theirs to see too.
    assert data[0]["reminded_for"].startswith(str(meeting.start.year))
    assert "2 ilmoittautumista foorumien kokouksiin" in personal_data.summary(person)


def test_erasure_removes_the_registrations_and_the_seat_goes_to_the_next_in_line(rf, meeting):
    person = factories.ParticipantFactory(email="aino@latu.example")
    register_for_meeting(visitor(rf, person), meeting, name="Aino", email="aino@latu.example")
    waiting = register_for_meeting(visitor(rf), meeting, name="Eero", email="eero@latu.example")

    personal_data.erase_user(person, remove_content=False)

    assert list(Registration.objects.values_list("name", "state")) == [("Eero", "confirmed")]
    waiting.refresh_from_db()
    assert waiting.state == "confirmed"
