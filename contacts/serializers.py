from rest_framework import serializers
from wagtail.images.api.fields import ImageRenditionField


class PublishedCardsSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        cards = super().to_representation(data)
        return [card for card in cards if card is not None]


class ContactCardSerializer(serializers.Serializer):
    """A contact card as other systems see it: public fields only, published cards only.

    A page's field or block that names a card that is not published shows null, and a
    list leaves it out, whatever the page asks: contacts.models.published_card decides.
    """

    class Meta:
        list_serializer_class = PublishedCardsSerializer

    id = serializers.IntegerField()
    name = serializers.CharField()
    title = serializers.CharField()
    responsibility = serializers.CharField()
    responsibility_label = serializers.CharField(source="get_responsibility_display")
    answers_for = serializers.CharField()
    phone = serializers.CharField(help_text="International form, for tel: links.")
    phone_display = serializers.CharField(help_text="As written in Finland.")
    email = serializers.EmailField()
    photo = ImageRenditionField("fill-240x240", required=False, allow_null=True)
    photo_alt_text = serializers.CharField()

    def to_representation(self, instance):
        card = _published(instance)
        return None if card is None else super().to_representation(card)


def _published(card):
    # contacts.models imports this module for its API fields, so import the rule when used.
    from contacts.models import published_card

    return published_card(card)
