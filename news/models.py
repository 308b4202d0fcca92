from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from contacts.blocks import BodyBlocks
from contacts.models import OwnContactCards
from core.images import require_alt_text
from core.preview import SeparateFrontEndPreviewMixin
from news.feeds import NewsFeed

NEWS_PER_PAGE = 10


class NewsIndexPage(SeparateFrontEndPreviewMixin, RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = _("news index")

    def articles(self, tag=None):
        articles = (
            NewsPage.objects.child_of(self)
            .live()
            .public()
            .select_related("image")
            .prefetch_related("tags", "image__renditions")
            .order_by("-date", "-pk")
        )
        if tag:
            articles = articles.filter(tags__slug=tag)
        return articles

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tag = request.GET.get("tag", "").strip()
        paginator = Paginator(self.articles(tag=tag or None), NEWS_PER_PAGE)
        context["articles"] = paginator.get_page(request.GET.get("page"))
        context["tag"] = tag
        found_tag = Tag.objects.filter(slug=tag).first() if tag else None
        if found_tag is not None:
            context["tag_name"] = found_tag.name
        context["feed_url"] = self.feed_url(request, tag=found_tag)
        context["feed_title"] = self.feed_title(tag=found_tag)
        return context

    def feed_title(self, tag=None):
        if tag is None:
            return self.title
        return _("%(news)s: %(tag)s") % {"news": self.title, "tag": tag.name}

    def feed_url(self, request, tag=None):
        """The Atom feed of the news, or of one tag's news."""
        if tag is not None:
            return self.get_url(request) + self.reverse_subpage("tag_feed", args=[tag.slug])
        return self.get_url(request) + self.reverse_subpage("feed")

    # The index route ("") is RoutablePageMixin's: it renders the list with get_context.

    @path("syote/", name="feed")
    def feed_route(self, request):
        return NewsFeed()(request, index=self)

    # str, not slug: taggit keeps letters such as ä in slugs.
    @path("syote/<str:tag>/", name="tag_feed")
    def tag_feed_route(self, request, tag):
        return NewsFeed()(request, index=self, tag=get_object_or_404(Tag, slug=tag))


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(OwnContactCards, SeparateFrontEndPreviewMixin, Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    lead = models.TextField(
        _("lead"), max_length=400, help_text=_("One or two sentences shown in lists.")
    )
    body = StreamField(BodyBlocks(), verbose_name=_("body"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt_text = models.CharField(_("image alt text"), max_length=200, blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt_text")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("date"),
        APIField("lead"),
        APIField("body"),
        APIField("image", serializer=ImageRenditionField("fill-1200x675")),
        APIField("image_thumbnail", serializer=ImageRenditionField("fill-400x225", source="image")),
        APIField("image_alt_text"),
        APIField("tags"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_index"] = index = NewsIndexPage.objects.parent_of(self).first()
        context["feed_url"] = index.feed_url(request)
        context["feed_title"] = index.feed_title()
        return context

    def clean(self):
        super().clean()
        require_alt_text(self)
