"""Meetings as iCalendar (RFC 5545): one meeting's file and the subscribable feeds.

Calendars keep an event by its UID and replace it when a newer one comes: a higher
SEQUENCE (ForumMeetingPage.calendar_sequence, counted where a page is saved) or, at the
same SEQUENCE, a later DTSTAMP. The UID is the page's id and the Site's hostname
(core.links.identifier_authority), so a page that moves, a new slug or another address
the site is reached by never makes a second event. Times are written in UTC, which every
calendar converts to its reader's time zone; DTSTAMP is when the meeting was last published.
"""

import datetime

from django.http import HttpResponse
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


# Subscribed calendars ask again this often (RFC 7986), so a cancellation reaches them within
# hours; Google and Outlook poll on their own schedule whatever it says.
REFRESH_INTERVAL = datetime.timedelta(hours=6)


def _subscription_calendar(name, url):
    calendar = new_calendar()
    # NAME is RFC 7986's; most clients still read only X-WR-CALNAME.
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("url", url)
    return calendar


def subscription(page, request, name, meetings):
    """A calendar to subscribe to: `meetings` (MeetingQuerySet.in_subscriptions) of `page`."""
    site = page.get_site()
    calendar = _subscription_calendar(name, page.get_full_url(request))
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, meeting.get_full_url(request), site))
    return calendar.to_ical()


def personal_subscription(request, name, url, meetings):
    """A person's own calendar at its secret `url`: the same events, UIDs and SEQUENCEs as
    the forums' calendars, so a meeting is one event whichever calendar brought it."""
    calendar = _subscription_calendar(name, url)
    for meeting in meetings:
        calendar.add_component(
            meeting_event(meeting, meeting.get_full_url(request), meeting.get_site())
        )
    return calendar.to_ical()


def calendar_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


def meeting_calendar_url(meeting, request):
    """The address of the meeting's own .ics file ("Lisää kalenteriin")."""
    return meeting.get_full_url(request) + meeting.reverse_subpage("icalendar")


def subscription_links(page, request):
    """The page's calendar to subscribe to, at https:// (or http://) and at webcal://, the
    address calendar programs open as a subscription."""
    return both_addresses(page.get_full_url(request) + page.reverse_subpage("icalendar"))


def both_addresses(calendar_url):
    """A calendar's address as it is, and at webcal://, which calendar programs open as a
    subscription."""
    return {
        "calendar_url": calendar_url,
        "webcal_url": "webcal://" + calendar_url.split("://", 1)[1],
    }


def forum_links(forum, request):
    """A forum's calendar to subscribe to (both addresses) and its Atom feed of upcoming
    meetings: what its page offers, the same in both APIs."""
    return {
        **subscription_links(forum, request),
        "feed_url": forum.get_full_url(request) + forum.reverse_subpage("feed"),
    }
