"""The idea wall for other systems and apps: read it, and take part with a personal token.

Every write calls ideas.services, and every read ideas.queries, exactly as the pages do,
so moderation, closed walls, rate limits and privacy hold the same here.
"""

from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from core import reports
from core.api import (
    OPTIONALLY_SIGNED_IN,
    SIGNED_IN,
    Body,
    CommentIn,
    Error,
    MunicipalityRouter,
    Paginated,
    ReplyOut,
    ReportIn,
    ReportOut,
    ThreadOut,
    api_site,
)
from core.models import ModerationRule, ModerationState
from core.municipalities import pages_on
from core.text import TITLE_PATTERN, render_plain_text
from core.views import public_name
from ideas import queries, services
from ideas.models import (
    TITLE_MAX_LENGTH,
    Idea,
    IdeaColumn,
    IdeaComment,
    IdeaStatus,
    IdeaWallPage,
)

router = MunicipalityRouter(tags=["idea wall"])

# Reads are public; a token or the session only adds what is the person's own.
READ = OPTIONALLY_SIGNED_IN
# Writes need a personal token, or the site's session with its CSRF token.
WRITE = SIGNED_IN
REFUSALS = {401: Error, 403: Error, 404: Error, 422: Error, 429: Error}
# A body that is not JSON at all is refused before it is validated.
WITH_BODY = {400: Error, **REFUSALS}
NOT_FOUND = {404: Error, 422: Error}


class ColumnOut(Schema):
    id: int
    name: str


class WallOut(Schema):
    id: int
    title: str
    url: str
    intro: str = Field(description="HTML.")
    accepts_ideas: bool = Field(description="Open, and the closing time has not passed.")
    closes_at: datetime | None
    moderation_rule: ModerationRule
    voting_enabled: bool
    columns: list[ColumnOut]

    @staticmethod
    def resolve_url(wall, context):
        return wall.get_full_url(context["request"])

    @staticmethod
    def resolve_accepts_ideas(wall):
        return wall.accepts_ideas()

    @staticmethod
    def resolve_columns(wall):
        return wall.columns.all()


class IdeaOut(Schema):
    id: int
    wall_id: int
    url: str
    title: str
    body: str = Field(description="Plain text as written.")
    body_html: str = Field(description="The text as the site shows it: escaped, with links.")
    column: ColumnOut | None
    author: str = Field(description="Display name; never an e-mail address.")
    association: str
    status: IdeaStatus
    official_answer: str
    answered_at: datetime | None
    duplicate_of_id: int | None
    vote_count: int
    comment_count: int
    created_at: datetime
    edited_at: datetime | None
    moderation_state: ModerationState = Field(
        description="Always published for others; your own ideas may be pending or hidden."
    )
    hidden_reason: str = Field(description="Only on your own hidden idea.")
    voted: bool = Field(description="Whether you have voted for it.")
    can_edit: bool = Field(description="Whether you may still edit it.")
    can_vote: bool = Field(description="Whether you may vote for it, or take your vote back.")
    can_comment: bool = Field(description="Whether you may comment on it.")
    can_report: bool = Field(description="Whether you may report it as inappropriate.")

    @staticmethod
    def resolve_url(idea, context):
        return idea.get_full_url(context["request"])

    @staticmethod
    def resolve_body_html(idea):
        return render_plain_text(idea.body)

    @staticmethod
    def resolve_author(idea):
        return str(public_name(idea.author))

    @staticmethod
    def resolve_association(idea):
        return idea.association_name

    @staticmethod
    def resolve_moderation_state(idea):
        return idea.state

    @staticmethod
    def resolve_hidden_reason(idea, context):
        return idea.hidden_reason if _is_own(idea, context) else ""

    @staticmethod
    def resolve_voted(idea, context):
        return getattr(idea, "voted", False)

    @staticmethod
    def resolve_can_edit(idea, context):
        return services.can_edit(idea, context["request"].user)

    @staticmethod
    def resolve_can_vote(idea, context):
        return services.can_vote(idea, context["request"].user)

    @staticmethod
    def resolve_can_comment(idea, context):
        return services.can_comment(idea, context["request"].user)

    @staticmethod
    def resolve_can_report(idea, context):
        return reports.can_report(idea, context["request"].user)


