"""Meeting registration in the collaboration API: the same rules and services as the pages."""

import datetime
import json

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.models import APIToken

from forums.models import MeetingStatus, Registration
from forums.registration_models import RegistrationState
from forums.registrations import registration_link_token
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("many_writes")]


def meeting_with(forum, **meeting_settings):
    values = {"registration_open": True, "seats": 2, "max_companions": 1} | meeting_settings
    return factories.ForumMeetingPageFactory(parent=forum, **values)


def post(client, meeting, body, **headers):
    return client.post(
        f"/api/meetings/{meeting.pk}/registrations/",
        json.dumps(body),
        content_type="application/json",
        **headers,
    )


def person(number, **extra):
    return {"name": f"Henkilö {number}", "email": f"henkilo{number}@latu.example"} | extra


def test_a_meeting_tells_its_registration_status_in_counts_only(client, forum):
    meeting = meeting_with(forum, seats=3, ask_dietary_needs=True, max_companions=2)
    post(client, meeting, person(1, companions=2))
    post(client, meeting, person(2, companions=1))  # 2 seats, 1 free: waits

    answer = client.get(f"/api/meetings/{meeting.pk}/").json()

    deadline = datetime.datetime.fromisoformat(answer["registration"].pop("deadline"))
    assert abs(deadline - meeting.start) < datetime.timedelta(milliseconds=1)
    assert answer["registration"] == {
        "in_use": True,
        "open": True,
        "closed_reason": None,
        "seats": 3,
        "seats_left": 0,
        "waiting": 1,
        "attendance_mode": "in_person",
        "questions": ["dietary_needs"],
        "max_companions": 2,
    }
    assert "Henkilö" not in json.dumps(answer)
    assert "latu.example" not in json.dumps(answer)


def test_a_meeting_without_registration_says_so(client, forum):
    meeting = factories.ForumMeetingPageFactory(parent=forum)
    registration = client.get(f"/api/meetings/{meeting.pk}/").json()["registration"]
    assert registration["in_use"] is False
    assert registration["open"] is False
    assert registration["closed_reason"] == "registration_off"


def test_anyone_registers_and_gets_the_e_mailed_token_once(client, forum):
    meeting = meeting_with(forum, seats=1)
    first = post(client, meeting, person(1))
    second = post(client, meeting, person(2))

    assert first.status_code == 201, first.content
    assert first.json()["state"] == "confirmed"
    assert first.json()["position"] is None
    assert second.json()["state"] == "waiting"
    assert second.json()["position"] == 1
    registration = Registration.objects.get(email="henkilo2@latu.example")
    token = registration_link_token(registration)
    assert second.json()["token"] == token
    assert second.json()["url"].endswith(meeting.url + f"ilmoittautuminen/{token}/")
    # The token is given once: reading the registration does not give it again.
    again = client.get(f"/api/meetings/{meeting.pk}/registration/", {"token": token})
    assert again.status_code == 200
    assert "token" not in again.json()
    assert again.json()["state"] == "waiting"
    assert again.json()["position"] == 1


def test_anyone_registers_without_a_csrf_token_but_a_session_needs_it(forum):
    meeting = meeting_with(forum)
    anonymous = post(Client(enforce_csrf_checks=True), meeting, person(1))
    assert anonymous.status_code == 201, anonymous.content

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(factories.ParticipantFactory())
    forged = post(browser, meeting, person(2))
    assert forged.status_code == 403
    assert forged.json()["code"] == "csrf_failed"
    assert Registration.objects.count() == 1


