"""The reminder e-mail before a meeting (`manage.py send_meeting_reminders`, run by cron).

The rule: every registration with a seat at a published, scheduled meeting gets one
reminder once the meeting is within its `reminder_hours` (RegistrationSettings) and has
not started. The remote link travels in the reminder (the confirmation says it comes
then). Each registration records the start its reminder announced (`reminded_for`):

- never twice for the same time, however often the command runs, even two runs at once
  (the record is claimed with one conditional UPDATE before the message is queued, in
  the same transaction);
- again when the time moved after the reminder went: the change e-mail tells of the new
  time at once (forums.changes), and the reminder comes again before the new time;
- a seat from the waiting list inside the window gets its reminder at the next run.

None for a cancelled or postponed meeting (a postponed one has no time to remind of),
none for the waiting list or a cancelled registration.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from forums import notifications
from forums.models import ForumMeetingPage, MeetingStatus, Registration
from forums.registration_models import MAX_REMINDER_HOURS


def meetings_to_remind(now=None):
    """Published, scheduled meetings that have not started and are within their window."""
    now = now or timezone.now()
    meetings = ForumMeetingPage.objects.live().filter(
        status=MeetingStatus.SCHEDULED,
        start__gt=now,
        start__lte=now + datetime.timedelta(hours=MAX_REMINDER_HOURS),
    )
    return [
        meeting for meeting in meetings.order_by("start", "pk") if meeting.reminder_due_at <= now
    ]


def send_meeting_reminders(now=None):
    """Queue every reminder that is due; returns how many were queued."""
    queued = 0
    for meeting in meetings_to_remind(now):
        due = meeting.registrations.confirmed().exclude(reminded_for=meeting.start)
        for pk in due.values_list("pk", flat=True):
            with transaction.atomic():
                claimed = (
                    Registration.objects.confirmed()
                    .filter(pk=pk)
                    .exclude(reminded_for=meeting.start)
                    .update(reminded_for=meeting.start)
                )
                if claimed:
                    notifications.queue_reminder(pk)
                    queued += 1
    return queued