def _is_own(item, context):
    user = context["request"].user
    return user.is_authenticated and item.author_id == user.pk


# What a person may write, declared from core.text's rules and the models' lengths. The
# models' validators enforce the rules (ideas.services calls full_clean), so a refusal names
# the field in Finnish and English.
Title = Annotated[
    str,
    Field(
        min_length=1,
        max_length=TITLE_MAX_LENGTH,
        description="One line: no line breaks, tabs or control characters.",
        json_schema_extra={"pattern": TITLE_PATTERN},
    ),
]


class IdeaIn(Schema):
    title: Title
    body: Body
    column_id: int | None = None


class IdeaChange(Schema):
    title: Title | None = None
    body: Body | None = None
    column_id: int | None = None


class CommentOut(ThreadOut, ReplyOut):
    replies: list[ReplyOut] = Field(description="One level of replies, oldest first.")


class VoteOut(Schema):
    voted: bool
    vote_count: int


def _walls(request):
    """The walls of the municipality the request is about that this person may see."""
    return IdeaWallPage.objects.visible_to(request.user).filter(pages_on(api_site(request)))


def _wall(request, wall_id):
    # By id, not pk: a page's pk is its parent link, whose lookup overflows on SQLite.
    return get_object_or_404(_walls(request), id=wall_id)


def _idea(request, idea_id):
    """An idea on a wall this person may see, if they may see the idea itself."""
    ideas = Idea.objects.filter(wall__in=_walls(request)).select_related("wall", "column")
    idea = queries.idea_for_viewer(ideas, idea_id, request.user)
    idea.voted = bool(queries.voted_idea_ids(request.user, [idea]))
    return idea


def _column(wall, column_id):
    if column_id is None:
        return None
    column = IdeaColumn.objects.filter(pk=column_id).first()
    if column is None:
        raise ValidationError({"column": _("Choose one of this wall's columns.")})
    return column


@router.get(
    "/idea-walls/",
    response={200: list[WallOut], 422: Error},
    auth=None,
    summary="List idea walls",
)
@paginate(Paginated)
def list_walls(request):
    return _walls(request).prefetch_related("columns").order_by("path")


@router.get("/idea-walls/{wall_id}/", response={200: WallOut, **NOT_FOUND}, auth=None)
def get_wall(request, wall_id: int):
    """One idea wall and its rules."""
    return _wall(request, wall_id)


@router.get("/idea-walls/{wall_id}/ideas/", response={200: list[IdeaOut], **NOT_FOUND}, auth=READ)
@paginate(Paginated)
def list_ideas(
    request,
    wall_id: int,
    sort: Literal["newest", "votes", "discussed"] = "newest",
    column: int | None = None,
    status: IdeaStatus | None = None,
):
    """The wall's published ideas, sorted and filtered like the wall page."""
    wall = _wall(request, wall_id)
    ideas = queries.wall_ideas(wall, sort=sort, column_id=column, status=status)
    return _VotedMarker(ideas.select_related("wall", "column"), request.user)


class _VotedMarker:
    """A queryset stand-in that marks the page of ideas with the person's votes in one query."""

    def __init__(self, queryset, user):
        self.queryset, self.user, self.ordered = queryset, user, queryset.ordered

    def count(self):
        return self.queryset.count()

    def __getitem__(self, page):
        ideas = list(self.queryset[page])
        voted = queries.voted_idea_ids(self.user, ideas)
        for idea in ideas:
            idea.voted = idea.pk in voted
        return ideas


