"""The rules of forum seats. The forum page, the admin and both APIs call these.

- A confirmed representative of an association (associations.representatives.
  can_nominate_forum_members) nominates a member and a deputy for a term; the default
  term is the council term (forums.seat_models.council_term). The association must have
  one of the forum's fields of activity, if the forum names any.
- An association has at most one open nomination (nominated or approved) per forum for
  overlapping terms: a new person for the same term means withdrawing the old one first.
- Staff approve while the forum has a free seat for that term (seat_count; none = no
  limit), or reject with a reason; the nominator is e-mailed the decision.

Each change of seats happens with the forum's row locked, so two approvals of the last
seat, or two nominations of one association, are served one after the other.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from associations.models import directory_page_url_path
from associations.representatives import can_nominate_forum_members, represented_associations
from core.errors import Refused, refusal, require_participant
from core.mail import queue_from_template
from core.phone import normalize_phone
from core.ratelimit import enforce_rate_limit
from forums.models import ForumPage, ForumSeat, SeatState, council_term


class SeatRefused(Refused):
    """A nomination or decision the seats' rules do not allow."""

    status = 409


def can_manage_forum_seats(user):
    """Seeing nominations with the people's addresses, approving, rejecting, exporting:
    staff with the seat permission (the Editors group, who run the forums)."""
    return user.is_active and user.is_staff and user.has_perm("forums.change_forumseat")


def _fields_of_activity_met(forum, association):
    wanted = {field.pk for field in forum.seat_fields.all()}
    return not wanted or bool(wanted & {field.pk for field in association.fields_of_activity.all()})


def _require_nominating(user, forum, association):
    require_participant(user)
    if not can_nominate_forum_members(user, association):
        raise SeatRefused(
            "not_representative",
            _("Only a confirmed representative of the association can nominate its forum members."),
        )
    if association.site_id != forum.get_site().pk:
        raise SeatRefused(
            "other_municipality", _("The association is in another municipality's register.")
        )
    if not _fields_of_activity_met(forum, association):
        names = ", ".join(str(field) for field in forum.seat_fields.all())
        raise SeatRefused(
            "field_of_activity",
            _("Only associations in these fields of activity sit on this forum: %(fields)s.")
            % {"fields": names},
        )


def nomination_refusal(user, forum, association):
    return refusal(_require_nominating, user, forum, association)


def can_nominate(user, forum, association):
    """May `user` nominate `association`'s member and deputy to `forum`."""
    return nomination_refusal(user, forum, association) is None


def nominating_associations(user):
    """The associations whose members `user` may nominate (to some forum)."""
    return represented_associations(user).prefetch_related("fields_of_activity")


def _clean_phone(errors, field, value):
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return normalize_phone(value)
    except ValidationError as error:
        errors[field] = error.messages
        return value


def check_nomination(details, today=None):
    """The nomination's people and term as stored, and {field: [message]} for what is
    wrong with them: the form shows these beside its fields, the service refuses them."""
    today = today or timezone.localdate()
    errors = {}
    checked = dict(details)
    for prefix in ("member", "deputy"):
        for part in ("name", "email"):
            checked[f"{prefix}_{part}"] = (details.get(f"{prefix}_{part}") or "").strip()
        phone = f"{prefix}_phone"
        checked[phone] = _clean_phone(errors, phone, details.get(phone))
        checked[f"{prefix}_name_public"] = bool(details.get(f"{prefix}_name_public"))
    if checked["deputy_name"] and not checked["deputy_email"]:
        errors["deputy_email"] = [_("Write the deputy's e-mail address.")]
    if checked["deputy_email"] and not checked["deputy_name"]:
        errors["deputy_name"] = [_("Write the deputy's name.")]
    if checked.get("term_start") is None or checked.get("term_end") is None:
        checked["term_start"], checked["term_end"] = council_term(today)
    start, end = checked["term_start"], checked["term_end"]
    if end <= start:
        errors["term_end"] = [_("The term must end after it starts.")]
    elif end < today:
        errors["term_end"] = [_("The term has already ended: choose a current or coming term.")]
    return checked, errors


