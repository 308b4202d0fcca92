from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.links import page_url
from core.models import (
    ModeratedContent,
    ModeratedQuerySet,
    ThreadedComment,
    author_field,
    moderation_rule_field,
)
from core.moderation import ON_THE_WALL
from core.municipalities import pages_on
from core.pages import VisiblePageManager
from core.preview import SeparateFrontEndPreviewMixin
from core.text import TEXT_MAX_LENGTH, validate_one_line, validate_plain_text

IDEAS_PER_PAGE = 20
TITLE_MAX_LENGTH = 120


class IdeaWallPage(SeparateFrontEndPreviewMixin, RoutablePageMixin, Page):
    """Where associations post development ideas (the Padlet board's successor)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    is_open = models.BooleanField(_("open for new ideas"), default=True)
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("New ideas are not accepted after this time. Leave empty to keep it open."),
    )
    moderation_rule = moderation_rule_field()
    voting_enabled = models.BooleanField(_("voting on"), default=True)

    # IdeaWallPage.objects.visible_to(user): the walls a list may show this person.
    objects = VisiblePageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("is_open"),
                FieldPanel("closes_at"),
                FieldPanel("moderation_rule"),
                FieldPanel("voting_enabled"),
            ],
            heading=_("Rules of the wall"),
        ),
        InlinePanel("columns", heading=_("Columns"), label=_("column")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [
        APIField("intro"),
        APIField("is_open"),
        APIField("closes_at"),
        APIField("moderation_rule"),
        APIField("voting_enabled"),
        APIField("columns"),
    ]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("idea wall")
        verbose_name_plural = _("idea walls")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(_views().wall_context(request, self))
        return context

    # The wall's own pages; the views live in ideas/views.py and call ideas/services.py.
    # The index route ("") is RoutablePageMixin's: it renders the wall with get_context.

    @path("idea/<int:idea_id>/", name="idea")
    def idea_route(self, request, idea_id):
        return _views().idea_page(request, self, idea_id)

    @path("uusi/", name="post")
    def post_route(self, request):
        return _views().post_idea(request, self)

    @path("idea/<int:idea_id>/muokkaa/", name="edit")
    def edit_route(self, request, idea_id):
        return _views().edit_idea(request, self, idea_id)

    @path("idea/<int:idea_id>/peru/", name="withdraw")
    def withdraw_route(self, request, idea_id):
        return _views().withdraw_idea(request, self, idea_id)

    @path("idea/<int:idea_id>/aani/", name="vote")
    def vote_route(self, request, idea_id):
        return _views().vote(request, self, idea_id)

    @path("idea/<int:idea_id>/kommentti/", name="comment")
    def comment_route(self, request, idea_id):
        return _views().comment(request, self, idea_id)

    @path("ilmoita/<str:kind>/<int:object_id>/", name="report")
    def report_route(self, request, kind, object_id):
        return _views().report(request, self, kind, object_id)

    @path("syote/", name="feed")
    def feed_route(self, request):
        return _views().feed(request, self)

    def accepts_ideas(self, now=None):
        now = now or timezone.now()
        return self.is_open and (self.closes_at is None or now < self.closes_at)


def _views():
    """ideas.views imports these models, so the routes import the views when called."""
    from ideas import views

    return views


class IdeaColumn(Orderable):
    """A section of the wall, like a Padlet column: Viestintä, Tilat, Tapahtumat."""

    wall = ParentalKey(IdeaWallPage, related_name="columns", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=60)

    panels = [FieldPanel("name")]
    api_fields = [APIField("id"), APIField("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("column")
        verbose_name_plural = _("columns")

    def __str__(self):
        return self.name


class IdeaStatus(models.TextChoices):
    NEW = "new", _("New")
    UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    NOT_TAKEN_FORWARD = "not_taken_forward", _("Not taken forward")
    DUPLICATE = "duplicate", _("Duplicate")


# Voting ends when the city has decided what happens to the idea.
VOTING_CLOSED_STATUSES = {IdeaStatus.DONE, IdeaStatus.NOT_TAKEN_FORWARD, IdeaStatus.DUPLICATE}


class IdeaQuerySet(ModeratedQuerySet):
    def on_wall(self):
        """Ideas a visitor may see on the wall: published, not held, not withdrawn.

        Idea.is_on_wall says the same of one idea.
        """
        return self.visible().filter(withdrawn_at=None)

    def with_vote_of(self, user):
        """Each idea marked `voted`: whether this person has voted for it, in the same query."""
        if not user.is_authenticated:
            return self.annotate(voted=models.Value(False))
        return self.annotate(
            voted=models.Exists(IdeaVote.objects.filter(idea=models.OuterRef("pk"), voter=user))
        )

    def on_walls_visible_to(self, user, site=None):
        """Ideas on the wall, on the walls this person may see (for lists across walls): of
        one municipality's site when `site` is given."""
        walls = IdeaWallPage.objects.visible_to(user)
        if site is not None:
            walls = walls.filter(pages_on(site))
        return self.on_wall().filter(wall__in=walls)


