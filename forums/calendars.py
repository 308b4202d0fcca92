"""Meetings as iCalendar (RFC 5545): one meeting's file and the subscribable feeds.

Calendars keep an event by its UID and replace it when a newer one comes: a higher
SEQUENCE (ForumMeetingPage.calendar_sequence, counted where a page is saved) or, at the
same SEQUENCE, a later DTSTAMP. The UID is the page's id and the Site's hostname
(core.links.identifier_authority), so a page that moves, a new slug or another address
the site is reached by never makes a second event. Times are written in UTC, which every
calendar converts to its reader's time zone; DTSTAMP is when the meeting was last published.
"""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from core.links import identifier_authority
from core.text import clean_title
from forums.models import MeetingStatus

PRODID = "-//Yhdessä//forum meetings//FI"

# A postponed meeting has no confirmed time yet; calendars show it as tentative.
ICALENDAR_STATUS = {
    MeetingStatus.SCHEDULED: "CONFIRMED",
    MeetingStatus.POSTPONED: "TENTATIVE",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def _utc(moment):
    return moment.astimezone(datetime.UTC)


def meeting_event(meeting, page_url, site):
    """One meeting as a VEVENT; `page_url` is its absolute address on `site`."""
    event = Event()
    event.add("uid", f"forum-meeting-{meeting.pk}@{identifier_authority(site)}")
    event.add("dtstamp", _utc(meeting.last_published_at or timezone.now()))
    event.add("sequence", meeting.calendar_sequence)
    event.add("status", ICALENDAR_STATUS[meeting.status])
    event.add("dtstart", _utc(meeting.start))
    event.add("dtend", _utc(meeting.end))
    event.add("summary", clean_title(meeting.title))
    event.add("location", ", ".join(filter(None, [meeting.place_name, meeting.address])))
    # Many calendars show the description but not the URL property: the link goes in both,
    # last in the description (decidim/decidim#11994).
    event.add(
        "description",
        "\n\n".join(filter(None, [meeting.theme, meeting.status_note, page_url])),
    )
    event.add("url", page_url)
    return event


def new_calendar():
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    return calendar


def meeting_calendar(meeting, request):
    """The file behind "Lisää kalenteriin": the one meeting."""
    calendar = new_calendar()
    calendar.add_component(
        meeting_event(meeting, meeting.get_full_url(request), meeting.get_site())
    )
    return calendar.to_ical()
