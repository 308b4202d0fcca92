from rest_framework import serializers


class DocumentLinkSerializer(serializers.Serializer):
    """A document as a link: its title and an absolute download address."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, document):
        return self.context["request"].build_absolute_uri(document.url)
