"""Fields of the forums' pages in the content API (/api/v2/)."""

from rest_framework import serializers


class CalendarLinksField(serializers.Field):
    """A page's calendar addresses for the request, from forums.calendars (`links` names
    the function), the same as its page and the collaboration API give."""

    def __init__(self, links, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)
        self.links = links

    def to_representation(self, page):
        from forums import calendars  # it reads forums.models, which declares these fields

        return getattr(calendars, self.links)(page, self.context["request"])
