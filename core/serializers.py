from rest_framework import serializers

from core.links import request_url


class DocumentLinkSerializer(serializers.Serializer):
    """A document as a link: its title and an absolute download address."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, document):
        return request_url(self.context["request"], document.url)
