"""The participant's profile lists their meeting registrations; accounts knows nothing of forums."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from forums.models import Registration
from forums.registrations import cancel_registration, register_for_meeting, registration_link_path
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("many_writes")]


def registered(rf, user, meeting, **details):
    request = rf.post("/")
    request.user = user
    fields = {"name": str(user), "email": getattr(user, "email", "")} | details
    return register_for_meeting(request, meeting, **fields)


def meeting_on(forum, title, days, **values):
    start = timezone.now() + datetime.timedelta(days=days)
    return factories.ForumMeetingPageFactory(
        parent=forum,
        title=title,
        start=start,
        end=start + datetime.timedelta(hours=2),
        registration_open=True,
        **values,
    )


def test_the_profile_lists_registrations_upcoming_first_with_state_and_links(client, rf, forum):
    participant = factories.ParticipantFactory(display_name="Aino Yhdistys")
    later = meeting_on(forum, "Talven foorumi", 40, seats=1)
    sooner = meeting_on(forum, "Syksyn foorumi", 7)
    held = meeting_on(forum, "Kevään foorumi", -30)
    registered(rf, factories.ParticipantFactory(), later)  # takes the only seat
    waiting = registered(rf, participant, later)
    confirmed = registered(rf, participant, sooner)
    Registration.objects.create(
        meeting=held, user=participant, name="Aino", email=participant.email, state="confirmed"
    )
    # Registered without signing in, with the same address: it is theirs too.
    other = meeting_on(forum, "Joulufoorumi", 20)
    by_address = registered(rf, AnonymousUser(), other, name="Aino", email=participant.email)
    cancel_registration(by_address)
    client.force_login(participant)

    page = BeautifulSoup(client.get("/tili/profiili/").content, "html.parser")

    section = page.find(id="meeting-registrations")
    assert section is not None
    rows = section.find_all("li")
    titles = [row.find("a").get_text(strip=True) for row in rows]
    assert titles == ["Syksyn foorumi", "Joulufoorumi", "Talven foorumi", "Kevään foorumi"]
    texts = [row.get_text(" ", strip=True) for row in rows]
    assert "Vahvistettu" in texts[0]
    assert "Peruttu" in texts[1]
    assert "Varasijalla" in texts[2]
    assert "jonossa 1." in texts[2]
    links = [[a["href"] for a in row.find_all("a")] for row in rows]
    assert links[0] == [sooner.url, sooner.url + registration_link_path(confirmed)]
    assert links[2] == [later.url, later.url + registration_link_path(waiting)]
    # Cancelled and past registrations have nothing to cancel.
    assert links[1] == [other.url]
    assert links[3] == [held.url]


def test_the_profile_says_when_there_are_no_registrations(client):
    client.force_login(factories.ParticipantFactory())
    page = client.get("/tili/profiili/").content.decode()
    assert "Et ole ilmoittautunut yhteenkään kokoukseen." in page


def test_the_profile_is_in_swedish_too(client, rf, forum):
    participant = factories.ParticipantFactory()
    registered(rf, participant, meeting_on(forum, "Syksyn foorumi", 7))
    client.force_login(participant)
    page = client.get("/sv/tili/profiili/").content.decode()
    assert "Dina anmälningar till möten" in page
