from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Idea walls")

    def ready(self):
        # Connects the e-mail and comment-count receivers to moderation decisions, and
        # what shows ideas, comments and votes to the page cache's purges.
        from ideas import (
            notifications,  # noqa: F401
            personal_data,  # noqa: F401  (export and erasure of a person's data)
            purge_rules,  # noqa: F401
        )
