"""The site search: the pages and the ideas this person may see, on this municipality's site.

Each result says what it is and shows an excerpt with the words found marked. The matching
itself (Finnish stems, on both databases) is core.search's, run by Wagtail's search backend.
"""

from dataclasses import dataclass

from django.utils.functional import cached_property
from django.utils.translation import pgettext_lazy
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from associations import directory
from associations.models import Association
from contacts.models import ContactsPage
from core.links import site_of
from core.pages import visible_pages
from core.search import highlight, query_words
from forums.models import ForumMeetingPage, ForumPage
from guidelines.models import GuidelinePage
from ideas.models import Idea, IdeaWallPage
from news.models import NewsPage

# What a visitor calls each kind of result; every other page is just a page.
KINDS = {
    NewsPage: pgettext_lazy("kind of search result", "news"),
    ForumMeetingPage: pgettext_lazy("kind of search result", "meeting"),
    ForumPage: pgettext_lazy("kind of search result", "forum"),
    GuidelinePage: pgettext_lazy("kind of search result", "guideline"),
    IdeaWallPage: pgettext_lazy("kind of search result", "idea wall"),
    ContactsPage: pgettext_lazy("kind of search result", "contacts"),
    Idea: pgettext_lazy("kind of search result", "idea"),
    Association: pgettext_lazy("kind of search result", "association"),
}
PAGE_KIND = pgettext_lazy("kind of search result", "page")


@dataclass
class Result:
    title: str
    url: str
    kind: str
    excerpt: str


def searchable_text(obj):
    """The text the search index holds for this page or idea: plain text, rich text stripped."""
    texts = []
    for field in obj.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            value = field.get_value(obj)
            texts.extend(value if isinstance(value, list) else [value])
    return " ".join(str(text) for text in texts if text)


def _result(obj, query, request):
    if isinstance(obj, Association):
        # Only what the association published: its name and, if published, its description.
        return Result(
            title=obj.name,
            url=obj.directory_url(request),
            kind=KINDS[Association],
            excerpt=highlight(obj.public_description(), query),
        )
    return Result(
        title=obj.title,
        url=obj.get_url(request),
        kind=KINDS.get(type(obj), PAGE_KIND),
        excerpt=highlight(searchable_text(obj), query),
    )


class SearchResults:
    """Pages, ideas, then the directory's associations, each in order of relevance, read one
    page of results at a time.

    Paginator counts it and slices it; only the slice shown is fetched.
    """

    def __init__(self, query, request):
        self.query = query
        self.request = request
        self.parts = []
        site = site_of(request)
        if query_words(query) and site is not None:
            # Only this municipality's: one install serves several, each its own site.
            ideas = Idea.objects.on_walls_visible_to(request.user, site).select_related("wall")
            self.parts = [
                visible_pages(request.user).in_site(site).specific().search(query),
                get_search_backend().search(query, ideas),
                get_search_backend().search(
                    query, directory.in_published_directory(site).with_directory_page()
                ),
            ]

    @cached_property
    def sizes(self):
        return [part.count() for part in self.parts]

    def count(self):
        return sum(self.sizes)

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        found = []
        for part, size in zip(self.parts, self.sizes, strict=True):
            if start < size and stop > 0:
                found.extend(part[max(start, 0) : min(stop, size)])
            start, stop = start - size, stop - size
        return [_result(obj, self.query, self.request) for obj in found]