def test_a_signed_in_participant_is_filled_in(client, forum):
    meeting = meeting_with(forum)
    participant = factories.ParticipantFactory(display_name="Aino Yhdistys")
    _token, plaintext = APIToken.create_token(user=participant, name="Sovellus")

    answer = post(client, meeting, {}, HTTP_AUTHORIZATION=f"Bearer {plaintext}")

    assert answer.status_code == 201, answer.content
    registration = Registration.objects.get()
    assert registration.user == participant
    assert registration.email == participant.email
    assert registration.name == str(participant)
    # A revoked token is refused, never taken for someone not signed in.
    APIToken.objects.get().revoke()
    revoked = post(client, meeting, person(2), HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert revoked.status_code == 401
    assert revoked.json()["code"] == "invalid_token"
    assert Registration.objects.count() == 1


def test_cancelling_by_token_moves_the_next_in_line_and_the_token_then_fails(client, forum):
    meeting = meeting_with(forum, seats=1)
    token = post(client, meeting, person(1)).json()["token"]
    post(client, meeting, person(2))
    url = f"/api/meetings/{meeting.pk}/registration/?token={token}"

    cancelled = client.delete(url)

    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json()["state"] == "cancelled"
    waiting = Registration.objects.get(email="henkilo2@latu.example")
    assert waiting.state == RegistrationState.CONFIRMED
    again = client.delete(url)
    assert again.status_code == 403
    assert again.json()["code"] == "already_cancelled"
    assert again.json()["message"]["fi"] == "Tämä ilmoittautuminen on jo peruttu."


def test_a_tampered_token_is_a_clear_finnish_refusal(client, forum):
    meeting = meeting_with(forum)
    token = post(client, meeting, person(1)).json()["token"]
    for tampered in (token[:-2] + "xx", "roskaa", ""):
        for send in (client.get, client.delete):
            answer = send(f"/api/meetings/{meeting.pk}/registration/?token={tampered}")
            assert answer.status_code in (403, 422), (tampered, answer.content)
            if answer.status_code == 403:
                assert answer.json()["code"] == "link_invalid"
                assert answer.json()["message"]["fi"].startswith("Tämä linkki ei toimi.")
    assert Registration.objects.get().state == RegistrationState.CONFIRMED


@pytest.mark.parametrize(
    ("meeting_settings", "code"),
    [
        (
            {"registration_deadline": timezone.now() - datetime.timedelta(hours=1)},
            "deadline_passed",
        ),
        ({"status": MeetingStatus.CANCELLED}, "meeting_cancelled"),
        (
            {
                "start": timezone.now() - datetime.timedelta(days=2),
                "end": timezone.now() - datetime.timedelta(days=2, hours=-2),
            },
            "meeting_past",
        ),
        ({"registration_open": False}, "registration_off"),
    ],
)
def test_the_rules_refuse_with_their_code_and_nothing_is_saved(
    client, forum, meeting_settings, code
):
    meeting = meeting_with(forum, **meeting_settings)
    answer = post(client, meeting, person(1))
    assert answer.status_code == 403, answer.content
    assert answer.json()["code"] == code
    assert answer.json()["message"]["fi"]
    assert not Registration.objects.exists()


def test_the_same_address_twice_is_refused(client, forum):
    meeting = meeting_with(forum)
    post(client, meeting, person(1))
    answer = post(client, meeting, person(1) | {"email": "HENKILO1@latu.example"})
    assert answer.status_code == 403
    assert answer.json()["code"] == "already_registered"
    assert answer.json()["message"]["fi"] == (
        "Tällä sähköpostiosoitteella on jo ilmoittauduttu tähän kokoukseen."
    )
    assert Registration.objects.count() == 1


def test_too_many_companions_and_bad_input_are_field_errors(client, forum):
    meeting = meeting_with(forum, max_companions=1)
    too_many = post(client, meeting, person(1, companions=2))
    assert too_many.status_code == 422
    assert too_many.json()["code"] == "invalid"
    assert too_many.json()["fields"]["companions"][0]["fi"] == (
        "Voit ilmoittaa mukaasi enintään 1 seuralaista."
    )
    bad_email = post(client, meeting, person(1, email="ei-osoite"))
    assert bad_email.status_code == 422
    assert "email" in bad_email.json()["fields"]
    no_name = post(client, meeting, {"email": "a@latu.example"})
    assert no_name.status_code == 422
    assert "name" in no_name.json()["fields"]
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_registering_is_rate_limited_like_the_form(client, forum, settings):
    settings.YHDESSA_RATE_LIMITS = settings.YHDESSA_RATE_LIMITS | {
        "registration": {"per_user": "2/h", "per_ip": "2/h"}
    }
    meeting = meeting_with(forum, seats=None)
    answers = [post(client, meeting, person(n)).status_code for n in range(3)]
    assert answers == [201, 201, 429]
    assert Registration.objects.count() == 2


def test_the_participant_lists_their_own_registrations(client, forum):
    participant = factories.ParticipantFactory(display_name="Aino Yhdistys")
    _token, plaintext = APIToken.create_token(user=participant, name="Sovellus")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    later = meeting_with(forum, title="Talven foorumi", seats=0)
    later.start = timezone.now() + datetime.timedelta(days=40)
    later.end = later.start + datetime.timedelta(hours=2)
    later.save()
    sooner = meeting_with(forum, title="Syksyn foorumi")
    other = meeting_with(forum, title="Muiden foorumi")
    post(client, later, {}, **auth)
    post(client, sooner, {}, **auth)
    post(client, other, person(9))

    mine = client.get("/api/me/registrations/", **auth)

    assert mine.status_code == 200, mine.content
    items = mine.json()["items"]
    assert [item["meeting"]["title"] for item in items] == ["Syksyn foorumi", "Talven foorumi"]
    assert [(item["state"], item["position"]) for item in items] == [
        ("confirmed", None),
        ("waiting", 1),
    ]
    assert client.get("/api/me/registrations/").status_code == 401


def test_forums_and_meetings_carry_their_calendar_links(client, forum):
    meeting = meeting_with(forum)
    forum_url = forum.get_full_url()

    answer = client.get(f"/api/forums/{forum.pk}/").json()

    assert answer["calendar"] == {
        "calendar_url": forum_url + "kalenteri/",
        "webcal_url": "webcal://" + (forum_url + "kalenteri/").split("://", 1)[1],
        "feed_url": forum_url + "syote/",
    }
    on_meeting = client.get(f"/api/meetings/{meeting.pk}/").json()
    assert on_meeting["calendar_url"] == meeting.get_full_url() + "kalenteri/"
    assert on_meeting["forum"]["calendar"] == answer["calendar"]


def test_the_content_api_carries_the_calendar_links_too(client, forum):
    meeting = meeting_with(forum)
    forum_url = forum.get_full_url()

    on_forum = client.get(f"/api/v2/pages/{forum.pk}/?fields=calendar").json()
    on_meeting = client.get(f"/api/v2/pages/{meeting.pk}/?fields=calendar_url").json()

    assert on_forum["calendar"]["webcal_url"].startswith("webcal://")
    assert on_forum["calendar"]["calendar_url"] == forum_url + "kalenteri/"
    assert on_forum["calendar"]["feed_url"] == forum_url + "syote/"
    assert on_meeting["calendar_url"] == meeting.get_full_url() + "kalenteri/"
