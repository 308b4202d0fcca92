"""Forums and their meetings for the city's main site, a portal or a mobile app."""

from datetime import UTC, datetime, timedelta
from typing import Literal

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from contacts.api import ContactCardOut
from core.api import DateTime, Error, Paginated
from core.links import request_url
from forums.models import ForumMeetingPage, ForumPage, MeetingStatus

router = Router(tags=["forums"])


class DocumentOut(Schema):
    title: str
    url: str


class ForumOut(Schema):
    id: int
    title: str
    url: str = Field(description="The forum's page on the site.")
    purpose: str = Field(description="HTML.")
    who_may_join: str = Field(description="HTML.")
    coordinator: ContactCardOut | None

    @staticmethod
    def resolve_url(forum, context):
        return forum.get_full_url(context["request"])

    @staticmethod
    def resolve_coordinator(forum):
        return forum.live_coordinator


class ForumRef(Schema):
    id: int
    title: str


class MeetingOut(Schema):
    id: int
    title: str
    url: str
    calendar_url: str = Field(description="The meeting as an iCalendar (.ics) file.")
    forum: ForumRef
    coordinator: ContactCardOut | None
    start: datetime
    end: datetime
    status: MeetingStatus
    status_note: str
    place_name: str
    address: str
    theme: str
    agenda: str = Field(description="HTML.")
    summary: str = Field(description="HTML, written after the meeting.")
    minutes: DocumentOut | None
    materials: list[DocumentOut]

    @staticmethod
    def resolve_url(meeting, context):
        return meeting.get_full_url(context["request"])

    @staticmethod
    def resolve_calendar_url(meeting, context):
        return meeting.get_full_url(context["request"]) + meeting.reverse_subpage("icalendar")

    @staticmethod
    def resolve_forum(meeting, context):
        return _forum_of(meeting, context["request"])

    @staticmethod
    def resolve_coordinator(meeting, context):
        return _forum_of(meeting, context["request"]).live_coordinator

    @staticmethod
    def resolve_minutes(meeting, context):
        if meeting.minutes is None:
            return None
        url = request_url(context["request"], meeting.minutes.url)
        return {"title": meeting.minutes.title, "url": url}

    @staticmethod
    def resolve_materials(meeting, context):
        request = context["request"]
        return [
            {"title": material.link_text, "url": request_url(request, material.document.url)}
            for material in meeting.materials.all()
        ]


def public_forums():
    return (
        ForumPage.objects.live()
        .public()
        .select_related("coordinator__photo")
        .prefetch_related("coordinator__photo__renditions")
    )


def _forums_by_path(request):
    """The public forums, fetched once per request, keyed by their tree path."""
    if not hasattr(request, "_public_forums"):
        request._public_forums = {forum.path: forum for forum in public_forums()}
    return request._public_forums


def _forum_of(meeting, request):
    return _forums_by_path(request)[meeting.path[: -ForumPage.steplen]]


@router.get("/", response={200: list[ForumOut], 422: Error}, summary="List forums")
@paginate(Paginated)
def list_forums(request):
    return public_forums().order_by("path")


@router.get("/{forum_id}/", response={200: ForumOut, 404: Error, 422: Error}, summary="One forum")
def get_forum(request, forum_id: int):
    # By id, not pk: a page's pk is its parent link, whose lookup overflows on SQLite.
    return get_object_or_404(public_forums(), id=forum_id)


meetings_router = Router(tags=["forums"])


@meetings_router.get(
    "/", response={200: list[MeetingOut], 422: Error}, summary="List forum meetings"
)
@paginate(Paginated)
def list_meetings(
    request,
    forum: int | None = None,
    when: Literal["upcoming", "past"] | None = None,
    starts_after: DateTime | None = None,
    starts_before: DateTime | None = None,
):
    """Upcoming meetings come soonest first; past ones, and all together, newest first."""
    forums = _forums_by_path(request)
    if forum is not None:
        forums = {path: f for path, f in forums.items() if f.pk == forum}
    meetings = ForumMeetingPage.objects.none()
    if forums:
        under_public_forum = Q()
        for path in forums:
            under_public_forum |= Q(path__startswith=path)
        meetings = (
            ForumMeetingPage.objects.live()
            .public()
            .filter(under_public_forum)
            .select_related("minutes")
            .prefetch_related("materials__document")
        )
    if when == "upcoming":
        meetings = meetings.upcoming()
    elif when == "past":
        meetings = meetings.past()
    else:
        meetings = meetings.order_by("-start", "-pk")
    if starts_after:
        meetings = meetings.filter(start__gte=_in_utc(starts_after))
    if starts_before:
        meetings = meetings.filter(start__lt=_in_utc(starts_before))
    return meetings


def _in_utc(moment):
    """A filter bound in UTC, the site's time zone if none was given.

    PostgreSQL refuses UTC offsets past 15:59 that ISO 8601 allows, and near year 1 or 9999
    the moment in UTC can fall outside Python's dates: then it is before or after them all.
    """
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return (datetime.min if moment.utcoffset() > timedelta(0) else datetime.max).replace(
            tzinfo=UTC
        )


@meetings_router.get(
    "/{meeting_id}/",
    response={200: MeetingOut, 404: Error, 422: Error},
    summary="One forum meeting",
)
def get_meeting(request, meeting_id: int):
    meeting = get_object_or_404(
        ForumMeetingPage.objects.live().public().select_related("minutes"), id=meeting_id
    )
    if meeting.path[: -ForumPage.steplen] not in _forums_by_path(request):
        raise Http404
    return meeting
