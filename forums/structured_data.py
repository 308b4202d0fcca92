"""A meeting as a schema.org Event in JSON-LD, for search engines' event results.

The JSON goes in a <script type="application/ld+json"> element: a data block that browsers
never run, so the Content-Security-Policy (script-src 'self') has nothing to allow. What
could end the element early (`</script>`, `<!--`) cannot appear in it: <, > and & are
written as JSON's \\u escapes, which parse back to the same text.
"""

from django.utils import timezone

from core.chrome import site_chrome
from core.links import site_of
from core.structured_data import json_ld
from forums.models import MeetingStatus

SCHEMA = "https://schema.org/"

EVENT_STATUS = {
    MeetingStatus.SCHEDULED: "EventScheduled",
    MeetingStatus.POSTPONED: "EventPostponed",
    MeetingStatus.CANCELLED: "EventCancelled",
}


def _moment(value):
    """ISO 8601 in the site's time zone, with its offset, to the second."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def event_location(meeting):
    """Where the meeting is held. Every meeting has a place today (offline attendance); a
    meeting held remotely too adds a VirtualLocation here and says so in attendance_mode."""
    place = {"@type": "Place", "name": meeting.place_name}
    if meeting.address:
        place["address"] = {
            "@type": "PostalAddress",
            "streetAddress": meeting.address,
            "addressCountry": "FI",
        }
    return place


def attendance_mode(meeting):
    return SCHEMA + "OfflineEventAttendanceMode"


def event_status(meeting):
    """Scheduled, postponed or cancelled; a scheduled meeting whose published time moved is
    rescheduled, and says when it was to start (ForumMeetingPage.previous_start)."""
    if meeting.status == MeetingStatus.SCHEDULED and meeting.previous_start:
        return {
            "eventStatus": SCHEMA + "EventRescheduled",
            "previousStartDate": _moment(meeting.previous_start),
        }
    return {"eventStatus": SCHEMA + EVENT_STATUS[meeting.status]}


def event(meeting, request):
    site = site_of(request)  # the page's own Site: Wagtail found it to serve the page
    organisation = site_chrome(request)["organisation_name"]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "url": meeting.get_full_url(request),
        "startDate": _moment(meeting.start),
        "endDate": _moment(meeting.end),
        "location": event_location(meeting),
        "eventAttendanceMode": attendance_mode(meeting),
        **event_status(meeting),
        # The municipality that runs the forums: its name in the site settings, else the Site's.
        "organizer": {
            "@type": "Organization",
            "name": organisation or site.site_name,
            "url": site.root_url + "/",
        },
    }
    if meeting.theme:
        data["description"] = meeting.theme
    if meeting.shows_outcome and meeting.attended_association_names:
        # Who came, once the meeting is closed: the associations (people are never named).
        data["attendee"] = [
            {"@type": "Organization", "name": name} for name in meeting.attended_association_names
        ]
    return data


def event_json_ld(meeting, request):
    """The Event as JSON safe to put inside a <script> element."""
    return json_ld(event(meeting, request))
