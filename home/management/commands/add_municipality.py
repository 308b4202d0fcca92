"""Add a municipality (or the region's own site) with its page skeleton, in one step.

    manage.py add_municipality "Koivikko" --code koivikko --hostname koivikko.example.fi \
        [--port 443] [--accent "#0b4f8a"] [--regional] [--default]

Runs home.municipalities.create_municipality and prints what it made and the address.
Running it again for the same code changes nothing and says so.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.demo import Report
from home.municipalities import create_municipality


class Command(BaseCommand):
    help = (
        "Add a municipality: its Site, home page, page skeleton, settings and staff groups. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help='The municipality\'s name, e.g. "Koivikko".')
        parser.add_argument(
            "--code",
            required=True,
            help="Its identifier: lower-case letters, digits and hyphens (?municipality=CODE).",
        )
        parser.add_argument("--hostname", required=True, help="The host name its site answers.")
        parser.add_argument("--port", type=int, default=80, help="The port of its address.")
        parser.add_argument("--accent", default="", help='Accent colour, e.g. "#0b4f8a".')
        parser.add_argument(
            "--site-name", default="", help='The site\'s name (default "Yhdessä – NAME").'
        )
        parser.add_argument(
            "--regional",
            action="store_true",
            help="The region's own site, not a municipality (home, statements only).",
        )
        parser.add_argument("--default", action="store_true", help="Make it the default Site.")

    def handle(self, *args, **options):
        report = Report()
        try:
            site = create_municipality(
                name=options["name"].strip(),
                code=options["code"].strip(),
                hostname=options["hostname"],
                port=options["port"],
                accent_colour=options["accent"].strip(),
                regional=options["regional"],
                default=options["default"],
                site_name=options["site_name"].strip(),
                report=report,
            )
        except ValidationError as error:
            raise CommandError(" ".join(_messages(error))) from error
        if options["verbosity"] > 1 or report.created:
            for label in report.created_labels:
                self.stdout.write(f"  created {label}")
        address = f"{site.root_url}/"
        if not report.created:
            self.stdout.write(
                f"{site.site_name} ({options['code']}) already exists at {address}: "
                "nothing changed."
            )
            return
        total = sum(report.created.values())
        self.stdout.write(
            self.style.SUCCESS(f"Added {site.site_name} at {address} ({total} objects created).")
        )
        self.stdout.write(f"Admin: {address}admin/")


# The option that gave each field of create_municipality.
OPTIONS = {"code": "--code", "hostname": "--hostname", "accent_colour": "--accent"}


def _messages(error):
    if hasattr(error, "message_dict"):
        return [
            f"{OPTIONS.get(field, field)}: {message}" if field != "__all__" else message
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)
