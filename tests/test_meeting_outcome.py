"""Closing a meeting: after it is held, its minutes, attendees and associations come first."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from forums.models import ForumMeetingPage, MeetingStatus
from tests import factories
from tests.test_admin_publishing import PAGE_CASES, post_new_page, publish_page
from tests.test_meeting_calendar import json_ld_of

ASSOCIATIONS = "Järvelän Latu ry\n\n  Pajulan Nuorisoseura ry  \n"


def held_on_12_march(forum, **fields):
    start = timezone.make_aware(datetime.datetime(2026, 3, 12, 17, 0))
    return factories.ForumMeetingPageFactory(
        parent=forum, start=start, end=start + datetime.timedelta(hours=2), **fields
    )


def closed_meeting(forum, **fields):
    return held_on_12_march(
        forum,
        title="Seurafoorumi maaliskuussa",
        summary="<p>Sovittiin kesän kenttävuoroista.</p>",
        minutes=factories.DocumentFactory(title="Pöytäkirja 12.3.2026"),
        attendee_count=23,
        attended_associations=ASSOCIATIONS,
        registration_open=True,
        **fields,
    )


@pytest.mark.django_db
def test_a_closed_meeting_shows_its_outcome_first_and_says_it_is_past(client, forum):
    meeting = closed_meeting(forum)

    html = client.get(meeting.url).content.decode()

    outcome = html.index('id="outcome-heading"')
    assert html.index("Kokous on pidetty 12.3.2026") < outcome
    assert outcome < html.index('class="facts"')
    assert outcome < html.index('id="agenda-heading"')
    shown = html[outcome : html.index("</section>", outcome)]
    assert "Sovittiin kesän kenttävuoroista." in shown
    assert "Pöytäkirja 12.3.2026" in shown
    assert "Osallistujia: 23" in shown
    assert "<li>Järvelän Latu ry</li>" in shown
    assert "<li>Pajulan Nuorisoseura ry</li>" in shown
    # Registration is closed: the page says so and offers no form.
    assert "ilmoittaudu/" not in html
    assert "Tämä kokous on jo pidetty." in html


@pytest.mark.django_db
def test_the_archive_says_which_meetings_have_minutes(client, forum):
    closed_meeting(forum)
    held_on_12_march(forum, title="Kokous ilman pöytäkirjaa")

    html = client.get(forum.url + "arkisto/2026/").content.decode()

    teasers = html.split('class="teaser meeting-teaser"')[1:]
    with_minutes = [teaser for teaser in teasers if "Pöytäkirja luettavissa" in teaser]
    assert len(with_minutes) == 1
    assert "Seurafoorumi maaliskuussa" in with_minutes[0]


@pytest.mark.django_db
def test_a_cancelled_meeting_cannot_be_closed_with_minutes(forum):
    meeting = held_on_12_march(forum, status=MeetingStatus.CANCELLED)
    meeting.attendee_count = 4

    with pytest.raises(ValidationError) as error:
        meeting.full_clean()

    assert "Peruttua kokousta ei voi päättää" in str(error.value.messages)


@pytest.mark.django_db
def test_attendees_are_entered_only_once_the_meeting_has_been_held(forum):
    start = timezone.now() + datetime.timedelta(days=7)
    meeting = factories.ForumMeetingPageFactory(
        parent=forum, start=start, end=start + datetime.timedelta(hours=2)
    )
    meeting.attended_associations = "Järvelän Latu ry"

    with pytest.raises(ValidationError) as error:
        meeting.full_clean()

    assert "vasta, kun kokous on pidetty" in str(error.value.messages)


@pytest.mark.django_db
def test_the_outcome_is_in_the_content_api_and_the_json_ld(client, forum):
    meeting = closed_meeting(forum)

    data = client.get(f"/api/v2/pages/{meeting.pk}/").json()
    assert data["attendee_count"] == 23
    assert data["attended_associations"] == ["Järvelän Latu ry", "Pajulan Nuorisoseura ry"]
    event = json_ld_of(client, meeting)
    assert event["attendee"] == [
        {"@type": "Organization", "name": "Järvelän Latu ry"},
        {"@type": "Organization", "name": "Pajulan Nuorisoseura ry"},
    ]


def meeting_form_held_in_march(**fields):
    form = PAGE_CASES["meeting"][2]({"document": factories.DocumentFactory()})
    form.update({"start": "2026-03-12 17:00", "end": "2026-03-12 19:00", **fields})
    return form


@pytest.mark.django_db
def test_staff_close_a_held_meeting_in_the_page_editor(editor_client, forum):
    fields = meeting_form_held_in_march(
        attendee_count="23", attended_associations="Järvelän Latu ry\nPajulan Nuorisoseura ry"
    )

    meeting = publish_page(editor_client, forum, ForumMeetingPage, fields)

    html = Client().get(meeting.url).content.decode()
    assert "Osallistujia: 23" in html
    assert "<li>Pajulan Nuorisoseura ry</li>" in html


@pytest.mark.django_db
def test_the_page_editor_refuses_minutes_for_a_cancelled_meeting_in_finnish(editor_client, forum):
    fields = meeting_form_held_in_march(status="cancelled", attendee_count="4")

    response = post_new_page(editor_client, forum, ForumMeetingPage, fields)

    assert response.status_code == 200
    assert "Peruttua kokousta ei voi päättää pöytäkirjalla" in response.content.decode()
    assert not ForumMeetingPage.objects.exists()
