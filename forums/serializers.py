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


class SeatsField(serializers.Field):
    """A forum's member associations, this term's and past terms', as the forum page shows
    them (forums.seats.public_roster): public fields, consented names only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, forum):
        from forums import seats  # it reads forums.models, which declares this field

        return seats.roster_data(seats.public_roster(forum))
