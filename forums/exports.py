"""Meeting registrations as CSV or XLSX, for the staff who run the meeting.

The files are written by core.exports, which neutralises every text a spreadsheet could
read as a formula (names and answers are typed by visitors).
"""

from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from core import exports
from forums.models import ForumMeetingPage, Registration
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
