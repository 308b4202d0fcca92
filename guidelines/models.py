from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.preview import SeparateFrontEndPreviewMixin
from core.serializers import DocumentLinkSerializer

RICH_TEXT = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class GuidelineStatus(models.TextChoices):
    DRAFT = "draft", _("Draft, open for comments")
    ADOPTED = "adopted", _("Adopted")


class GuidelinePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        seen = set()
        for form in self.formsets["sections"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            data = form.cleaned_data
            anchor = data.get("anchor") or slugify(data.get("title", ""), allow_unicode=True)[:80]
            if anchor in seen:
                form.add_error("anchor", _("Another section already uses this anchor."))
            seen.add(anchor)
        return cleaned_data


class GuidelinePage(SeparateFrontEndPreviewMixin, Page):
    """The cooperation guideline (järjestöyhteistyön ohje), written with the associations."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    status = models.CharField(
        _("status"), max_length=20, choices=GuidelineStatus.choices, default=GuidelineStatus.DRAFT
    )
    version_label = models.CharField(
        _("version"), max_length=40, help_text=_("For example 2026 or 1.1.")
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("version_label"),
                FieldPanel("adopted_on"),
                FieldPanel("pdf"),
            ],
            heading=_("Version"),
        ),
        InlinePanel("sections", heading=_("Sections"), label=_("Section"), min_num=1),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.RelatedFields("sections", [index.SearchField("title"), index.SearchField("body")]),
    ]
    base_form_class = GuidelinePageForm
    api_fields = [
        APIField("intro"),
        APIField("status"),
        APIField("version_label"),
        APIField("adopted_on"),
        APIField("pdf", serializer=DocumentLinkSerializer()),
        APIField("sections"),
    ]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("cooperation guideline")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = list(self.sections.all())
        return context

    def clean(self):
        super().clean()
        if self.status == GuidelineStatus.ADOPTED and not self.adopted_on:
            raise ValidationError({"adopted_on": _("Give the date the guideline was adopted.")})


class GuidelineSection(Orderable):
    """One section of the guideline; its anchor stays put so links and comments keep working."""

    page = ParentalKey(GuidelinePage, related_name="sections", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    anchor = models.SlugField(
        _("anchor"),
        max_length=80,
        blank=True,
        allow_unicode=True,
        help_text=_(
            "The end of the section's address (#…), filled in from the title. "
            "Keep it once published so links stay valid."
        ),
    )
    body = RichTextField(_("text"), features=RICH_TEXT)

    panels = [FieldPanel("title"), FieldPanel("anchor"), FieldPanel("body")]
    api_fields = [APIField("title"), APIField("anchor"), APIField("body")]

    class Meta(Orderable.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def clean(self):
        super().clean()
        self.fill_anchor()

    def save(self, *args, **kwargs):
        self.fill_anchor()
        super().save(*args, **kwargs)

    def fill_anchor(self):
        if not self.anchor:
            self.anchor = slugify(self.title, allow_unicode=True)[:80]
