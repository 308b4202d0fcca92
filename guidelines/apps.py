from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidelinesConfig(AppConfig):
    name = "guidelines"
    verbose_name = _("Cooperation guideline")

    def ready(self):
        from wagtail.signals import page_published

        # Connects the e-mail to moderators' decisions, the person's data export and
        # erasure, and what shows comments, edits and versions to the page cache's purges.
        from guidelines import (
            notifications,  # noqa: F401
            personal_data,  # noqa: F401
            purge_rules,  # noqa: F401
        )
        from guidelines.models import GuidelinePage
        from guidelines.versions import record_version

        # Every revision that goes live becomes a numbered public version.
        page_published.connect(
            record_version, sender=GuidelinePage, dispatch_uid="guideline_version"
        )
