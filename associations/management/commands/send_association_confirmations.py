"""`manage.py send_association_confirmations`: queue the yearly confirmation e-mails that are
due (associations.confirmation). Run it daily from cron; the worker sends the messages."""

from django.core.management.base import BaseCommand

from associations.confirmation import send_association_confirmations


class Command(BaseCommand):
    help = "Queue the yearly e-mails asking associations to confirm their details."

    def handle(self, *args, **options):
        queued = send_association_confirmations()
        if options["verbosity"] > 1:
            self.stdout.write(f"{queued} confirmation requests queued.")
