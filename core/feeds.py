"""What every Atom feed of ours shares: it belongs to one page, and its ids never change.

A feed reader tells entries apart by their ids. A URL would change with the address a
request came in by (127.0.0.1:8000 today, localhost tomorrow), with the port or with a
page's slug, so the ids are tag: URIs (RFC 4151): the page's Site's hostname
(core.links.identifier_authority), the day the thing was first published, and its primary
key. The links are the page's Site's too (core.links), whatever address the reader used.
XML cannot carry control characters: titles go through core.text.clean_title, texts
through render_plain_text.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags

from core.links import identifier_authority
from core.text import clean_title

# Feed readers fetch often; the newest fifty items are plenty to catch up with.
FEED_LENGTH = 50
# The day in the id of a page made live by code without ever being published (Wagtail
# then records no publishing time): any fixed day keeps its id from changing.
UNRECORDED_DAY = datetime.date(1970, 1, 1)


def tag_uri(site, day, specific):
    return f"tag:{identifier_authority(site)},{day:%Y-%m-%d}:{specific}"


def first_published_day(page):
    moment = page.first_published_at or page.last_published_at
    return timezone.localdate(moment) if moment else UNRECORDED_DAY


class PageFeed(Feed):
    """An Atom feed of one page's items; made afresh for every request, so it may remember
    the page. Subclasses give items(), the items' texts and feed_url()."""

    feed_type = Atom1Feed

    def get_object(self, request, page):
        self.request = request
        self.page = page
        # Absolute, so Django's Feed does not put the request's host in front.
        self.page_url = page.get_full_url(request)
        self.site = page.get_site()
        return page

    def title(self, page):
        return clean_title(page.title)

    def subtitle(self, page):
        return strip_tags(getattr(page, "intro", "")).strip() or None

    def link(self, page):
        return self.page_url

    def feed_guid(self, page):
        return tag_uri(self.site, first_published_day(page), f"feed-{page.pk}")

    def item_guid(self, item):
        return tag_uri(self.site, self.item_first_day(item), f"{item._meta.model_name}-{item.pk}")

    def item_first_day(self, item):
        """The day the item first appeared, for its id; pages by default."""
        return first_published_day(item)

    def item_author_email(self, item):
        return None
