"""The rules of registering for a forum meeting. The pages, the admin and the API call these.

Seats and the waiting list follow one rule, written here once:

- A registration takes 1 + companions seats. It is confirmed when nobody is waiting and
  all its seats are free; otherwise it joins the end of the waiting list (a full meeting
  does not refuse anyone).
- When seats free up, the waiting list is served strictly in order: the first in line
  is confirmed if their whole group fits, then the next, and so on; promotion stops at
  the first group that does not fit. Nobody behind them jumps the line with a smaller
  group, and a newcomer never takes a freed seat while someone waits (pretix#1163: a
  freed seat goes to the next in line). A group waits together or not at all
  (pretix#974): it is never split.

Every change of seats happens with the meeting's row locked (select_for_update), so
two people taking the last seat at once are served one after the other.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from accounts import personal_data
from associations.representatives import byline_association
from core.errors import Refused, refusal
from core.ratelimit import enforce_rate_limit
from forums import notifications
from forums.models import ForumMeetingPage, MeetingStatus, Registration, RegistrationTally
from forums.registration_models import RegistrationState

# Staff's actions on a meeting's registrations, in the meeting page's history.
ATTENDANCE_ACTION = "forums.attendance"
MESSAGE_ACTION = "forums.message"

# The questions a meeting may ask, each with the setting that turns it on.
QUESTIONS = {
    "dietary_needs": "ask_dietary_needs",
    "accessibility_needs": "ask_accessibility_needs",
    "represents_association": "ask_represents_association",
}


class RegistrationRefused(Refused):
    """A registration or cancellation the meeting's rules do not allow."""


def _refuse(code, message):
    raise RegistrationRefused(code, message)


def _require_registering(meeting, now=None):
    now = now or timezone.now()
    if not meeting.registration_open:
        _refuse("registration_off", _("This meeting does not take registrations."))
    if meeting.status == MeetingStatus.CANCELLED:
        _refuse("meeting_cancelled", _("This meeting has been cancelled."))
    if meeting.is_past_at(now):
        _refuse("meeting_past", _("This meeting has already been held."))
    if meeting.effective_deadline < now:
        _refuse("deadline_passed", _("Registration for this meeting has closed."))


def can_manage_registrations(user):
    """Seeing who registered, exporting, marking attendance and e-mailing registrants: staff
    with the registration permission (the Editors group, who run the forums' meetings)."""
    return user.is_active and user.is_staff and user.has_perm("forums.change_registration")


def register_refusal(meeting, now=None):
    return refusal(_require_registering, meeting, now)


def can_register(meeting, now=None):
    return register_refusal(meeting, now) is None


def participant_details(user, meeting):
    """What a signed-in participant's registration for `meeting` is filled in with (they
    may change it): the association is one of the meeting's municipality."""
    association = byline_association(user, written_on=meeting)
    return {"name": str(user), "email": user.email, "association": association}


def asked_questions(meeting):
    """The optional questions this meeting's form asks, by answer field."""
    return [answer for answer, setting in QUESTIONS.items() if getattr(meeting, setting)]


def seats_left(meeting):
    """Free seats, or None when the meeting has no limit."""
    return _free_seats(meeting, meeting.registrations.counts()["taken"])


def _free_seats(meeting, taken):
    return None if meeting.seats is None else max(0, meeting.seats - taken)


def waiting_count(meeting):
    return meeting.registrations.waiting().count()


def waiting_position(registration):
    """Where a waiting registration stands in line (1 is next), or None if it is not waiting."""
    if registration.state != RegistrationState.WAITING:
        return None
    ahead = registration.meeting.registrations.waiting().filter(
        created_at__lte=registration.created_at
    )
    ahead = ahead.exclude(created_at=registration.created_at, pk__gt=registration.pk)
    return ahead.count()


def _answers(meeting, answers):
    """The answers to the questions the meeting asks; others are not kept."""
    kept = {}
    for answer in asked_questions(meeting):
        value = answers.get(answer)
        kept[answer] = bool(value) if answer == "represents_association" else (value or "").strip()
    return kept


def _fits(meeting, seat_count, free=None):
    if meeting.seats is None:
        return True
    return seat_count <= (seats_left(meeting) if free is None else free)


def _locked(meeting):
    """The meeting as it is now, its row locked until the transaction ends."""
    return ForumMeetingPage.objects.select_for_update(of=("self",)).get(pk=meeting.pk)


