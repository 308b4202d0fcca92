from django.core.management.base import BaseCommand, CommandError

from regions import demo


class Command(BaseCommand):
    help = (
        "Put the regional overview page on the region's own Site (load_demo makes it) and "
        "in its navigation. Safe to run again."
    )

    def handle(self, *args, **options):
        try:
            report, page = demo.load()
        except demo.NoRegionalSite as error:
            raise CommandError(
                "No regional site: run manage.py load_demo first (or add_municipality --regional)."
            ) from error
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Regional overview: {page.get_full_url()}"))