@router.post("/idea-walls/{wall_id}/ideas/", response={201: IdeaOut, **WITH_BODY}, auth=WRITE)
def post_idea(request, wall_id: int, payload: IdeaIn):
    """Post an idea. On a wall held for approval it waits (moderation_state: pending)."""
    wall = _wall(request, wall_id)
    idea = services.post_idea(
        request,
        wall,
        title=payload.title,
        body=payload.body,
        column=_column(wall, payload.column_id),
    )
    return Status(201, idea)


@router.get("/ideas/{idea_id}/", response={200: IdeaOut, **NOT_FOUND}, auth=READ)
def get_idea(request, idea_id: int):
    """One idea; your own also while it waits for moderation or after it was hidden."""
    return _idea(request, idea_id)


@router.patch("/ideas/{idea_id}/", response={200: IdeaOut, **WITH_BODY}, auth=WRITE)
def edit_idea(request, idea_id: int, payload: IdeaChange):
    """Edit your idea: for 30 minutes after posting, until its first vote or comment."""
    idea = _idea(request, idea_id)
    column = idea.column if payload.column_id is None else _column(idea.wall, payload.column_id)
    return services.edit_idea(
        request,
        idea,
        title=idea.title if payload.title is None else payload.title,
        body=idea.body if payload.body is None else payload.body,
        column=column,
    )


@router.post("/ideas/{idea_id}/withdraw/", response={204: None, **REFUSALS}, auth=WRITE)
def withdraw_idea(request, idea_id: int):
    """Take your idea off the wall."""
    services.withdraw_idea(request, _idea(request, idea_id))
    return Status(204, None)


@router.put("/ideas/{idea_id}/vote/", response={200: VoteOut, **REFUSALS}, auth=WRITE)
def cast_vote(request, idea_id: int):
    """Vote for the idea. Voting twice counts once."""
    count = services.cast_vote(request, _idea(request, idea_id))
    return {"voted": True, "vote_count": count}


@router.delete("/ideas/{idea_id}/vote/", response={200: VoteOut, **REFUSALS}, auth=WRITE)
def withdraw_vote(request, idea_id: int):
    """Take your vote back."""
    count = services.withdraw_vote(request, _idea(request, idea_id))
    return {"voted": False, "vote_count": count}


@router.get("/ideas/{idea_id}/comments/", response={200: list[CommentOut], **NOT_FOUND}, auth=READ)
def list_comments(request, idea_id: int, order: Literal["oldest", "newest"] = "oldest"):
    """The idea's comments with their replies, one level deep."""
    idea = _idea(request, idea_id)
    return queries.comment_threads(idea, request.user, newest_first=order == "newest")


@router.post("/ideas/{idea_id}/comments/", response={201: ReplyOut, **WITH_BODY}, auth=WRITE)
def add_comment(request, idea_id: int, payload: CommentIn):
    """Comment on the idea, or reply to one of its comments."""
    idea = _idea(request, idea_id)
    parent = None
    if payload.parent_id is not None:
        parent = IdeaComment.objects.filter(pk=payload.parent_id, idea=idea).first()
        if parent is None:
            raise ValidationError({"parent": _("The comment you replied to is not available.")})
    return Status(201, services.add_comment(request, idea, body=payload.body, parent=parent))


@router.post("/ideas/{idea_id}/reports/", response={201: ReportOut, **WITH_BODY}, auth=WRITE)
def report_idea(request, idea_id: int, payload: ReportIn):
    """Report the idea as inappropriate; several reports hide it until a moderator decides."""
    reports.report(request, _idea(request, idea_id), payload.reason)
    return Status(201, {"reported": True})


@router.post("/comments/{comment_id}/reports/", response={201: ReportOut, **WITH_BODY}, auth=WRITE)
def report_comment(request, comment_id: int, payload: ReportIn):
    """Report a comment as inappropriate."""
    comment = get_object_or_404(
        IdeaComment.objects.filter(idea__wall__in=_walls(request)).select_related("idea__wall"),
        pk=comment_id,
    )
    # As on the page: what is not shown on the wall cannot be reported, nor even named.
    if not comment.is_on_wall:
        raise Http404
    reports.report(request, comment, payload.reason)
    return Status(201, {"reported": True})