def register_for_meeting(
    request, meeting, *, name, email, association="", companions=0, answers=None
):
    """Register a person (and companions) for a meeting: confirmed, or on the waiting list.

    Raises ValidationError for what the person typed, RegistrationRefused for the rules.
    """
    _require_registering(meeting)
    user = request.user if request.user.is_authenticated else None
    registration = Registration(
        meeting=meeting,
        user=user,
        name=(name or "").strip(),
        email=(email or "").strip(),
        association=(association or "").strip(),
        companions=companions or 0,
        **_answers(meeting, answers or {}),
        state=RegistrationState.WAITING,
    )
    if registration.companions > meeting.max_companions:
        raise ValidationError(
            {
                "companions": _("You can register at most %(count)d companions.")
                % {"count": meeting.max_companions}
            }
        )
    registration.full_clean(exclude=["meeting", "user", "state"], validate_constraints=False)
    enforce_rate_limit(request, "registration")
    try:
        with transaction.atomic():
            meeting = _locked(meeting)
            _require_registering(meeting)
            if meeting.registrations.active().filter(email__iexact=registration.email).exists():
                raise IntegrityError
            registration.meeting = meeting
            registration.created_at = timezone.now()
            nobody_waiting = not meeting.registrations.waiting().exists()
            if nobody_waiting and _fits(meeting, registration.seat_count):
                registration.state = RegistrationState.CONFIRMED
            registration.save()
            transaction.on_commit(lambda: notifications.queue_registered(registration.pk))
    except IntegrityError:
        _refuse(
            "already_registered",
            _("This e-mail address is already registered for this meeting."),
        )
    return registration


def _promote_waiting(meeting):
    """Confirm the first in line while their whole group fits (see the module's rule)."""
    promoted = []
    free = seats_left(meeting)
    for registration in meeting.registrations.waiting():
        if not _fits(meeting, registration.seat_count, free):
            break
        registration.state = RegistrationState.CONFIRMED
        registration.save(update_fields=["state"])
        promoted.append(registration)
        if free is not None:
            free -= registration.seat_count
    return promoted


def cancel_registration(registration):
    """Cancel a registration; the freed seats go to the waiting list. Returns who got a seat."""
    with transaction.atomic():
        meeting = _locked(registration.meeting)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.state == RegistrationState.CANCELLED:
            _refuse("already_cancelled", _("This registration has already been cancelled."))
        current.state = RegistrationState.CANCELLED
        current.cancelled_at = timezone.now()
        current.save(update_fields=["state", "cancelled_at"])
        promoted = _promote_waiting(meeting)
        transaction.on_commit(lambda: notifications.queue_cancelled(current.pk))
        for seated in promoted:
            transaction.on_commit(lambda pk=seated.pk: notifications.queue_promoted(pk))
    registration.state, registration.cancelled_at = current.state, current.cancelled_at
    return promoted


# The link in the confirmation e-mail lets a person see and cancel their registration
# without signing in. It is signed with a salt of its own, so no other signed value of the
# site opens it, and it names the registration by its id and the moment it was made, so a
# link never opens a later registration that happens to get the same id.
LINK_SALT = "yhdessa.forums.registration-link"


def registration_link_path(registration):
    """The link's address within the meeting page (the views and the e-mail prefix it)."""
    token = registration_link_token(registration)
    return registration.meeting.reverse_subpage("registration", args=[token])


def _link_signer():
    # "/" rather than the default ":": Wagtail serves page addresses made of words and
    # hyphens only, so the value and its signature travel as two parts of the address.
    return signing.Signer(salt=LINK_SALT, sep="/")


def registration_link_token(registration):
    return _link_signer().sign_object(
        {"r": registration.pk, "t": registration.created_at.isoformat()}
    )


def registration_from_token(token, meeting, now=None):
    """The registration of `meeting` a link names; refused when tampered with, or once
    the meeting has ended."""
    try:
        claim = _link_signer().unsign_object(token)
        registration = Registration.objects.select_related("meeting").get(pk=claim["r"])
    except (signing.BadSignature, Registration.DoesNotExist, KeyError, TypeError, ValueError):
        registration = None
    if (
        registration is None
        or registration.meeting_id != meeting.pk
        or registration.created_at.isoformat() != claim["t"]
    ):
        _refuse(
            "link_invalid",
            _(
                "This link does not work. Check that you copied the whole link from the "
                "e-mail, or contact the meeting's organiser."
            ),
        )
    if registration.meeting.end < (now or timezone.now()):
        _refuse("link_expired", _("The meeting has ended, so this link no longer works."))
    return registration


def registration_status(meeting, now=None):
    """What the meeting's page tells everyone: counts only, never who registered.

    One query for both counts, whatever the number of registrations; none for a meeting
    of a list that brought its counts along (MeetingQuerySet.with_registration_counts).
    """
    if hasattr(meeting, "counted_taken"):
        counts = {"taken": meeting.counted_taken, "waiting": meeting.counted_waiting}
    else:
        counts = meeting.registrations.counts()
    return {
        "seats_left": _free_seats(meeting, counts["taken"]),
        "waiting": counts["waiting"],
        "refusal": register_refusal(meeting, now),
    }


def registrations_of(user, now=None):
    """A person's registrations, made signed in or with one of their e-mail addresses:
    upcoming meetings first, soonest first, then past ones, latest first."""
    by_address = Q()
    for address in personal_data.addresses(user):
        by_address |= Q(email__iexact=address)
    held = Q(meeting__end__lt=now or timezone.now())
    return (
        Registration.objects.filter(Q(user=user) | by_address)
        .select_related("meeting")
        .annotate(held=Case(When(held, then=Value(1)), default=Value(0)))
        .order_by(
            "held",
            Case(When(held=0, then=F("meeting__start"))).asc(),
            F("meeting__start").desc(),
            "pk",
        )
    )


