from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PublishingPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    PreviewableMixin,
    RevisionMixin,
)
from wagtail.search import index

from contacts.blocks import BodyBlocks
from contacts.serializers import ContactCardSerializer
from core.images import require_alt_text
from core.municipalities import site_of_page, sites_holding
from core.phone import format_phone, normalize_phone
from core.preview import SeparateFrontEndPreviewMixin


class Responsibility(models.TextChoices):
    ASSOCIATIONS = "associations", _("Association cooperation")
    CULTURE = "culture", _("Culture")
    SPORTS = "sports", _("Sports and exercise")
    TOURISM = "tourism", _("Tourism")
    WELLBEING = "wellbeing", _("Wellbeing")


class ContactCardQuerySet(models.QuerySet):
    def published(self):
        """The cards anyone may see. ContactCard.is_published says the same of one card."""
        return self.filter(live=True)


class ContactCard(
    PreviewableMixin, LockableMixin, DraftStateMixin, RevisionMixin, index.Indexed, models.Model
):
    """A person to call: coordinators publish these and pages reuse them."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="contact_cards",
        help_text=_("The municipality whose pages show this card."),
    )
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(
        _("job title"), max_length=120, help_text=_("For example Cultural director.")
    )
    responsibility = models.CharField(
        _("area of responsibility"), max_length=20, choices=Responsibility.choices
    )
    answers_for = models.CharField(
        _("answers for"),
        max_length=200,
        blank=True,
        help_text=_("Forums and topics in the person's own words, e.g. Seurafoorumi."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_alt_text = models.CharField(
        _("photo alt text"),
        max_length=200,
        blank=True,
        help_text=_("Describe the photo for people who cannot see it."),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="contact_card")

    objects = ContactCardQuerySet.as_manager()

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("responsibility"),
        FieldPanel("answers_for"),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading=_("Contact details")),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt_text")], heading=_("Photo")),
        PublishingPanel(),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("title"),
        index.SearchField("answers_for"),
        index.AutocompleteField("name"),
        index.FilterField("live"),
        index.FilterField("site"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact card")
        verbose_name_plural = _("contact cards")

    def __str__(self):
        return f"{self.name}, {self.title}"

    def clean(self):
        super().clean()
        if self.phone:
            try:
                self.phone = normalize_phone(self.phone)
            except ValidationError as error:
                raise ValidationError({"phone": error.messages}) from error
        require_alt_text(self, "photo", "photo_alt_text")

    @property
    def revisions(self):
        return self._revisions

    @property
    def is_published(self):
        """Published cards show; a draft, never-published or unpublished card shows nowhere."""
        return self.live

    @property
    def phone_display(self):
        return format_phone(self.phone)

    def get_preview_template(self, request, mode_name):
        return "contacts/contact_card_preview.html"

    def get_preview_context(self, request, mode_name):
        return {"card": self}


def published_card(card):
    """The card where a page, a block or an API names one: itself if published, else None."""
    return card if card is not None and card.is_published else None


class OwnContactCardsForm(WagtailAdminPageForm):
    """Lets a page not yet in the tree know its municipality (its parent's) for clean()."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        self.instance._contacts_parent_page = parent_page


class OwnContactCards:
    """A page that shows contact cards shows only its own municipality's.

    One install serves several municipalities and each one's cards are its own, so a card
    of another municipality is refused where it is chosen: in a contact-card block of the
    page's stream fields and in its foreign keys to cards (`contact_card_fields`).
    """

    contact_card_fields = ("body",)
    base_form_class = OwnContactCardsForm

    def clean(self):
        super().clean()
        site = self._site_for_cards()
        if site is None:
            return
        message = _("Choose a contact card of this municipality (%(site)s).") % {
            "site": site.site_name or site.hostname
        }
        errors = {
            field: message
            for field in self.contact_card_fields
            if any(card.site_id != site.pk for card in _cards_in(getattr(self, field)))
        }
        if errors:
            raise ValidationError(errors)

    def _site_for_cards(self):
        if self.path:
            return site_of_page(self)
        parent = getattr(self, "_contacts_parent_page", None)
        return site_of_page(parent) if parent is not None else None


def _cards_in(value):
    """The contact cards a field holds: the card of a foreign key, or a stream's card blocks."""
    if value is None:
        return []
    if isinstance(value, ContactCard):
        return [value]
    return [
        block.value
        for block in value
        if block.block_type == "contact_card" and isinstance(block.value, ContactCard)
    ]


class ContactsPage(OwnContactCards, SeparateFrontEndPreviewMixin, Page):
    """Who to call: the municipality's published contact cards, grouped by area of
    responsibility."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlocks(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [
        APIField("intro"),
        APIField("body"),
        APIField("contact_cards", serializer=ContactCardSerializer(many=True)),
    ]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contacts page")

    @property
    def contact_cards(self):
        """The published cards of this page's municipality."""
        return (
            ContactCard.objects.published()
            .filter(sites_holding(self))
            .select_related("photo")
            .prefetch_related("photo__renditions")
            .order_by("responsibility", "name")
        )

    def groups(self):
        labels = dict(Responsibility.choices)
        grouped = {}
        for card in self.contact_cards:
            grouped.setdefault(card.responsibility, []).append(card)
        return [(labels[key], cards) for key, cards in grouped.items()]
