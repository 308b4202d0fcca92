"""An Atom feed of the news, and one per tag, for feed readers and other sites.

Only live, public articles, as the news index lists them (NewsIndexPage.articles).
"""

import datetime

from django.utils import timezone

from core.feeds import FEED_LENGTH, PageFeed
from core.text import clean_title, render_plain_text


class NewsFeed(PageFeed):
    """Made afresh for every request (see NewsIndexPage's feed routes)."""

    def get_object(self, request, index, tag=None):
        self.tag = tag
        return super().get_object(request, index)

    def title(self, index):
        return clean_title(index.feed_title(tag=self.tag))

    def feed_url(self, index):
        if self.tag is None:
            return self.page_url + index.reverse_subpage("feed")
        return self.page_url + index.reverse_subpage("tag_feed", args=[self.tag.slug])

    def feed_guid(self, index):
        guid = super().feed_guid(index)
        if self.tag is None:
            return guid
        # A tag's slug may be edited, its primary key is for ever.
        return f"{guid}-tag-{self.tag.pk}"

    def items(self, index):
        return index.articles(tag=self.tag.slug if self.tag else None)[:FEED_LENGTH]

    def item_title(self, article):
        return clean_title(article.title)

    def item_description(self, article):
        return render_plain_text(article.lead)

    def item_link(self, article):
        return article.get_full_url(self.request)

    def item_pubdate(self, article):
        return article.first_published_at or _start_of(article.date)

    def item_updateddate(self, article):
        return article.last_published_at or self.item_pubdate(article)

    def item_categories(self, article):
        return [clean_title(tag.name) for tag in article.tags.all()]


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
