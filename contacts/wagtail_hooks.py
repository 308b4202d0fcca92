from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from contacts.models import ContactCard
from core.municipalities import register_staff_scope
from core.municipality_admin import MunicipalitySnippetViewSet

register_staff_scope(ContactCard, site_field="site")


class ContactCardViewSet(MunicipalitySnippetViewSet):
    model = ContactCard
    icon = "user"
    menu_label = _("Contact cards")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "title", "responsibility", "phone_display", "live"]
    list_filter = ["responsibility", "live"]
    search_fields = ["name", "title", "answers_for"]


register_snippet(ContactCardViewSet)
