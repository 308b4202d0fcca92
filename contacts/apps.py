from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Contacts")

    def ready(self):
        # What shows a contact card, for the page cache's purges.
        from contacts import purge_rules  # noqa: F401
