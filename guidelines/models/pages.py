import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, get_form_for_model
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


class GuidelineSectionForm(WagtailAdminModelForm):
    """A section in the page editor, carrying the key of a section not yet published.

    modelcluster rebuilds a section that is only in a draft (no database row yet) as a new
    object on every save, which would give it a new key each time the draft is edited. The
    key travels in a hidden field; a section already in the database keeps its own key
    whatever is posted.
    """

    key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None and cleaned_data.get("key"):
            self.instance.key = cleaned_data["key"]
        return cleaned_data


class SectionsPanel(InlinePanel):
    """The sections' inline panel, built on GuidelineSectionForm."""

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        defer = self.child_edit_handler.get_form_options().get("defer_required_on_fields")
        formset["form"] = get_form_for_model(
            self.db_field.related_model,
            form_class=GuidelineSectionForm,
            **({"defer_required_on_fields": defer} if defer else {}),
        )
        return options


class GuidelinePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each section's form starts with its own key. Not the blank form the editor's "add
        # section" button copies: every section added from it would share one key.
        for form in self.formsets["sections"].forms:
            form.initial.setdefault("key", form.instance.key)

    def clean(self):
        cleaned_data = super().clean()
        seen_anchors, seen_keys = set(), set()
        for form in self.formsets["sections"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            data = form.cleaned_data
            anchor = data.get("anchor") or slugify(data.get("title", ""), allow_unicode=True)[:80]
            if anchor in seen_anchors:
                form.add_error("anchor", _("Another section already uses this anchor."))
            seen_anchors.add(anchor)
            if form.instance.key in seen_keys:
                form.add_error(
                    None, _("Two sections were sent as the same section. Reload the page.")
                )
            seen_keys.add(form.instance.key)
        return cleaned_data


def _views():
    """guidelines.views imports these models, so the routes import the views when called."""
    from guidelines import views

    return views


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
        SectionsPanel("sections", heading=_("Sections"), label=_("Section"), min_num=1),
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

    def get_context(self, request, *args, bound=None, problem=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(_views().page_context(request, self, bound=bound, problem=problem))
        return context

    # The page's own routes; the views live in guidelines/views.py and call
    # guidelines/comments.py. The index route ("") is RoutablePageMixin's.

    @path("kommentti/", name="comment")
    def comment_route(self, request):
        return _views().comment(request, self)

    @path("yhteenveto/", name="summary")
    def summary_route(self, request):
        return _views().summary(request, self)

    @path("ilmoita/<int:comment_id>/", name="report")
    def report_route(self, request, comment_id):
        return _views().report(request, self, comment_id)

    @path("hyodyllinen/<int:comment_id>/", name="useful")
    def useful_route(self, request, comment_id):
        return _views().useful(request, self, comment_id)

    def clean(self):
        super().clean()
        if self.status == GuidelineStatus.ADOPTED and not self.adopted_on:
            raise ValidationError({"adopted_on": _("Give the date the guideline was adopted.")})


class GuidelineSection(Orderable):
    """One section of the guideline; its anchor stays put so links keep working."""

    page = ParentalKey(GuidelinePage, related_name="sections", on_delete=models.CASCADE)
    # Who the section is, whatever its title, text, anchor or place: comments point at the
    # key and the revision they were written on, never at quoted text, which an edit breaks
    # (hypothesis/client#7571). Not in the editor's form, so the admin cannot change it;
    # revisions carry it, so publishing any revision keeps it. Unique per page only: a
    # copied page keeps its sections' keys.
    key = models.UUIDField(_("key"), default=uuid.uuid4, editable=False)
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
        constraints = [
            models.UniqueConstraint(fields=["page", "key"], name="guideline_section_key_per_page")
        ]

    def clean(self):
        super().clean()
        self.fill_anchor()

    def save(self, *args, **kwargs):
        self.fill_anchor()
        super().save(*args, **kwargs)

    def fill_anchor(self):
        if not self.anchor:
            self.anchor = slugify(self.title, allow_unicode=True)[:80]
