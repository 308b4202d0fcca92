"""Generating a series' meetings. The admin's "Luo kokoukset" and a demo loader call these.

Each date of the series gets one ForumMeetingPage under the forum, remembered by the date it
was made for (ForumMeetingPage.series_date). Generating again, or after the series was
extended, makes only the dates that have no meeting yet: a meeting staff moved, edited,
cancelled or unpublished is never touched or made a second time.

The meetings are published at once. The series is where staff checked the time, place and
registration; the point of a series is that its dates are in the forum's list, calendar and
feed from the start, so associations can plan the season. Each page is then edited like any
other meeting (its agenda later, a moved date, a cancellation: calendars follow by SEQUENCE).
"""

import datetime
import itertools

from dateutil import rrule
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.errors import Refused, refusal
from forums.models import ForumMeetingPage, MeetingSeries
from forums.series_models import MAX_MEETINGS, parse_dates


class SeriesRefused(Refused):
    """Generating a series' meetings that its rules or the user's permissions do not allow."""


def series_dates(series):
    """The dates of the series: its rule's or its list's, without the skipped dates."""
    if series.has_rule:
        rule = rrule.rrule(
            rrule.WEEKLY,
            interval=series.interval_weeks,
            byweekday=series.weekday,
            dtstart=datetime.datetime.combine(series.first_date, datetime.time()),
            count=series.count,
            until=(
                datetime.datetime.combine(series.until, datetime.time()) if series.until else None
            ),
        )
        # One over the limit is enough for the series' validation to say it is too long.
        dates = [moment.date() for moment in itertools.islice(rule, MAX_MEETINGS + 1)]
    else:
        dates = parse_dates(series.dates)
    skipped = set(parse_dates(series.exceptions))
    return [day for day in dates if day not in skipped]


def _require_generating(series, user):
    """Only who may add and publish meetings under the series' forum generates them."""
    permissions = series.forum.permissions_for_user(user)
    if not (permissions.can_add_subpage() and permissions.can_publish_subpage()):
        raise SeriesRefused("not_allowed", _("You may not add and publish meetings in this forum."))


def can_generate(series, user):
    return refusal(_require_generating, series, user) is None


def planned_meetings(series):
    """Each date of the series with its existing meeting, or None where one is to be made."""
    existing = {
        meeting.series_date: meeting
        for meeting in ForumMeetingPage.objects.filter(series=series).order_by("pk")
    }
    return [(day, existing.get(day)) for day in series_dates(series)]


def generate_meetings(series, user=None):
    """Make the series' missing meetings, published; returns the new pages."""
    if user is not None:  # a demo loader or a command has no user
        _require_generating(series, user)
    with transaction.atomic():
        # The series' row is the lock: two clicks at once never make a date twice.
        series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
        forum = series.forum.specific
        created = []
        for day, meeting in planned_meetings(series):
            if meeting is None:
                created.append(_create_meeting(series, forum, day, user))
    return created


def _create_meeting(series, forum, day, user):
    start = timezone.make_aware(datetime.datetime.combine(day, series.start_time))
    title = f"{series.title} {date_format(day, 'DATE_FORMAT')}"
    meeting = ForumMeetingPage(
        title=title,
        slug=_free_slug(forum, f"{slugify(series.title)}-{day.isoformat()}"),
        start=start,
        end=start + datetime.timedelta(minutes=series.duration),
        place_name=series.place_name,
        address=series.address,
        theme=series.theme,
        registration_open=series.registration_open,
        seats=series.seats,
        max_companions=series.max_companions,
        series=series,
        series_date=day,
        owner=user,
    )
    forum.add_child(instance=meeting)
    meeting.save_revision(user=user, log_action=True).publish(user=user)
    return meeting


def _free_slug(forum, slug):
    candidate, number = slug, 1
    while forum.get_children().filter(slug=candidate).exists():
        number += 1
        candidate = f"{slug}-{number}"
    return candidate
