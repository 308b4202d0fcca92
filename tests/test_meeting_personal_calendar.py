"""A participant's private calendar of the meetings they registered for."""

import datetime
import json
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from accounts import personal_data
from forums.models import PersonalCalendar, Registration
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("many_writes")]


def meeting_on(forum, title, days):
    start = timezone.now() + datetime.timedelta(days=days)
    return factories.ForumMeetingPageFactory(
        parent=forum, title=title, start=start, end=start + datetime.timedelta(hours=2)
    )


def register(participant, meeting, state="confirmed"):
    return Registration.objects.create(
        meeting=meeting, user=participant, name="Aino", email=participant.email, state=state
    )


def profile_addresses(client):
    page = BeautifulSoup(client.get("/tili/profiili/").content, "html.parser")
    section = page.find(id="meeting-registrations")
    codes = [code.get_text() for code in section.select(".subscribe code")]
    webcal = next(code for code in codes if code.startswith("webcal://"))
    https = next(code for code in codes if code.startswith("http"))
    return webcal, https


def events(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def participant():
    return factories.ParticipantFactory(display_name="Aino Yhdistys")


def test_the_profile_gives_an_address_calendar_programs_open_without_cookies(
    client, forum, participant
):
    mine = meeting_on(forum, "Syksyn foorumi", 7)
    waiting = meeting_on(forum, "Talven foorumi", 30)
    cancelled = meeting_on(forum, "Peruttu foorumi", 10)
    meeting_on(forum, "Muiden foorumi", 14)
    register(participant, mine)
    register(participant, waiting, state="waiting")
    register(participant, cancelled, state="cancelled")
    client.force_login(participant)

    webcal, https = profile_addresses(client)

    assert webcal == "webcal://" + https.split("://", 1)[1]
    private = Client().get(urlsplit(https).path)
    assert "no-store" in private["Cache-Control"]  # no cache keeps it after a new address
    found = events(private)
    assert set(found) == {"Syksyn foorumi", "Talven foorumi"}
    # The same event as in the forum's public calendar: one UID, whichever brought it.
    public = events(Client().get(forum.url + "kalenteri/"))
    assert found["Syksyn foorumi"]["uid"] == public["Syksyn foorumi"]["uid"]
    # Another person's profile has another address.
    client.force_login(factories.ParticipantFactory())
    assert profile_addresses(client)[1] != https


def test_a_new_address_ends_the_old_one(client, forum, participant):
    register(participant, meeting_on(forum, "Syksyn foorumi", 7))
    client.force_login(participant)
    _webcal, old = profile_addresses(client)

    answer = client.post("/tili/oma-kalenteri/uusi-osoite/", follow=True)

    assert "Kalenterillasi on uusi osoite" in answer.content.decode()
    _webcal, new = profile_addresses(client)
    assert new != old
    assert Client().get(urlsplit(old).path).status_code == 404
    assert "Syksyn foorumi" in events(Client().get(urlsplit(new).path))


def test_a_made_up_address_is_not_found(client):
    assert client.get("/kalenteri/oma/arvattu-osoite/").status_code == 404


def test_making_a_new_address_needs_a_signed_in_post(client, participant):
    assert client.post("/tili/oma-kalenteri/uusi-osoite/").status_code == 302
    assert not PersonalCalendar.objects.exists()
    client.force_login(participant)
    assert client.get("/tili/oma-kalenteri/uusi-osoite/").status_code == 405


def test_the_key_is_in_the_export_and_goes_with_the_erasure(client, forum, participant):
    client.force_login(participant)
    profile_addresses(client)
    key = PersonalCalendar.objects.get(user=participant).key

    exported = json.loads(personal_data.export_json(participant))
    assert exported["forums"]["meeting_calendar"][0]["key"] == key

    personal_data.erase_user(participant, remove_content=True)
    assert not PersonalCalendar.objects.exists()
    assert Client().get(f"/kalenteri/oma/{key}/").status_code == 404
