"""Delete meeting registrations' personal data YHDESSA_REGISTRATION_RETENTION_DAYS after the
meeting ended, keeping only the counts. Run daily from cron (docs/operating.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from forums.registrations import delete_old_registrations


class Command(BaseCommand):
    help = (
        "Delete the registrations of meetings that ended YHDESSA_REGISTRATION_RETENTION_DAYS "
        "days ago, keeping how many registered and attended."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        done = delete_old_registrations(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        for item in done:
            meeting = item["meeting"]
            self.stdout.write(
                f"{verb} {item['deleted']} registrations of “{meeting.title}” "
                f"(id {meeting.pk}, ended {meeting.end:%Y-%m-%d}); kept: "
                f"{item['taken']} registered seats, {item['waiting']} waiting, "
                f"{item['attended']} attended."
            )
        days = settings.YHDESSA_REGISTRATION_RETENTION_DAYS
        self.stdout.write(
            f"{len(done)} meetings that ended over {days} days ago had registrations"
            + (" (dry run: nothing deleted)." if dry_run else ".")
        )
