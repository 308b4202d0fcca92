"""Forums and their meetings for the city's main site, a portal or a mobile app."""

from datetime import UTC, date, datetime, timedelta
from typing import Literal

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from associations.models import Association
from contacts.api import ContactCardOut
from core.api import (
    ANYONE_MAY_WRITE,
    SIGNED_IN,
    DateTime,
    Error,
    MunicipalityRouter,
    Paginated,
    api_site,
)
from core.links import request_url
from core.municipalities import pages_on
from forums import calendars, registrations, seats
from forums.models import ForumMeetingPage, ForumPage, MeetingStatus, Registration
from forums.registration_models import AttendanceMode, RegistrationState

router = MunicipalityRouter(tags=["forums"])


class DocumentOut(Schema):
    title: str
    url: str


class CalendarLinksOut(Schema):
    calendar_url: str = Field(description="The forum's meetings as an iCalendar subscription.")
    webcal_url: str = Field(
        description="The same address with webcal://, which calendar programs open as a "
        "subscription."
    )
    feed_url: str = Field(description="An Atom feed of the forum's upcoming meetings.")


class ForumOut(Schema):
    id: int
    title: str
    url: str = Field(description="The forum's page on the site.")
    purpose: str = Field(description="HTML.")
    who_may_join: str = Field(description="HTML.")
    coordinator: ContactCardOut | None
    calendar: CalendarLinksOut

    @staticmethod
    def resolve_url(forum, context):
        return forum.get_full_url(context["request"])

    @staticmethod
    def resolve_coordinator(forum):
        return forum.live_coordinator

    @staticmethod
    def resolve_calendar(forum, context):
        return calendars.forum_links(forum, context["request"])


class ForumRef(Schema):
    id: int
    title: str
    calendar: CalendarLinksOut

    @staticmethod
    def resolve_calendar(forum, context):
        return calendars.forum_links(forum, context["request"])


Question = Literal[tuple(registrations.QUESTIONS)]


class RegistrationStatusOut(Schema):
    """What the meeting's page tells everyone about registering: counts, never names."""

    in_use: bool = Field(description="The meeting takes registrations at all.")
    open: bool = Field(description="One can register now.")
    closed_reason: str | None = Field(
        description="Why one cannot register now: registration_off, meeting_cancelled, "
        "meeting_past or deadline_passed."
    )
    deadline: datetime | None = Field(description="Registrations are taken until then.")
    seats: int | None = Field(description="Seats in all; null for no limit.")
    seats_left: int | None = Field(description="Free seats; null for no limit.")
    waiting: int = Field(description="Registrations on the waiting list.")
    attendance_mode: AttendanceMode
    questions: list[Question] = Field(description="The optional questions the form asks.")
    max_companions: int = Field(description="Companions one registration may bring.")


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
    registration: RegistrationStatusOut

    @staticmethod
    def resolve_url(meeting, context):
        return meeting.get_full_url(context["request"])

    @staticmethod
    def resolve_calendar_url(meeting, context):
        return calendars.meeting_calendar_url(meeting, context["request"])

    @staticmethod
    def resolve_registration(meeting):
        status = meeting.registration_status
        refusal = status["refusal"]
        return {
            "in_use": meeting.registration_open,
            "open": refusal is None,
            "closed_reason": refusal.code if refusal else None,
            "deadline": meeting.effective_deadline if meeting.registration_open else None,
            "seats": meeting.seats,
            "seats_left": status["seats_left"],
            "waiting": status["waiting"],
            "attendance_mode": meeting.attendance_mode,
            "questions": registrations.asked_questions(meeting),
            "max_companions": meeting.max_companions,
        }

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


def public_forums(request):
    """The public forums of the municipality the request is about."""
    return (
        ForumPage.objects.live()
        .public()
        .filter(pages_on(api_site(request)))
        .select_related("coordinator__photo")
        .prefetch_related("coordinator__photo__renditions")
    )


def _forums_by_path(request):
    """The public forums, fetched once per request, keyed by their tree path."""
    if not hasattr(request, "_public_forums"):
        request._public_forums = {forum.path: forum for forum in public_forums(request)}
    return request._public_forums


