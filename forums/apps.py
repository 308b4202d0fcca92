from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")

    def ready(self):
        # Connects registrations and nominations to the person's data export and erasure,
        # registrations to their profile, and seats to the association directory's pages.
        from forums import personal_data, profile, seat_memberships  # noqa: F401
