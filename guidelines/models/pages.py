import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
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
        _versions().start_a_new_summary(self)

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
        _versions().clean_change_summary(self)
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
        SectionsPanel("sections", heading=_("Sections"), label=_("section"), min_num=1),
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

    def get_context(self, request, *args, bound=None, problem=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        versions = _versions().page_context(self)
        context.update(
            _views().page_context(
                request, self, versions=versions["versions"], bound=bound, problem=problem
            )
        )
        context.update(versions)
        _proposal_views().annotate_sections(request, self, context)
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

    # The comment routes: the views live in guidelines/views.py and call
    # guidelines/comments.py.

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

    # Suggested edits: the views live in guidelines/proposal_views.py and call
    # guidelines/proposals.py.

    @path("ehdotus/", name="propose")
    def propose_route(self, request):
        return _proposal_views().propose(request, self)

    @path("ehdotukset/<int:proposal_id>/", name="proposal")
    def proposal_route(self, request, proposal_id):
        return _proposal_views().proposal(request, self, proposal_id)

    @path("ehdotukset/<int:proposal_id>/tuki/", name="support")
    def support_route(self, request, proposal_id):
        return _proposal_views().support(request, self, proposal_id)

    @path("ehdotukset/<int:proposal_id>/kommentti/", name="proposal_comment")
    def proposal_comment_route(self, request, proposal_id):
        return _proposal_views().comment(request, self, proposal_id)

    @path("ehdotukset/<int:proposal_id>/ilmoita/", name="proposal_report")
    def proposal_report_route(self, request, proposal_id):
        return _proposal_views().report(request, self, proposal_id)

    def clean(self):
        super().clean()
        if self.status == GuidelineStatus.ADOPTED and not self.adopted_on:
            raise ValidationError({"adopted_on": _("Give the date the guideline was adopted.")})


def _versions():
    """guidelines.versions imports these models, so the page imports it when called."""
    from guidelines import versions

    return versions


def _proposal_views():
    from guidelines import proposal_views

    return proposal_views


def _version_views():
    from guidelines import version_views

    return version_views


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