class Idea(index.Indexed, ModeratedContent):
    moderation_wording = ON_THE_WALL

    wall = models.ForeignKey(
        IdeaWallPage, verbose_name=_("idea wall"), on_delete=models.CASCADE, related_name="ideas"
    )
    column = models.ForeignKey(
        IdeaColumn,
        verbose_name=_("column"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    author = author_field("ideas")
    association_name = models.CharField(
        _("association"), max_length=200, blank=True, validators=[validate_one_line]
    )
    title = models.CharField(
        _("title"), max_length=TITLE_MAX_LENGTH, validators=[validate_one_line]
    )
    body = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH, validators=[validate_plain_text])
    status = models.CharField(
        _("status"), max_length=30, choices=IdeaStatus.choices, default=IdeaStatus.NEW
    )
    official_answer = models.TextField(
        _("the city's answer"), blank=True, validators=[validate_plain_text]
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    vote_count = models.PositiveIntegerField(_("votes"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = IdeaQuerySet.as_manager()

    # The site search finds ideas as it finds pages; the filters are what on_wall() and the
    # wall's own visibility filter on.
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("body"),
        index.FilterField("wall"),
        index.FilterField("state"),
        index.FilterField("held_by_reports"),
        index.FilterField("withdrawn_at"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        # One index per wall sort (ideas.queries.WALL_ORDERINGS), down to the tie-breaks:
        # the database then reads a page of ideas in order and stops, with no sort of the
        # whole wall when counts tie. The home page's newest ideas read idea_wall_newest.
        indexes = [
            models.Index(fields=["wall", "state", "-created_at", "-id"], name="idea_wall_newest"),
            models.Index(
                fields=["wall", "state", "-vote_count", "-created_at", "-id"],
                name="idea_wall_votes",
            ),
            models.Index(
                fields=["wall", "state", "-comment_count", "-created_at", "-id"],
                name="idea_wall_discussed",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_on_wall(self):
        """IdeaQuerySet.on_wall() for one idea already fetched."""
        return self.is_visible and self.withdrawn_at is None

    # What core.reports asks of every text: anyone may read it where it was written.
    is_public = is_on_wall

    @property
    def voting_open(self):
        return self.wall.voting_enabled and self.status not in VOTING_CLOSED_STATUSES

    def get_url(self, request=None):
        return page_url(self.wall, request) + self.wall.reverse_subpage("idea", args=[self.pk])

    def get_full_url(self, request=None):
        """The idea's address for e-mail, APIs and downloads: on its wall's Site (core.links)."""
        return self.wall.get_full_url(request) + self.wall.reverse_subpage("idea", args=[self.pk])


class IdeaComment(ThreadedComment):
    moderation_wording = ON_THE_WALL

    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="comments"
    )
    author = author_field("idea_comments")

    class Meta(ThreadedComment.Meta):
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    @property
    def is_on_wall(self):
        """Shown under its idea: published, not held, and the idea itself on the wall."""
        return self.is_visible and self.idea.is_on_wall

    is_public = is_on_wall


class IdeaVote(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["idea", "voter"], name="one_vote_per_person_per_idea")
        ]

    def __str__(self):
        return f"{self.voter_id} → {self.idea_id}"
