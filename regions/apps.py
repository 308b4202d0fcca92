from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regional overview")

    def ready(self):
        # The overview shows every municipality's records: their changes purge it.
        from regions import purge_rules  # noqa: F401
