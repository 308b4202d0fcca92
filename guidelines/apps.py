from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidelinesConfig(AppConfig):
    name = "guidelines"
    verbose_name = _("Cooperation guideline")

    def ready(self):
        # Connects the e-mail to moderators' decisions, and the person's data export and
        # erasure.
        from guidelines import (
            notifications,  # noqa: F401
            personal_data,  # noqa: F401
        )
