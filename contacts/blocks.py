from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.blocks import SnippetChooserBlock

from contacts.serializers import ContactCardSerializer
from core.blocks import ContentBlocks


class ContactCardBlock(SnippetChooserBlock):
    """A published contact card placed on a page; a draft card shows nothing."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Contact card"))
        kwargs.setdefault("icon", "user")
        kwargs.setdefault("template", "contacts/blocks/contact_card.html")
        super().__init__("contacts.ContactCard", **kwargs)

    def bulk_to_python(self, values):
        # Fetch the photos and their renditions for all cards on the page at once.
        cards = super().bulk_to_python(values)
        prefetch_related_objects([card for card in cards if card], "photo__renditions")
        return cards

    def get_api_representation(self, value, context=None):
        return ContactCardSerializer(context=context).to_representation(value)

    def deconstruct(self):
        # Keep migrations free of the model path, which the constructor supplies.
        path, _args, kwargs = super().deconstruct()
        return path, (), kwargs


class BodyBlocks(ContentBlocks):
    contact_card = ContactCardBlock()
