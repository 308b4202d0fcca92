from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
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
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _versions().start_a_new_summary(self)

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
        _versions().clean_change_summary(self)
        return cleaned_data


class GuidelinePage(SeparateFrontEndPreviewMixin, RoutablePageMixin, Page):
    """The cooperation guideline (järjestöyhteistyön ohje), written with the associations."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    status = models.CharField(
        _("status"), max_length=20, choices=GuidelineStatus.choices, default=GuidelineStatus.DRAFT
    )
    version_label = models.CharField(
        _("version"), max_length=40, help_text=_("For example 2026 or 1.1.")
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    decided_by = models.CharField(
        _("decision body"),
        max_length=120,
        blank=True,
        help_text=_("The body that adopted the guideline, for example Kaupunginhallitus."),
    )
    # Stored in every revision, so each published version carries its own summary. Blank
    # in the model (drafts and programmatic saves need none); the admin form requires it
    # when the editor publishes (guidelines.versions.clean_change_summary).
    change_summary = models.TextField(
        _("what changed in this version"),
        blank=True,
        max_length=1000,
        help_text=_(
            "Shown in the public version history. Required when publishing; write a new one "
            "for every version."
        ),
    )
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
                FieldPanel("decided_by"),
                FieldPanel("change_summary"),
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
        APIField("decided_by"),
        APIField("change_summary"),
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
        context.update(_versions().page_context(self))
        return context

    # The public version history (guidelines/version_views.py; rules in guidelines/versions.py).
    # The index route ("") is RoutablePageMixin's: it renders the page with get_context.

    @path("versiot/", name="versions")
    def versions_route(self, request):
        return _version_views().history(request, self)

    @path("versiot/vertaa/", name="compare_form")
    def compare_form_route(self, request):
        return _version_views().compare_form(request, self)

    @path("versiot/<int:number>/", name="version")
    def version_route(self, request, number):
        return _version_views().version(request, self, number)

    @path("versiot/<int:old>/vertaa/<int:new>/", name="compare")
    def compare_route(self, request, old, new):
        return _version_views().compare(request, self, old, new)

    def clean(self):
        super().clean()
        if self.status == GuidelineStatus.ADOPTED and not self.adopted_on:
            raise ValidationError({"adopted_on": _("Give the date the guideline was adopted.")})


def _versions():
    """guidelines.versions imports these models, so the page imports it when called."""
    from guidelines import versions

    return versions


def _version_views():
    from guidelines import version_views

    return version_views


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


class GuidelineVersion(models.Model):
    """A published version of a guideline: the revision that went live, under its number.

    Why a stored number and not the revision's id or a count of the audit log's
    "wagtail.publish" entries: revision ids are shared by every page and snippet (a
    guideline's versions would be 4711 and 4790, not 1 and 2), and a count of log entries
    or revisions shifts when one goes away - `manage.py purge_revisions` deletes every
    revision that is neither the latest nor live, which would break /versiot/1/. The
    number is given once, when the revision goes live (the page_published signal, which
    scheduled publishing sends too), and the version keeps a copy of the revision's
    content, so a deep link to version 2 shows the same text for good, even after a purge.
    Drafts, revisions waiting for their scheduled time and revisions in moderation never
    get a number.
    """

    page = models.ForeignKey(GuidelinePage, related_name="versions", on_delete=models.CASCADE)
    number = models.PositiveIntegerField(_("version number"))
    # Which revision went live (comments name the revision they were written on); like the
    # audit log's pointer it outlives the revision, whose content is copied below.
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        related_name="+",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
    )
    content = models.JSONField(_("content"), encoder=DjangoJSONEncoder)
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        verbose_name = _("guideline version")
        verbose_name_plural = _("guideline versions")
        ordering = ["page", "number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="guideline_version_number"),
            models.UniqueConstraint(fields=["page", "revision"], name="guideline_version_revision"),
        ]

    def __str__(self):
        return f"{self.page_id} v{self.number}"
