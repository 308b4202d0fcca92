"""What the public directory shows: one set of functions for its pages, the site search,
the sitemap and the API.

Every list starts from `Association.objects.published()` on one municipality's Site and
reads only `public_values()`. The search matches the name and the *published* description
(the index holds nothing else, see Association.search_fields), so a description an
association kept to itself cannot be found by guessing its words.
"""

from django.db.models import Prefetch, Subquery
from django.shortcuts import get_object_or_404
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from associations.models import (
    FINNISH_ALPHABET,
    OTHER_INITIAL,
    Association,
    FieldOfActivity,
)
from core.search import query_words
from core.text import strip_control_characters

MAX_QUERY_LENGTH = 200
INITIALS = [*FINNISH_ALPHABET, OTHER_INITIAL]


def clean_query(value):
    """A search as typed, safe for both databases' full-text search."""
    return strip_control_characters(value or "").strip()[:MAX_QUERY_LENGTH]


def clean_initial(value):
    """An index letter from the address ("ä" is Ä), or "" for anything else."""
    value = (value or "").strip().upper()
    return value if value in INITIALS else ""


def clean_field(value):
    """A field of activity's slug from the address, or "" for an unknown one."""
    value = (value or "").strip()
    return value if value in FieldOfActivity.Kind.values else ""


def published_on(site):
    """The associations the public sees on this municipality's site."""
    return Association.objects.published().on_site(site)


def in_published_directory(site):
    """published_on(site) where the site has a published directory page to show them on,
    none otherwise (the site search links each one to its page there)."""
    if site is None or not directory_pages(site).exists():
        return Association.objects.none()
    return published_on(site)


def directory_pages(site):
    """The site's published directory pages, found in the query that uses them."""
    from associations.pages import AssociationDirectoryPage

    root_path = Page.objects.filter(pk=site.root_page_id).values("path")[:1]
    return (
        AssociationDirectoryPage.objects.live()
        .public()
        .filter(path__startswith=Subquery(root_path))
    )


def with_public_details(associations):
    """What the directory's lists and pages show of each, in a constant number of queries."""
    return associations.with_directory_page().prefetch_related(
        Prefetch("fields_of_activity", queryset=FieldOfActivity.objects.order_by("position"))
    )


def listing(site, *, query="", field="", initial=""):
    """The directory's associations by name, narrowed by a search, a field and a letter.

    Returns a queryset or, with a search, the search backend's results (both slice and
    count lazily, so a paginator fetches only the page shown).
    """
    associations = published_on(site)
    if field:
        in_field = Association.fields_of_activity.through.objects.filter(fieldofactivity=field)
        associations = associations.filter(pk__in=in_field.values("association"))
    if initial:
        associations = associations.filter(initial=initial)
    if query_words(query):
        # Filtered and ordered by indexed fields only (Association.search_fields); a name
        # is unique in its municipality, so the order is total.
        found = get_search_backend().search(
            query, associations.order_by("name"), order_by_relevance=False
        )
        return _SearchedDetails(found)
    return with_public_details(associations).order_by("name", "pk")


class _SearchedDetails:
    """Search results with each page of them fetched with its public details."""

    def __init__(self, results):
        self.results = results

    def count(self):
        return self.results.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        found = list(self.results[window])
        details = {
            association.pk: association
            for association in with_public_details(
                Association.objects.filter(pk__in=[found_one.pk for found_one in found])
            )
        }
        return [details[association.pk] for association in found if association.pk in details]


def initials_in_use(site):
    """The index letters that have at least one association, in one query."""
    # order_by(): the default order by name would make DISTINCT one row per name.
    return set(published_on(site).order_by().values_list("initial", flat=True).distinct())


def published_association(site, **lookup):
    """One association's public record (by slug or pk), or 404 when it is hidden or of
    another municipality."""
    return get_object_or_404(with_public_details(published_on(site)), **lookup)
