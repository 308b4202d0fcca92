"""The overview shows every municipality's records (core.purge): when a meeting, a
guideline, a comment period, a contact card, an association, an idea, a comment or a vote
changes anywhere, every overview page, its downloads, its content API answer and the
overview in the collaboration API are purged.

Which addresses those are is kept in the page cache's store (one list for the install;
Redis in production, a file otherwise, never a database table), so a vote's purge asks
the database nothing more; saving, publishing, moving or deleting an overview page, or
changing a Site, drops the list.
"""

from django.core.cache import caches
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from associations.models import Association
from associations.pages import AssociationDirectoryPage
from contacts.models import ContactCard, ContactsPage
from core.links import absolute_url
from core.purge import page_urls, purge_urls, register_purge_rule
from forums.models import ForumIndexPage, ForumMeetingPage, ForumPage
from guidelines.models import CommentPeriod, GuidelinePage, GuidelineVersion
from ideas.models import Idea, IdeaComment, IdeaVote, IdeaWallPage
from regions.models import RegionalOverviewPage

API_PATH = "/api/regions/overview/"
URLS_KEY = "yhdessa:regions:overview-urls"
URLS_TIMEOUT = 60 * 60 * 24


def _store():
    return caches["pages"]


def overview_urls():
    """Every overview page with its downloads and content API answer, and the API's
    overview on every Site's address (any host answers it)."""
    urls = _store().get(URLS_KEY)
    if urls is None:
        urls = set()
        for page in RegionalOverviewPage.objects.live():
            urls |= page_urls(page)
            page_url = page.get_full_url()
            if page_url:
                urls |= {page_url + path.lstrip("/") for path in page.download_paths()}
                urls.add(absolute_url(page.get_site(), f"/api/v2/pages/{page.pk}/"))
        urls |= {absolute_url(site, API_PATH) for site in Site.objects.all()}
        urls = sorted(urls)
        _store().set(URLS_KEY, urls, URLS_TIMEOUT)
    return urls


def forget_overview_urls(*args, **kwargs):
    _store().delete(URLS_KEY)


def urls_showing_figures(_instance):
    return overview_urls()


# The records the figures count.
for model in (
    ContactCard,
    Association,
    GuidelineVersion,
    CommentPeriod,
    Idea,
    IdeaComment,
    IdeaVote,
):
    register_purge_rule(model, urls_showing_figures)

# The pages they count or link to as proof: published, unpublished, moved or deleted.
FIGURE_PAGES = (
    ForumIndexPage,
    ForumPage,
    ForumMeetingPage,
    GuidelinePage,
    ContactsPage,
    AssociationDirectoryPage,
    IdeaWallPage,
)


def _figure_page_changed(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        purge_urls(overview_urls())


for model in FIGURE_PAGES:
    page_published.connect(_figure_page_changed, sender=model, weak=False)
    page_unpublished.connect(_figure_page_changed, sender=model, weak=False)
    pre_delete.connect(_figure_page_changed, sender=model, weak=False)
post_page_move.connect(_figure_page_changed, weak=False)

for signal in (page_published, page_unpublished, post_save, post_delete):
    signal.connect(forget_overview_urls, sender=RegionalOverviewPage, weak=False)
post_page_move.connect(forget_overview_urls, weak=False)
post_save.connect(forget_overview_urls, sender=Site, weak=False)
post_delete.connect(forget_overview_urls, sender=Site, weak=False)
