"""Which pages and API answers show a registration's counts, a forum seat, an
association's seats or a meeting series (core.purge)."""

from associations.models import Association
from core.purge import register_purge_rule, route_url, site_url, url_beside
from forums.models import ForumMeetingPage
from forums.registration_models import Registration
from forums.seat_models import ForumSeat
from forums.series_models import MeetingSeries


def urls_showing_registration(registration):
    """Seats left and the waiting list: the meeting's page and the meetings API. Lists of
    meetings (the forum, the home page, the calendars) show no counts, so they stay."""
    meeting = registration.meeting
    return [
        meeting,
        url_beside(meeting, "/api/meetings/"),
        url_beside(meeting, f"/api/meetings/{meeting.pk}/"),
    ]


def _roster_urls(forum):
    """The forum's member list: its page ("Jäsenjärjestöt"), its content API field and
    the collaboration API's list of seats."""
    return [
        forum,
        url_beside(forum, f"/api/v2/pages/{forum.pk}/"),
        url_beside(forum, f"/api/forums/{forum.pk}/seats/"),
    ]


def urls_showing_seat(seat):
    """The forum's member list, and the association's own page and its forums in the API."""
    association = seat.association
    return [
        *_roster_urls(seat.forum),
        site_url(association.site, f"/api/associations/{association.pk}/forums"),
        association.directory_full_url(),
    ]


def urls_showing_associations_seats(association):
    """What forums show of an association (its name on their member lists), which the
    associations app cannot look up: it imports no feature app (DESIGN.md)."""
    forums = {seat.forum for seat in ForumSeat.objects.approved().filter(association=association)}
    return [url for forum in forums for url in _roster_urls(forum)]


def urls_showing_series(series):
    """ "Part of a series: …" on each of its meetings, wherever they are listed: their
    pages, the forum's page and archive, and the home page (the API shows no series)."""
    forum = series.forum
    meetings = list(ForumMeetingPage.objects.filter(series=series).specific(defer=True))
    site = forum.get_site()
    urls = [*meetings, forum]
    urls.extend(
        route_url(forum, "archive", year) for year in {meeting.start.year for meeting in meetings}
    )
    if site is not None:
        urls.append(site.root_page)
    return urls


register_purge_rule(Registration, urls_showing_registration)
register_purge_rule(ForumSeat, urls_showing_seat)
register_purge_rule(Association, urls_showing_associations_seats)
register_purge_rule(MeetingSeries, urls_showing_series)
