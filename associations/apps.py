from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationsConfig(AppConfig):
    name = "associations"
    verbose_name = _("Associations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import personal_data
        from associations import removals

        # Removal requests made signed in are the requester's data (anonymous ones have no
        # account to export from).
        personal_data.register(
            "association_removal_requests",
            export=removals.export_removal_requests,
            erase=removals.erase_removal_requests,
        )
