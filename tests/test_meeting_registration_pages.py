"""Registering on a meeting's page, and the e-mailed link that shows and cancels it.

Without JavaScript and without signing in; what the person typed stays after any
problem; the page shows counts, never who registered.
"""

import datetime
import re

import pytest
from django.core import signing
from django.utils import timezone

from forums.models import Registration
from forums.registrations import registration_link_token
from tests import factories

pytestmark = pytest.mark.django_db


def visible_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def meeting(forum):
    return factories.ForumMeetingPageFactory(
        parent=forum,
        title="Seurafoorumi maaliskuussa",
        registration_open=True,
        seats=2,
        max_companions=1,
        ask_dietary_needs=True,
    )


def form_url(meeting):
    return meeting.url + "ilmoittaudu/"


def person(number, **extra):
    return {
        "name": f"Henkilö {number}",
        "email": f"henkilo{number}@latu.example",
        "association": "Järvelän Latu ry",
        "companions": "0",
        "dietary_needs": "",
        "website": "",
    } | extra


def test_the_page_shows_seats_left_and_the_waiting_list_but_no_names(client, meeting):
    for number in range(3):
        client.post(form_url(meeting), person(number))

    page = visible_text(client.get(meeting.url))

    assert "0 paikkaa jäljellä" in page
    assert "1 ilmoittautuminen varasijalla" in page
    assert "Henkilö" not in page
    assert "latu.example" not in page


def test_a_person_registers_and_sees_it_confirmed(client, meeting):
    response = client.post(form_url(meeting), person(1, dietary_needs="Vegaani"), follow=True)

    assert "Ilmoittautumisesi on vahvistettu" in visible_text(response)
    registration = Registration.objects.get()
    assert (registration.name, registration.dietary_needs) == ("Henkilö 1", "Vegaani")
    assert "1 paikka jäljellä" in visible_text(client.get(meeting.url))


def test_when_the_seats_are_taken_the_success_page_says_waiting_and_the_place_in_line(
    client, meeting
):
    client.post(form_url(meeting), person(1, companions="1"))
    response = client.post(form_url(meeting), person(2), follow=True)

    assert "varasijalla, jonossa numero 1" in visible_text(response)


def test_too_many_companions_keeps_the_input_with_a_finnish_message(client, meeting):
    response = client.post(form_url(meeting), person(1, companions="3"))

    assert response.status_code == 400
    text = visible_text(response)
    assert "Voit ilmoittaa mukaasi enintään 1 seuralaista" in text
    assert 'value="Henkilö 1"' in response.content.decode()
    assert not Registration.objects.exists()


def test_the_same_address_twice_is_refused_and_the_input_kept(client, meeting):
    client.post(form_url(meeting), person(1))
    response = client.post(form_url(meeting), person(1, name="Toinen Kerta"))

    assert response.status_code == 403
    assert "on jo ilmoittauduttu tähän kokoukseen" in visible_text(response)
    assert 'value="Toinen Kerta"' in response.content.decode()
    assert Registration.objects.count() == 1


def test_an_invalid_address_is_explained(client, meeting):
    response = client.post(form_url(meeting), person(1, email="ei-osoite"))
    assert response.status_code == 400
    assert "nimi@esimerkki.fi" in visible_text(response)


def test_after_the_deadline_the_form_is_gone_and_a_post_changes_nothing(client, forum):
    meeting = factories.ForumMeetingPageFactory(
        parent=forum,
        registration_open=True,
        registration_deadline=timezone.now() - datetime.timedelta(hours=1),
    )
    assert "Ilmoittautuminen tähän kokoukseen on päättynyt" in visible_text(client.get(meeting.url))
    response = client.post(form_url(meeting), person(1))
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_a_bot_filling_the_honeypot_is_turned_away_without_a_trace(client, meeting):
    response = client.post(form_url(meeting), person(1, website="http://roska.example"))
    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_registrations_from_one_address_are_rate_limited(client, meeting, settings):
    settings.YHDESSA_RATE_LIMITS = settings.YHDESSA_RATE_LIMITS | {
        "registration": {"per_user": "1/h", "per_ip": "1/h"}
    }
    client.post(form_url(meeting), person(1))
    response = client.post(form_url(meeting), person(2))
    assert response.status_code == 429
    assert 'value="Henkilö 2"' in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_signed_in_participant_finds_the_form_filled_in(client, meeting):
    participant = factories.ParticipantFactory(display_name="Aino Ahola")
    client.force_login(participant)
    html = client.get(form_url(meeting)).content.decode()
    assert 'value="Aino Ahola"' in html
    assert f'value="{participant.email}"' in html


def test_the_link_cancels_and_the_next_in_line_gets_the_seat(client, meeting):
    client.post(form_url(meeting), person(1, companions="1"))
    client.post(form_url(meeting), person(2))
    first, second = Registration.objects.order_by("pk")
    link = meeting.url + f"ilmoittautuminen/{registration_link_token(first)}/"

    response = client.post(link, {"cancel": "1"}, follow=True)

    assert "Ilmoittautumisesi on peruttu" in visible_text(response)
    second.refresh_from_db()
    assert second.state == "confirmed"
    # The link is used: it says so and changes nothing more.
    again = client.post(link, {"cancel": "1"})
    assert again.status_code == 409
    assert "Tämä ilmoittautuminen on jo peruttu" in visible_text(again)


def test_a_tampered_link_gets_a_clear_finnish_page(client, meeting):
    client.post(form_url(meeting), person(1))
    registration = Registration.objects.get()
    token = registration_link_token(registration)
    created = registration.created_at.isoformat()
    forged = signing.Signer(salt="another-purpose", sep="/").sign_object(
        {"r": registration.pk, "t": created}
    )

    for bad in (token[:-2] + "xx", forged):
        response = client.post(meeting.url + f"ilmoittautuminen/{bad}/", {"cancel": "1"})
        assert response.status_code == 400
        assert "Tämä linkki ei toimi" in visible_text(response)
    registration.refresh_from_db()
    assert registration.state == "confirmed"


def test_the_link_expires_when_the_meeting_ends(client, meeting):
    client.post(form_url(meeting), person(1))
    registration = Registration.objects.get()
    link = meeting.url + f"ilmoittautuminen/{registration_link_token(registration)}/"
    meeting.start = timezone.now() - datetime.timedelta(days=1)
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.save()

    response = client.post(link, {"cancel": "1"})

    assert response.status_code == 400
    assert "linkki ei enää toimi" in visible_text(response)
    registration.refresh_from_db()
    assert registration.state == "confirmed"
