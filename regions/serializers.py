from rest_framework.fields import Field


class OverviewFiguresSerializer(Field):
    """The overview's figures in the content API: the document /api/regions/overview/ gives."""

    def to_representation(self, value):
        from regions.api import overview_document
        from regions.figures import regional_overview

        return overview_document(regional_overview())
