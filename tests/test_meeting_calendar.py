"""A meeting in calendars and on the forum's page: past or upcoming by one rule, its .ics file."""

import datetime
import json
import re

import feedparser
import pytest
from django.utils import timezone
from icalendar import Calendar

from forums.models import ForumMeetingPage, MeetingStatus
from tests import factories


def meeting_ended_days_ago(forum, days=3, **fields):
    start = timezone.now() - datetime.timedelta(days=days)
    return factories.ForumMeetingPageFactory(
        parent=forum, start=start, end=start + datetime.timedelta(hours=2), **fields
    )


def section(html, heading_id):
    """The part of the forum page under one heading."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


@pytest.mark.django_db
def test_postponed_meeting_waits_among_the_upcoming_and_never_says_it_was_held(client, forum):
    # Staff postponed it and have not yet set the new time: its old time has gone by, but
    # the meeting is still to come.
    meeting = meeting_ended_days_ago(
        forum, title="Siirretty kokous", status=MeetingStatus.POSTPONED
    )

    forum_html = client.get(forum.url).content.decode()
    assert "Siirretty kokous" in section(forum_html, "upcoming-heading")
    assert "Siirretty kokous" not in section(forum_html, "past-heading")
    meeting_html = client.get(meeting.url).content.decode()
    assert "Kokous on pidetty" not in meeting_html
    assert "Lisää kalenteriin" in meeting_html


@pytest.mark.django_db
def test_cancelled_meeting_goes_to_the_past_ones_but_never_says_it_was_held(client, forum):
    meeting = meeting_ended_days_ago(forum, title="Peruttu kokous", status=MeetingStatus.CANCELLED)

    forum_html = client.get(forum.url).content.decode()
    assert "Peruttu kokous" in section(forum_html, "past-heading")
    assert "Kokous on pidetty" not in client.get(meeting.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(MeetingStatus))
@pytest.mark.parametrize("ended", [datetime.timedelta(hours=-1), datetime.timedelta(0)])
def test_the_page_and_the_lists_agree_on_what_is_past(forum, status, ended):
    now = timezone.now()
    meeting = factories.ForumMeetingPageFactory(
        parent=forum,
        start=now + ended - datetime.timedelta(hours=2),
        end=now + ended,
        status=status,
    )
    in_past = ForumMeetingPage.objects.past(now).filter(pk=meeting.pk).exists()
    in_upcoming = ForumMeetingPage.objects.upcoming(now).filter(pk=meeting.pk).exists()
    assert meeting.is_past_at(now) is in_past is not in_upcoming


def calendar_of(client, meeting):
    response = client.get(meeting.url + "kalenteri/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def event_of(client, meeting):
    (event,) = calendar_of(client, meeting).walk("VEVENT")
    return event


@pytest.mark.django_db
def test_calendar_file_has_what_calendars_need_to_show_and_update_the_meeting(client, forum):
    meeting = factories.ForumMeetingPageFactory(parent=forum, title="Syksyn seurafoorumi")

    event = event_of(client, meeting)
    page_url = "http://localhost" + meeting.url
    # The UID is the page's and the Site's hostname's, never its address: a moved page
    # stays one event.
    assert event["UID"] == f"forum-meeting-{meeting.pk}@localhost"
    assert meeting.slug not in event["UID"]
    assert event.decoded("DTSTAMP").utcoffset() == datetime.timedelta(0)
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"] == "Syksyn seurafoorumi"
    assert event["LOCATION"] == "Kulttuuritalo Pajula, Myllykatu 3, 99999 Järvelä"
    # iCalendar counts whole seconds.
    assert event.decoded("DTSTART") == meeting.start.replace(microsecond=0)
    assert event.decoded("DTEND") == meeting.end.replace(microsecond=0)
    assert event["URL"] == page_url
    # Calendars mostly show DESCRIPTION and ignore URL: the way back is at its end too.
    assert event["DESCRIPTION"].endswith("\n\n" + page_url)


def publish(meeting, **changes):
    page = meeting.get_latest_revision_as_object()
    for field, value in changes.items():
        setattr(page, field, value)
    page.save_revision().publish()
    return type(meeting).objects.get(pk=meeting.pk)


@pytest.mark.django_db
def test_sequence_grows_when_time_place_or_status_change_and_never_goes_back(client, forum):
    meeting = factories.ForumMeetingPageFactory(parent=forum)
    first_revision = meeting.save_revision()
    first_revision.publish()

    def seen():
        event = event_of(client, meeting)
        return event["SEQUENCE"], str(event["STATUS"])

    assert seen() == (0, "CONFIRMED")
    publish(meeting, theme="Uusi teema", agenda="<p>Toinen esityslista</p>")
    assert seen() == (0, "CONFIRMED")  # nothing a calendar shows has changed
    later = meeting.start + datetime.timedelta(days=7)
    publish(meeting, start=later, end=later + datetime.timedelta(hours=2))
    assert seen() == (1, "CONFIRMED")
    publish(meeting, place_name="Kirjaston salonki")
    assert seen() == (2, "CONFIRMED")
    publish(meeting, status=MeetingStatus.POSTPONED, status_note="Uusi aika kerrotaan pian.")
    assert seen() == (3, "TENTATIVE")
    event = event_of(client, meeting)
    assert "Uusi aika kerrotaan pian." in event["DESCRIPTION"]
    publish(meeting, status=MeetingStatus.CANCELLED)
    assert seen() == (4, "CANCELLED")
    # Going back to the first revision is one more change, not a return to sequence 0,
    # which calendars would ignore as older than what they have.
    first_revision.publish()
    assert seen() == (5, "CONFIRMED")
    # A draft changes nothing until it is published.
    page = meeting.get_latest_revision_as_object()
    page.place_name = "Luonnoksen paikka"
    page.save_revision()
    assert seen() == (5, "CONFIRMED")


def meeting_at(forum, days_from_now, **fields):
    start = timezone.now() + datetime.timedelta(days=days_from_now)
    return factories.ForumMeetingPageFactory(
        parent=forum, start=start, end=start + datetime.timedelta(hours=2), **fields
    )


def subscribed(client, address):
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def summaries(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


@pytest.mark.django_db
def test_forum_calendar_to_subscribe_to_has_its_upcoming_and_recent_meetings(client, forum):
    meeting_at(forum, 14, title="Tuleva")
    meeting_at(forum, 7, title="Peruttu", status=MeetingStatus.CANCELLED)
    meeting_at(forum, -400, title="Siirretty", status=MeetingStatus.POSTPONED)
    meeting_at(forum, -30, title="Viime kuun")
    meeting_at(forum, -400, title="Toissa vuoden")
    meeting_at(forum, 21, title="Luonnos", live=False)
    other = factories.ForumPageFactory(parent=forum.get_parent(), title="Kulttuurifoorumi")
    meeting_at(other, 14, title="Toisen foorumin")

    calendar = subscribed(client, forum.url + "kalenteri/")

    assert calendar["NAME"] == calendar["X-WR-CALNAME"] == "Seurafoorumi"
    assert calendar.decoded("REFRESH-INTERVAL") == datetime.timedelta(hours=6)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar["URL"] == "http://localhost" + forum.url
    events = summaries(calendar)
    assert set(events) == {"Tuleva", "Peruttu", "Siirretty", "Viime kuun"}
    # A cancelled meeting stays, so that subscribed calendars learn it is off.
    assert events["Peruttu"]["STATUS"] == "CANCELLED"
    assert events["Siirretty"]["STATUS"] == "TENTATIVE"


@pytest.mark.django_db
def test_site_calendar_has_every_forums_meetings(client, forum):
    meeting_at(forum, 14, title="Seurafoorumin kokous")
    other = factories.ForumPageFactory(parent=forum.get_parent(), title="Kulttuurifoorumi")
    meeting_at(other, 3, title="Kulttuurifoorumin kokous")

    calendar = subscribed(client, forum.get_parent().url + "kalenteri/")

    assert set(summaries(calendar)) == {"Seurafoorumin kokous", "Kulttuurifoorumin kokous"}
    assert calendar["X-WR-CALNAME"] == calendar["NAME"] == "Yhdessä: foorumien kokoukset"
    index_html = client.get(forum.get_parent().url).content.decode()
    assert "Tilaa kaikkien foorumien kokoukset kalenteriisi" in index_html
    assert f'href="webcal://localhost{forum.get_parent().url}kalenteri/"' in index_html


@pytest.mark.django_db
def test_forum_page_explains_how_to_subscribe_with_an_address_to_copy(client, forum):
    html = client.get(forum.url).content.decode()

    address = "localhost" + forum.url + "kalenteri/"
    assert f'href="webcal://{address}"' in html
    assert f"https://{address}" in html or f"http://{address}" in html
    assert "Tilaa foorumin kokoukset kalenteriisi" in html


@pytest.mark.django_db
def test_forum_atom_feed_lists_upcoming_meetings_soonest_first(client, forum):
    meeting_at(forum, 14, title="Toinen", theme="Vuorojaot")
    meeting_at(forum, 3, title="Ensimmäinen")
    meeting_at(forum, -3, title="Mennyt")

    response = client.get(forum.url + "syote/")

    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.feed.title == "Seurafoorumi"
    assert [entry.title for entry in feed.entries] == ["Ensimmäinen", "Toinen"]
    assert feed.entries[1].link.startswith("http://localhost" + forum.url)
    assert "Kulttuuritalo Pajula" in feed.entries[1].summary
    assert "Vuorojaot" in feed.entries[1].summary
    assert 'type="application/atom+xml"' in client.get(forum.url).content.decode()


def json_ld_of(client, meeting):
    html = client.get(meeting.url).content.decode()
    (data,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(data)


@pytest.mark.django_db
def test_meeting_page_describes_the_event_for_search_engines(client, forum, home_page):
    meeting = factories.ForumMeetingPageFactory(parent=forum, title="Syksyn seurafoorumi")

    event = json_ld_of(client, meeting)

    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert event["name"] == "Syksyn seurafoorumi"
    assert event["url"] == "http://localhost" + meeting.url
    local_start = timezone.localtime(meeting.start).replace(microsecond=0)
    assert datetime.datetime.fromisoformat(event["startDate"]) == local_start
    assert event["startDate"].endswith(local_start.strftime("%z")[:3] + ":00")
    assert datetime.datetime.fromisoformat(event["endDate"]) == meeting.end.replace(microsecond=0)
    assert event["location"] == {
        "@type": "Place",
        "name": "Kulttuuritalo Pajula",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Myllykatu 3, 99999 Järvelä",
            "addressCountry": "FI",
        },
    }
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["organizer"] == {
        "@type": "Organization",
        "name": "Yhdessä",
        "url": "http://localhost/",
    }
    assert event["description"] == "Hyvinvointiyhteistyö"


@pytest.mark.django_db
def test_event_status_follows_the_meeting_and_a_moved_time_keeps_the_old_one(client, forum):
    meeting = factories.ForumMeetingPageFactory(parent=forum)
    meeting.save_revision().publish()
    old_start = meeting.start

    def status():
        event = json_ld_of(client, meeting)
        return event["eventStatus"].removeprefix("https://schema.org/"), event.get(
            "previousStartDate"
        )

    publish(meeting, status=MeetingStatus.POSTPONED)
    assert status() == ("EventPostponed", None)
    later = old_start + datetime.timedelta(days=7)
    publish(
        meeting,
        status=MeetingStatus.SCHEDULED,
        start=later,
        end=later + datetime.timedelta(hours=2),
    )
    name, previous = status()
    assert name == "EventRescheduled"
    assert datetime.datetime.fromisoformat(previous) == old_start.replace(microsecond=0)
    publish(meeting, status=MeetingStatus.CANCELLED)
    assert status()[0] == "EventCancelled"


@pytest.mark.django_db
def test_no_title_breaks_out_of_the_structured_data(client, forum):
    title = 'Kokous </script><script>alert(1)</script> & "muut" <!-- '
    meeting = factories.ForumMeetingPageFactory(parent=forum, title=title, theme="</SCRIPT>")

    html = client.get(meeting.url).content.decode()

    assert "<script>alert(1)" not in html
    assert "</SCRIPT>" not in html
    event = json_ld_of(client, meeting)
    assert event["name"] == title
    assert event["description"] == "</SCRIPT>"


@pytest.mark.django_db
def test_forum_page_shows_the_latest_past_meetings_and_an_archive_by_year(client, forum):
    for week in range(1, 8):
        meeting_at(forum, -7 * week, title=f"Mennyt {week}")
    long_ago = meeting_at(forum, -800, title="Vanha kokous")
    meeting_at(forum, 5, title="Tuleva kokous")

    html = client.get(forum.url).content.decode()

    past = section(html, "past-heading")
    shown = [week for week in range(1, 8) if f">Mennyt {week}<" in past]
    assert shown == [1, 2, 3, 4, 5]
    assert "Vanha kokous" not in past
    years = sorted({timezone.localtime(m.start).year for m in forum.past_meetings()}, reverse=True)
    links = re.findall(r'href="([^"]*arkisto/(\d+)/)"', past)
    assert [int(year) for _url, year in links] == years
    assert timezone.localtime(long_ago.start).year in years
    assert "Tuleva kokous" in section(html, "upcoming-heading")


@pytest.mark.django_db
def test_archive_year_lists_that_years_past_meetings(client, forum):
    long_ago = meeting_at(forum, -800, title="Vanha kokous")
    meeting_at(forum, -7, title="Viime viikon kokous")
    year = timezone.localtime(long_ago.start).year

    response = client.get(f"{forum.url}arkisto/{year}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Vanha kokous" in html
    assert "Viime viikon kokous" not in html
    assert f"Seurafoorumi: kokoukset vuonna {year}" in html


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["1999", "0", "99999999999999999999"])
def test_archive_of_a_year_without_meetings_is_not_found(client, forum, year):
    meeting_at(forum, -7)
    assert client.get(f"{forum.url}arkisto/{year}/").status_code == 404
