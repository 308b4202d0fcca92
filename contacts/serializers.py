from rest_framework import serializers
from wagtail.images.api.fields import ImageRenditionField


class ContactCardSerializer(serializers.Serializer):
    """A contact card as other systems see it: public fields only."""

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