def nominate_forum_members(
    user,
    forum,
    association,
    *,
    request,
    member_name,
    member_email,
    member_phone="",
    member_name_public=False,
    deputy_name="",
    deputy_email="",
    deputy_phone="",
    deputy_name_public=False,
    term_start=None,
    term_end=None,
):
    """Nominate an association's member and deputy to a forum, for staff to approve.

    Raises ValidationError for what the person typed, SeatRefused for the rules. The term
    is the council term of today unless both dates are given.
    """
    _require_nominating(user, forum, association)
    checked, errors = check_nomination(
        {
            "member_name": member_name,
            "member_email": member_email,
            "member_phone": member_phone,
            "member_name_public": member_name_public,
            "deputy_name": deputy_name,
            "deputy_email": deputy_email,
            "deputy_phone": deputy_phone,
            "deputy_name_public": deputy_name_public,
            "term_start": term_start,
            "term_end": term_end,
        }
    )
    seat = ForumSeat(forum=forum, association=association, nominated_by=user, **checked)
    try:
        seat.full_clean(
            exclude=["forum", "association", "nominated_by", "state"], validate_constraints=False
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    enforce_rate_limit(request, "forum_nomination")
    try:
        with transaction.atomic():
            _locked(forum)
            taken = (
                ForumSeat.objects.open()
                .filter(forum=forum, association=association)
                .overlapping(seat.term_start, seat.term_end)
            )
            if taken.exists():
                raise IntegrityError
            seat.nominated_at = timezone.now()
            seat.save()
    except IntegrityError:
        raise SeatRefused(
            "already_nominated",
            _(
                "The association already has a nomination or a seat on this forum for this "
                "term. Withdraw it first to nominate someone else."
            ),
        ) from None
    return seat


def _locked(forum):
    """The forum's row locked until the transaction ends: seats change one at a time."""
    return ForumPage.objects.select_for_update(of=("self",)).get(pk=forum.pk)


def _locked_seat(seat, expected_states):
    current = ForumSeat.objects.select_for_update(of=("self",)).get(pk=seat.pk)
    if current.state not in expected_states:
        raise SeatRefused(
            "already_decided",
            _("This nomination has already been decided or withdrawn (now: %(state)s).")
            % {"state": current.get_state_display()},
        )
    return current


def seats_left(forum, term_start, term_end):
    """Free seats of `forum` for a term, or None when the forum has no limit."""
    if forum.seat_count is None:
        return None
    taken = ForumSeat.objects.approved().filter(forum=forum).overlapping(term_start, term_end)
    return max(0, forum.seat_count - taken.count())


def _decide(seat, user, state, reason=""):
    seat.state = state
    seat.decided_by = user
    seat.decided_at = timezone.now()
    seat.rejection_reason = reason
    seat.save(update_fields=["state", "decided_by", "decided_at", "rejection_reason"])
    transaction.on_commit(lambda: queue_decision(seat.pk))


def approve_seat(seat, user):
    """Approve a nomination while the forum has a free seat for its term."""
    with transaction.atomic():
        forum = _locked(seat.forum)
        current = _locked_seat(seat, [SeatState.NOMINATED])
        if seats_left(forum, current.term_start, current.term_end) == 0:
            raise SeatRefused(
                "seats_full",
                ngettext(
                    "The forum's %(count)d seat for this term is already taken.",
                    "All %(count)d seats of the forum for this term are already taken.",
                    forum.seat_count,
                )
                % {"count": forum.seat_count},
            )
        _decide(current, user, SeatState.APPROVED)
    return current


def reject_seat(seat, user, reason):
    """Reject a nomination; the reason goes to the nominator."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the nomination is rejected.")})
    with transaction.atomic():
        current = _locked_seat(seat, [SeatState.NOMINATED])
        _decide(current, user, SeatState.REJECTED, reason)
    return current


def can_withdraw(user, seat):
    """The association's representatives withdraw its nomination or give up its seat."""
    return seat.state in (SeatState.NOMINATED, SeatState.APPROVED) and (
        can_nominate_forum_members(user, seat.association)
    )


def withdraw(seat, user):
    """Withdraw a nomination, or give up an approved seat: it frees the seat."""
    if not can_withdraw(user, seat):
        raise SeatRefused(
            "cannot_withdraw",
            _("Only the association's representatives can withdraw an open nomination."),
        )
    with transaction.atomic():
        current = _locked_seat(seat, [SeatState.NOMINATED, SeatState.APPROVED])
        current.state = SeatState.WITHDRAWN
        current.save(update_fields=["state"])
    return current


def open_nominations(user, forum):
    """The open nominations and seats of the associations `user` represents, on `forum`,
    for terms not yet ended (an ended term is history, not something to withdraw)."""
    return (
        ForumSeat.objects.open()
        .filter(
            forum=forum,
            association__in=represented_associations(user),
            term_end__gte=timezone.localdate(),
        )
        .select_related("association")
        .order_by("-term_start", "association__name", "pk")
    )


def queue_decision(seat_id):
    """E-mail the nominator staff's decision, if they still have an account."""
    seat = ForumSeat.objects.select_related("forum", "association", "nominated_by")
    seat = seat.filter(pk=seat_id).first()
    if seat is None or seat.nominated_by is None or not seat.nominated_by.email:
        return
    context = {"seat": seat, "forum": seat.forum, "url": seat.forum.get_full_url()}
    queue_from_template([seat.nominated_by.email], f"forums/email/seat_{seat.state}", context)


# --- What the public sees: the forum page, its content API field, the collaboration API ---


def public_roster(forum, on_date=None):
    """The forum's approved member associations this term, and who sat when before."""
    seats = (
        ForumSeat.objects.public()
        .select_related("association")
        .annotate(directory_page_url_path=directory_page_url_path("association__site"))
    )
    past = list(seats.past_terms(forum, on_date))
    current = list(seats.current(forum, on_date))
    for seat in (*past, *current):
        # What Association.directory_url() reads, so each name links without a query.
        seat.association.directory_page_url_path = seat.directory_page_url_path
    terms = {}
    for seat in past:
        terms.setdefault((seat.term_start, seat.term_end), []).append(seat)
    return {
        "current": current,
        "past_terms": [
            {"start": start, "end": end, "seats": sorted(rows, key=_by_name)}
            for (start, end), rows in terms.items()
        ],
    }


def _by_name(seat):
    return (seat.association.name.casefold(), seat.pk)


def seat_data(seat):
    """One seat as both APIs give it: public fields, consented names only."""
    return {
        "association": {
            "id": seat.association.pk,
            "name": seat.association.name,
            **seat.association.public_values(),
        },
        "term_start": seat.term_start,
        "term_end": seat.term_end,
        "member": seat.public_member_name or None,
        "deputy": seat.public_deputy_name or None,
    }


def roster_data(roster):
    return {
        "current": [seat_data(seat) for seat in roster["current"]],
        "past_terms": [
            {
                "term_start": term["start"],
                "term_end": term["end"],
                "seats": [seat_data(seat) for seat in term["seats"]],
            }
            for term in roster["past_terms"]
        ],
    }


def term_label(start, end):
    """ "1.6.2025–31.5.2029", the Finnish way of writing a span of days."""
    return f"{date_format(start, 'SHORT_DATE_FORMAT')}–{date_format(end, 'SHORT_DATE_FORMAT')}"


def forums_of(association, on_date=None):
    """The public forums a published association sits in, current and past terms, newest
    first (its directory page and the collaboration API)."""
    on_date = on_date or timezone.localdate()
    seats = (
        ForumSeat.objects.public()
        .filter(association=association, term_start__lte=on_date)
        .filter(forum__in=ForumPage.objects.live().public())
        .select_related("forum", "association")
        .order_by("-term_start", "forum__title", "pk")
    )
    return [(seat, seat.term_end >= on_date) for seat in seats]
