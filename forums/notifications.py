"""E-mail to the person who registered for a meeting, queued through core.mail once the
change is committed: the registration (confirmed or waiting), a seat from the waiting
list, the cancellation, the reminder before the meeting (forums.reminders), a published
change of time, place or status (forums.changes) and staff's messages to a meeting's
registrants. The remote link goes only to those with a seat, in the reminder: the others
say it comes then.
"""

from django.utils import timezone

from core.mail import queue_from_template
from forums.calendars import meeting_calendar
from forums.models import Registration
from forums.registration_models import RegistrationState


def _queue(registration_id, template, extra=None, calendar=True, with_remote_link=False):
    registration = Registration.objects.select_related("meeting").filter(pk=registration_id)
    registration = registration.first()
    if registration is None:
        return
    # Imported here: forums.registrations queues these messages.
    from forums.registrations import registration_link_path, waiting_position

    meeting = registration.meeting
    url = meeting.get_full_url()
    has_seat = registration.state == RegistrationState.CONFIRMED
    context = {
        "registration": registration,
        "meeting": meeting,
        "url": url,
        "link": url + registration_link_path(registration)
        if registration.state != RegistrationState.CANCELLED
        else None,
        "position": waiting_position(registration),
        "has_seat": has_seat,
        "remote_link": meeting.remote_link
        if with_remote_link and has_seat and meeting.has_remote_attendance
        else "",
        # Inside the window the reminder goes at the command's next run, not hours later.
        "reminder_soon": meeting.reminder_due_at <= timezone.now(),
        **(extra or {}),
    }
    # A seat goes in the calendar; a place in line does not.
    ics = meeting_calendar(meeting, None).decode()
    attachments = [(f"{meeting.slug}.ics", ics, "text/calendar")]
    queue_from_template(
        [registration.email],
        f"forums/email/{template}",
        context,
        attachments if has_seat and calendar else (),
    )


def queue_registered(registration_id):
    _queue(registration_id, "registered")


def queue_promoted(registration_id):
    _queue(registration_id, "promoted")


def queue_cancelled(registration_id):
    _queue(registration_id, "cancelled")


def queue_message(registration_id, *, subject, text):
    _queue(registration_id, "message", {"subject": subject, "text": text}, calendar=False)


def queue_reminder(registration_id):
    _queue(registration_id, "reminder", with_remote_link=True)


def queue_changed(registration_id, changes):
    """`changes` as forums.changes.described gives them."""
    _queue(registration_id, "changed", extra={"changes": changes})