def _forum_of(meeting, request):
    return _forums_by_path(request)[meeting.path[: -ForumPage.steplen]]


@router.get("/", response={200: list[ForumOut], 422: Error}, summary="List forums")
@paginate(Paginated)
def list_forums(request):
    return public_forums(request).order_by("path")


@router.get("/{forum_id}/", response={200: ForumOut, 404: Error, 422: Error}, summary="One forum")
def get_forum(request, forum_id: int):
    # By id, not pk: a page's pk is its parent link, whose lookup overflows on SQLite.
    return get_object_or_404(public_forums(request), id=forum_id)


meetings_router = MunicipalityRouter(tags=["forums"])


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
            .with_registration_counts()
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


def _public_meeting(request, meeting_id, queryset=None):
    """A published, public meeting of a public forum, or 404."""
    queryset = ForumMeetingPage.objects.live().public() if queryset is None else queryset
    meeting = get_object_or_404(queryset, id=meeting_id)
    if meeting.path[: -ForumPage.steplen] not in _forums_by_path(request):
        raise Http404
    return meeting


@meetings_router.get(
    "/{meeting_id}/",
    response={200: MeetingOut, 404: Error, 422: Error},
    summary="One forum meeting",
)
def get_meeting(request, meeting_id: int):
    return _public_meeting(
        request,
        meeting_id,
        ForumMeetingPage.objects.live().public().select_related("minutes"),
    )


def _length(field):
    return Registration._meta.get_field(field).max_length


class RegistrationIn(Schema):
    """As on the meeting's registration form. A signed-in participant's name, e-mail
    address and association are used for what is left out."""

    name: str | None = Field(None, max_length=_length("name"))
    email: str | None = Field(
        None, max_length=_length("email"), description="The confirmation is sent here."
    )
    association: str | None = Field(None, max_length=_length("association"))
    companions: int = Field(0, ge=0, le=32767, description="At most the meeting's max_companions.")
    dietary_needs: str = Field("", max_length=_length("dietary_needs"))
    accessibility_needs: str = Field("", max_length=_length("accessibility_needs"))
    represents_association: bool = False


class MeetingRef(Schema):
    id: int
    title: str
    url: str
    start: datetime
    end: datetime

    @staticmethod
    def resolve_url(meeting, context):
        return meeting.get_full_url(context["request"])


class RegistrationOut(Schema):
    """A registration as its own person sees it; never anyone else's."""

    meeting: MeetingRef
    state: RegistrationState
    position: int | None = Field(description="Place on the waiting list (1 is next).")
    companions: int
    created_at: datetime
    cancelled_at: datetime | None

    @staticmethod
    def resolve_position(registration):
        return registrations.waiting_position(registration)


class NewRegistrationOut(RegistrationOut):
    token: str = Field(
        description="The registration's token, given only here and in the e-mailed link: "
        "read or cancel the registration with it."
    )
    url: str = Field(description="The e-mailed link: the registration's page on the site.")

    @staticmethod
    def resolve_token(registration):
        return registrations.registration_link_token(registration)

    @staticmethod
    def resolve_url(registration, context):
        path = registrations.registration_link_path(registration)
        return registration.meeting.get_full_url(context["request"]) + path


REGISTRATION_REFUSALS = {403: Error, 404: Error, 422: Error, 429: Error}


@meetings_router.post(
    "/{meeting_id}/registrations/",
    response={201: NewRegistrationOut, 400: Error, 401: Error, **REGISTRATION_REFUSALS},
    auth=ANYONE_MAY_WRITE,
    summary="Register for a meeting",
)
def register(request, meeting_id: int, details: RegistrationIn):
    """Confirmed while seats are free, otherwise on the waiting list; the answer carries
    the registration's token once."""
    meeting = _public_meeting(request, meeting_id)
    given = details.dict()
    if request.user.is_authenticated:
        for field, value in registrations.participant_details(request.user, meeting).items():
            if given[field] is None:
                given[field] = value
    answers = {question: given.pop(question) for question in registrations.QUESTIONS}
    registration = registrations.register_for_meeting(
        request,
        meeting,
        name=given["name"],
        email=given["email"],
        association=given["association"],
        companions=given["companions"],
        answers=answers,
    )
    return 201, registration


