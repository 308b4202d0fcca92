from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.preview import SeparateFrontEndPreviewMixin
from regions.serializers import OverviewFiguresSerializer

RICH_TEXT = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]
# The downloads are public figures: caches may keep them until a purge (regions.purge_rules).
DOWNLOAD_MAX_AGE = 300


class RegionalOverviewPage(SeparateFrontEndPreviewMixin, RoutablePageMixin, Page):
    """The region's live overview of every municipality's structures of cooperation."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [
        APIField("intro"),
        APIField("figures", serializer=OverviewFiguresSerializer(source="*")),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("regional overview")

    @classmethod
    def can_create_at(cls, parent):
        """Only on the region's own site: a municipality's home has no overview to offer."""
        from core.models import SiteSettings
        from core.municipalities import site_of_page

        if not super().can_create_at(parent):
            return False
        site = site_of_page(parent)
        return site is not None and SiteSettings.for_site(site).is_regional

    def get_context(self, request, *args, **kwargs):
        from regions.charts import bar_chart
        from regions.figures import regional_overview

        context = super().get_context(request, *args, **kwargs)
        overview = regional_overview()
        page_url = self.get_url(request)
        context.update(
            overview=overview,
            charts=[(series, bar_chart(series)) for series in overview.series()],
            csv_url=page_url + self.reverse_subpage("csv"),
            xlsx_url=page_url + self.reverse_subpage("xlsx"),
        )
        return context

    @path("")
    def overview(self, request):
        return self.render(request)

    @path("lataa/csv/", name="csv")
    def csv_route(self, request):
        return self._download(request, "csv")

    @path("lataa/xlsx/", name="xlsx")
    def xlsx_route(self, request):
        return self._download(request, "xlsx")

    def _download(self, request, file_format):
        from regions.exports import overview_table

        response = overview_table(file_format, self.slug)
        patch_cache_control(response, public=True, max_age=DOWNLOAD_MAX_AGE)
        return response

    def download_paths(self):
        """The downloads' paths below the page's own, which purges add to the page."""
        return [self.reverse_subpage("csv"), self.reverse_subpage("xlsx")]
