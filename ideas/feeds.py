"""An Atom feed of each wall's published ideas, for feed readers and other sites.

Only what the wall itself shows goes in: title, text, column, status, the
author's public name and association. Never an e-mail address.

XML cannot carry control characters; the validators keep them out of new text, and
the feed cleans what it writes so one old value cannot break it for every reader.
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.feeds import FEED_LENGTH, PageFeed
from core.text import clean_title, render_plain_text
from ideas.models import IdeaWallPage


class IdeaFeed(PageFeed):
    """Made afresh for every request (see ideas.views.feed)."""

    def get_object(self, request, wall):
        # Feed readers have no session: a wall that lists need a password or sign-in for
        # has no feed (Wagtail has already refused the wall to whoever it keeps out).
        if not IdeaWallPage.objects.visible_to(request.user).filter(pk=wall.pk).exists():
            raise Http404
        return super().get_object(request, wall)

    def feed_url(self, wall):
        return self.page_url + wall.reverse_subpage("feed")

    def subtitle(self, wall):
        return super().subtitle(wall) or _("Ideas for the cooperation of associations.")

    def items(self, wall):
        return (
            wall.ideas.on_wall()
            .select_related("author", "column")
            .order_by("-created_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, idea):
        return clean_title(idea.title)

    def item_description(self, idea):
        """The text as the wall shows it, escaped and linked, with the idea's status."""
        status = _("Status: %(status)s") % {"status": idea.get_status_display()}
        return render_plain_text(idea.body) + render_plain_text(status)

    def item_link(self, idea):
        return self.page_url + self.page.reverse_subpage("idea", args=[idea.pk])

    def item_author_name(self, idea):
        name = idea.author.public_name if idea.author is not None else _("Deleted user")
        name = f"{name} ({idea.association_name})" if idea.association_name else str(name)
        return clean_title(name)

    def item_first_day(self, idea):
        return timezone.localdate(idea.created_at)

    def item_pubdate(self, idea):
        return idea.created_at

    def item_updateddate(self, idea):
        return idea.edited_at or idea.created_at

    def item_categories(self, idea):
        return [clean_title(idea.column.name)] if idea.column is not None else []
