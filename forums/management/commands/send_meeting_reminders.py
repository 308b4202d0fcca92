"""`manage.py send_meeting_reminders`: queue the reminder e-mails that are due (forums.reminders).

Run it every 15 minutes from cron; the worker sends the messages.
"""

from django.core.management.base import BaseCommand

from forums.reminders import send_meeting_reminders


class Command(BaseCommand):
    help = "Queue the reminder e-mails of forum meetings that are due."

    def handle(self, *args, **options):
        queued = send_meeting_reminders()
        if options["verbosity"] > 1:
            self.stdout.write(f"{queued} reminders queued.")
