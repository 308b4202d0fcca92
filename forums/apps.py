from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")

    def ready(self):
        # Connects registrations to the person's data export and erasure, and to their profile.
        from forums import personal_data, profile  # noqa: F401
