import logging
from contextlib import contextmanager

from django.core.management.base import BaseCommand

from home import demo

# Wagtail logs every page it creates and django-tasks every search-index task it
# runs; at the default verbosity the summary below says all that is needed.
CHATTY_LOGGERS = ["wagtail", "django_tasks"]


@contextmanager
def quiet_loggers(names, level=logging.WARNING):
    loggers = [logging.getLogger(name) for name in names]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, old_level in zip(loggers, previous, strict=True):
            logger.setLevel(old_level)


class Command(BaseCommand):
    help = (
        "Load the demo: the invented municipalities Järvelä, Koivikko and Lahdenperä and "
        "their region's site. Safe to run again."
    )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 1
        with quiet_loggers([] if verbose else CHATTY_LOGGERS):
            report = demo.load()
        if verbose:
            for label in report.created_labels:
                self.stdout.write(f"  created {label}")
        for line in report.lines():
            self.stdout.write(line)
        total = sum(report.created.values())
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded ({total} objects created)."))
