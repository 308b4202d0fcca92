"""Meeting registrations and forum seats as CSV or XLSX, for the staff who run the forums.

The files are written by core.exports, which neutralises every text a spreadsheet could
read as a formula (names and answers are typed by visitors, and so are the seats' names).
"""

from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from core import exports
from core.phone import format_phone
from forums.models import ForumMeetingPage, ForumSeat, Registration
from forums.registrations import QUESTIONS, asked_questions, waiting_position


def _label(field):
    return str(capfirst(Registration._meta.get_field(field).verbose_name))


class RegistrationExport:
    """The registrations of a list (one meeting's, or any filtered list), with the answers
    to every question one of their meetings asked."""

    def __init__(self, registrations):
        self.registrations = registrations.select_related("meeting").order_by(
            "meeting__start", "meeting_id", "created_at", "pk"
        )
        meetings = ForumMeetingPage.objects.filter(
            pk__in=registrations.values("meeting_id")
        ).order_by("start", "pk")
        self.meetings = list(meetings)
        asked = {answer for meeting in self.meetings for answer in asked_questions(meeting)}
        self.questions = [answer for answer in QUESTIONS if answer in asked]

    def headings(self):
        return [
            _label("meeting"),
            str(capfirst(ForumMeetingPage._meta.get_field("start").verbose_name)),
            _label("name"),
            _label("email"),
            _label("association"),
            _label("companions"),
            _("Seats"),
            _label("state"),
            _("Place in line"),
            _label("attended"),
            _label("created_at"),
            _label("cancelled_at"),
            *(_label(answer) for answer in self.questions),
        ]

    def row(self, registration):
        answers = []
        for answer in self.questions:
            value = getattr(registration, answer)
            answers.append((_("Yes") if value else _("No")) if isinstance(value, bool) else value)
        return [
            registration.meeting.title,
            exports.local(registration.meeting.start),
            registration.name,
            registration.email,
            registration.association,
            registration.companions,
            registration.seat_count,
            registration.get_state_display(),
            waiting_position(registration) or "",
            _("Yes") if registration.attended else _("No"),
            exports.local(registration.created_at),
            exports.local(registration.cancelled_at),
            *answers,
        ]

    def rows(self):
        for registration in self.registrations.iterator(chunk_size=500):
            yield self.row(registration)

    def filename(self):
        today = timezone.localdate().isoformat()
        name = slugify(self.meetings[0].title) if len(self.meetings) == 1 else ""
        return f"{name or slugify(_('registrations'))}-{today}"

    def response(self, file_format):
        widths = [30, 16, 24, 30, 30, 10, 8, 16, 10, 10, 16, 16] + [30] * len(self.questions)
        return exports.table_response(
            file_format, self.filename(), _("Registrations"), widths, self.headings(), self.rows()
        )


def export_registrations(registrations, file_format):
    return RegistrationExport(registrations).response(file_format)


def _seat_label(field):
    return str(capfirst(ForumSeat._meta.get_field(field).verbose_name))


class SeatExport:
    """Forum seats for staff: who sits for which association, with their addresses."""

    def __init__(self, seats):
        self.seats = seats.select_related("forum", "association").order_by(
            "forum__title", "-term_start", "association__name", "pk"
        )

    def headings(self):
        return [
            _seat_label(field)
            for field in (
                "forum",
                "association",
                "term_start",
                "term_end",
                "state",
                "member_name",
                "member_email",
                "member_phone",
                "member_name_public",
                "deputy_name",
                "deputy_email",
                "deputy_phone",
                "deputy_name_public",
                "nominated_at",
            )
        ]

    def row(self, seat):
        return [
            seat.forum.title,
            seat.association.name,
            seat.term_start,
            seat.term_end,
            seat.get_state_display(),
            seat.member_name,
            seat.member_email,
            format_phone(seat.member_phone),
            _("Yes") if seat.member_name_public else _("No"),
            seat.deputy_name,
            seat.deputy_email,
            format_phone(seat.deputy_phone),
            _("Yes") if seat.deputy_name_public else _("No"),
            exports.local(seat.nominated_at),
        ]

    def rows(self):
        for seat in self.seats.iterator(chunk_size=500):
            yield self.row(seat)

    def filename(self):
        return f"{slugify(_('forum seats'))}-{timezone.localdate().isoformat()}"


def export_seats(seats, file_format):
    export = SeatExport(seats)
    widths = [24, 30, 12, 12, 16, 24, 30, 16, 10, 24, 30, 16, 10, 16]
    return exports.table_response(
        file_format, export.filename(), _("Forum seats"), widths, export.headings(), export.rows()
    )
