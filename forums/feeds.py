"""An Atom feed of each forum's upcoming meetings, for feed readers and other sites.

Only what the meeting page shows in its facts goes in: time, place, theme, status.
"""

from django.template.defaultfilters import date as format_date
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core.feeds import FEED_LENGTH, PageFeed
from core.text import clean_title, render_plain_text
from forums.models import MeetingStatus


class MeetingFeed(PageFeed):
    """Made afresh for every request (ForumPage's feed route)."""

    def feed_url(self, forum):
        return self.page_url + forum.reverse_subpage("feed")

    def subtitle(self, forum):
        return strip_tags(forum.purpose).strip() or None

    def items(self, forum):
        return forum.upcoming_meetings()[:FEED_LENGTH]

    def item_title(self, meeting):
        return clean_title(meeting.title)

    def item_description(self, meeting):
        facts = [
            format_date(meeting.start, "DATETIME_FORMAT"),
            ", ".join(filter(None, [meeting.place_name, meeting.address])),
            meeting.theme,
        ]
        if meeting.status != MeetingStatus.SCHEDULED:
            facts.append(_("Status: %(status)s") % {"status": meeting.get_status_display()})
            facts.append(meeting.status_note)
        return "".join(render_plain_text(fact) for fact in facts if fact)

    def item_link(self, meeting):
        return meeting.get_full_url(self.request)

    def item_pubdate(self, meeting):
        return meeting.first_published_at

    def item_updateddate(self, meeting):
        return meeting.last_published_at or meeting.first_published_at
