from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")

    def ready(self):
        # Connects registrations and nominations to the person's data export and erasure,
        # registrations to their profile, seats to the association directory's pages, and
        # what shows registrations, seats and series to the page cache's purges.
        from forums import personal_data, profile, purge_rules, seat_memberships  # noqa: F401
