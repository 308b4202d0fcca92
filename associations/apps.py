from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationsConfig(AppConfig):
    name = "associations"
    verbose_name = _("Associations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The profile's section and the person's data (representations, reports, removal
        # requests), registered with accounts, which never imports associations; and what
        # shows an association, for the page cache's purges.
        from associations import personal_data, profile, purge_rules  # noqa: F401
        from associations.representatives import byline_association, byline_names
        from core import bylines

        bylines.register(byline_association, byline_names)
