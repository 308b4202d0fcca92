"""The privacy notice (tietosuojaseloste) of a register the site keeps, such as the
association register: the GDPR's articles 13–14 as structured fields, so every notice
answers the same questions in the same order and renders as one semantic page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.preview import SeparateFrontEndPreviewMixin

RICH_TEXT = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]

# (field, heading on the page) in the page's order; the template and the panels read it.
SECTIONS = [
    ("purpose", _("Purpose of the processing")),
    ("data_kept", _("What data we keep")),
    ("sources", _("Where the data comes from")),
    ("disclosures", _("Who the data is disclosed to")),
    ("retention", _("How long the data is kept")),
    ("rights", _("The data subject's rights")),
]


class PrivacyNoticePage(SeparateFrontEndPreviewMixin, Page):
    controller = models.TextField(
        _("controller"),
        help_text=_("The organisation responsible for the register, with its address."),
    )
    data_protection_contact = models.TextField(
        _("contact for data protection"),
        help_text=_("Who answers questions on the register: name or office, e-mail, phone."),
    )
    purpose = RichTextField(_("purpose of the processing"), features=RICH_TEXT)
    data_kept = RichTextField(_("data kept"), features=RICH_TEXT)
    sources = RichTextField(_("where the data comes from"), features=RICH_TEXT)
    disclosures = RichTextField(_("who the data is disclosed to"), features=RICH_TEXT)
    retention = RichTextField(_("retention"), features=RICH_TEXT)
    rights = RichTextField(_("the person's rights"), features=RICH_TEXT)

    content_panels = [
        *Page.content_panels,
        FieldPanel("controller"),
        FieldPanel("data_protection_contact"),
        *[FieldPanel(name) for name, _heading in SECTIONS],
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("purpose"),
        index.SearchField("data_kept"),
    ]
    api_fields = [
        APIField("controller"),
        APIField("data_protection_contact"),
        *[APIField(name) for name, _heading in SECTIONS],
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("privacy notice")

    def sections(self):
        """(id, heading, rich text) of the notice's sections, in order."""
        return [
            (name.replace("_", "-"), heading, getattr(self, name)) for name, heading in SECTIONS
        ]