def remove_registrations(registrations):
    """Delete registrations (a person's erasure); seats they held go to the waiting list."""
    meetings = {registration.meeting_id for registration in registrations}
    with transaction.atomic():
        for meeting in ForumMeetingPage.objects.filter(pk__in=meetings).order_by("pk"):
            meeting = _locked(meeting)
            Registration.objects.filter(
                pk__in=[r.pk for r in registrations if r.meeting_id == meeting.pk]
            ).delete()
            if meeting.is_past:
                continue  # nobody gets a seat at a meeting already held
            for seated in _promote_waiting(meeting):
                transaction.on_commit(lambda pk=seated.pk: notifications.queue_promoted(pk))


def registration_figures(meeting):
    """How many registered and came: counted from the registrations, or, once their personal
    data is deleted, from what was kept (RegistrationTally), so the counts outlive them."""
    counts = meeting.registrations.counts()
    tally = RegistrationTally.objects.filter(meeting=meeting).first()
    if tally is not None:
        counts["taken"] += tally.kept_registered_seats
        counts["waiting"] += tally.kept_waiting_count
        counts["attended"] += tally.kept_attended_count
    return {
        "registered_seats": counts["taken"],
        "waiting": counts["waiting"],
        "attended": counts["attended"],
        "deleted_at": tally.deleted_at if tally else None,
    }


def retention_cutoff(now=None):
    """Meetings that ended before this moment have their registrations deleted."""
    days = settings.YHDESSA_REGISTRATION_RETENTION_DAYS
    return (now or timezone.now()) - datetime.timedelta(days=days)


def meetings_past_retention(now=None):
    """Meetings that ended YHDESSA_REGISTRATION_RETENTION_DAYS ago and still hold registrations."""
    return (
        ForumMeetingPage.objects.filter(end__lt=retention_cutoff(now), registrations__isnull=False)
        .distinct()
        .order_by("end", "pk")
    )


def delete_old_registrations(now=None, *, dry_run=False):
    """Delete the personal data of registrations for meetings that ended long enough ago,
    keeping their counts on the meeting's RegistrationTally. Returns, per meeting, the
    registrations deleted and the counts kept. Running it again finds nothing to do."""
    done = []
    for meeting in meetings_past_retention(now):
        with transaction.atomic():
            meeting = _locked(meeting)
            registrations = meeting.registrations.all()
            counts = registrations.counts()
            deleted = registrations.count()
            if not dry_run and deleted:
                tally, _created = RegistrationTally.objects.get_or_create(
                    meeting=meeting, defaults={"deleted_at": timezone.now()}
                )
                # Added, not set: counts already kept stay kept.
                tally.kept_registered_seats += counts["taken"]
                tally.kept_waiting_count += counts["waiting"]
                tally.kept_attended_count += counts["attended"]
                tally.deleted_at = timezone.now()
                tally.save()
                registrations.delete()
        done.append({"meeting": meeting, "deleted": deleted, **counts})
    return done


def mark_attendance(meeting, user, attended, among=None):
    """Mark who came: of the meeting's confirmed registrations (all, or those in `among`),
    those in `attended` came and the others did not. Logged in the meeting's history.
    Returns how many were marked as having come."""
    with transaction.atomic():
        shown = meeting.registrations.confirmed()
        if among is not None:
            shown = shown.filter(pk__in=among)
        shown = set(shown.values_list("pk", flat=True))
        came = shown & {int(pk) for pk in attended}
        Registration.objects.filter(pk__in=came).update(attended=True)
        Registration.objects.filter(pk__in=shown - came).update(attended=False)
        log(
            instance=meeting,
            action=ATTENDANCE_ACTION,
            user=user,
            data={"attended": len(came), "not_attended": len(shown - came)},
        )
    return len(came)


def message_recipients(meeting, include_waiting=False):
    """Who a message to a meeting's registrants reaches: those with a seat, and if asked,
    those on the waiting list."""
    states = [RegistrationState.CONFIRMED]
    if include_waiting:
        states.append(RegistrationState.WAITING)
    return meeting.registrations.filter(state__in=states).order_by("created_at", "pk")


def message_registrants(meeting, user, *, subject, text, include_waiting=False):
    """E-mail staff's message to everyone registered for a meeting, each separately (nobody
    sees the others' addresses) with their own link to the registration. Logged in the
    meeting's history. Returns how many messages were queued."""
    with transaction.atomic():
        recipients = list(message_recipients(meeting, include_waiting).values_list("pk", flat=True))
        for pk in recipients:
            transaction.on_commit(
                lambda pk=pk: notifications.queue_message(pk, subject=subject, text=text)
            )
        log(
            instance=meeting,
            action=MESSAGE_ACTION,
            user=user,
            data={
                "subject": subject,
                "recipients": len(recipients),
                "include_waiting": include_waiting,
            },
        )
    return len(recipients)
