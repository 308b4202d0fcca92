from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from contacts.blocks import BodyBlocks
from contacts.models import ContactCard
from core.preview import SeparateFrontEndPreviewMixin
from core.routing import PathRoutingMixin
from forums.models import ForumMeetingPage
from ideas import queries
from ideas.models import IdeaWallPage
from news.models import NewsPage

RICH_TEXT = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HomePage(PathRoutingMixin, SeparateFrontEndPreviewMixin, Page):
    """The front page: everything on it but the intro is gathered from the other sections."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]
    # One home page per municipality, each the root of its Site (home.municipalities).
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["newest_ideas"] = self.newest_ideas(request.user)
        return context

    def upcoming_meetings(self, count=3):
        return ForumMeetingPage.objects.live().public().descendant_of(self).upcoming()[:count]

    def latest_news(self, count=3):
        return (
            NewsPage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("image")
            .prefetch_related("image__renditions")
            .order_by("-date", "-pk")[:count]
        )

    def newest_ideas(self, user, count=5):
        """The newest ideas on this site's walls that this person may see."""
        walls = IdeaWallPage.objects.visible_to(user).descendant_of(self)
        return queries.newest_ideas(walls, count)

    def key_contacts(self):
        """The people who coordinate the forums that are published."""
        return (
            ContactCard.objects.published()
            .filter(coordinated_forums__live=True, coordinated_forums__path__startswith=self.path)
            .select_related("photo")
            .prefetch_related("photo__renditions")
            .distinct()
        )


class StandardPage(SeparateFrontEndPreviewMixin, Page):
    intro = models.TextField(_("lead"), blank=True, max_length=400)
    body = StreamField(BodyBlocks(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class Conformance(models.TextChoices):
    FULL = "full", _("fully conforms")
    PARTIAL = "partial", _("partially conforms")
    NONE = "none", _("does not conform")


class AccessibilityStatementPage(SeparateFrontEndPreviewMixin, Page):
    """The accessibility statement required by the Act on the Provision of Digital Services."""

    conformance = models.CharField(
        _("conformance with WCAG 2.1 AA"), max_length=10, choices=Conformance.choices
    )
    non_accessible_content = RichTextField(
        _("content that is not accessible"), blank=True, features=RICH_TEXT
    )
    body = RichTextField(_("more about accessibility"), blank=True, features=RICH_TEXT)
    prepared_on = models.DateField(_("statement prepared on"))
    reviewed_on = models.DateField(_("statement last reviewed on"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("conformance"), FieldPanel("prepared_on"), FieldPanel("reviewed_on")],
            heading=_("Status"),
        ),
        FieldPanel("non_accessible_content"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("non_accessible_content")]
    api_fields = [
        APIField("conformance"),
        APIField("non_accessible_content"),
        APIField("body"),
        APIField("prepared_on"),
        APIField("reviewed_on"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1  # one statement per municipality's site

    class Meta:
        verbose_name = _("accessibility statement")


# The privacy notice lives in its own module; imported here so that Wagtail finds it.
from home.privacy import PrivacyNoticePage  # noqa: E402, F401