TOKEN = Query(..., max_length=1000, description="The token from the e-mailed link.")


@meetings_router.get(
    "/{meeting_id}/registration/",
    response={200: RegistrationOut, 403: Error, 404: Error, 422: Error},
    summary="A registration by its token",
)
def get_registration(request, meeting_id: int, token: str = TOKEN):
    return registrations.registration_from_token(token, _public_meeting(request, meeting_id))


@meetings_router.delete(
    "/{meeting_id}/registration/",
    response={200: RegistrationOut, 401: Error, 403: Error, 404: Error, 422: Error},
    auth=ANYONE_MAY_WRITE,
    summary="Cancel a registration by its token",
)
def cancel_registration(request, meeting_id: int, token: str = TOKEN):
    """The freed seats go to the first in line, who are e-mailed."""
    meeting = _public_meeting(request, meeting_id)
    registration = registrations.registration_from_token(token, meeting)
    registrations.cancel_registration(registration)
    return registration


# A person's own registrations, in every municipality: one account serves them all.
my_registrations_router = Router(tags=["forums"])


@my_registrations_router.get(
    "/",
    response={200: list[RegistrationOut], 401: Error, 422: Error},
    auth=SIGNED_IN,
    summary="My meeting registrations",
)
@paginate(Paginated)
def my_registrations(request):
    """Upcoming meetings first, soonest first, then past ones."""
    return registrations.registrations_of(request.user)


# --- Forum seats: the member associations, as the forum page shows them (forums.seats) ---


class SeatAssociationOut(Schema):
    """An association's name and the details it agreed to publish; the rest is absent."""

    id: int
    name: str
    registry_number: str | None = None
    business_id: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    description: str | None = None
    contact_name: str | None = None
    contact_role: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None


class SeatOut(Schema):
    association: SeatAssociationOut
    term_start: date
    term_end: date
    member: str | None = Field(description="The member's name, if they agreed to show it.")
    deputy: str | None = Field(description="The deputy's name, if they agreed to show it.")


class SeatTermOut(Schema):
    term_start: date
    term_end: date
    seats: list[SeatOut]


class RosterOut(Schema):
    current: list[SeatOut] = Field(description="The approved member associations this term.")
    past_terms: list[SeatTermOut] = Field(description="Who sat when, newest term first.")


@router.get(
    "/{forum_id}/seats/",
    response={200: RosterOut, 404: Error, 422: Error},
    summary="A forum's member associations",
)
def forum_seats(request, forum_id: int):
    forum = get_object_or_404(public_forums(request), id=forum_id)
    return seats.roster_data(seats.public_roster(forum))


association_forums_router = MunicipalityRouter(tags=["forums"])


class ForumLinkOut(Schema):
    id: int
    title: str
    url: str

    @staticmethod
    def resolve_url(forum, context):
        return forum.get_full_url(context["request"])


class AssociationForumOut(Schema):
    forum: ForumLinkOut
    term_start: date
    term_end: date
    current: bool = Field(description="The term is under way.")
    member: str | None = Field(description="The member's name, if they agreed to show it.")
    deputy: str | None = Field(description="The deputy's name, if they agreed to show it.")


# The largest id a database column holds: anything above names no association.
MAX_ID = 2**63 - 1


@association_forums_router.get(
    "/{association_id}/forums",
    response={200: list[AssociationForumOut], 404: Error, 422: Error},
    summary="The forums an association sits in",
)
def association_forums(request, association_id: int):
    """Current and past terms, newest first; only associations the directory shows."""
    if not 0 < association_id <= MAX_ID:
        raise Http404
    association = get_object_or_404(
        Association.objects.published().filter(site=api_site(request)), pk=association_id
    )
    return [
        {
            "forum": seat.forum,
            "term_start": seat.term_start,
            "term_end": seat.term_end,
            "current": current,
            "member": seat.public_member_name or None,
            "deputy": seat.public_deputy_name or None,
        }
        for seat, current in seats.forums_of(association)
    ]
