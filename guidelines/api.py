"""The cooperation guideline, section by section, for other systems: read it, its comment
periods, comments and suggested edits, and take part with a personal token.

Every write calls guidelines.comments or guidelines.proposals, and the reads ask the same
functions the page does (guidelines.comments.section_comments, CommentPeriod.state,
guidelines.proposals.shown_proposals), so the period's rules, moderation, rate limits and
privacy hold the same here.
"""

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
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
    Text,
    ThreadOut,
    api_site,
)
from core.links import request_url
from core.models import ModerationState
from core.municipalities import pages_on
from core.text import render_plain_text
from core.views import public_name
from guidelines import comments, proposals, versions
from guidelines import summary as summaries
from guidelines.models import (
    PROPOSAL_MAX_LENGTH,
    AnswerOutcome,
    CommentPeriod,
    CommentPeriodState,
    GuidelineComment,
    GuidelinePage,
    GuidelineProposal,
    GuidelineStatus,
    ProposalOutcome,
    ProposalSupport,
)

router = MunicipalityRouter(tags=["guideline"])


class SectionOut(Schema):
    id: int
    key: UUID = Field(description="The section's lasting identity; comments point at it.")
    title: str
    anchor: str
    url: str = Field(description="The section on the guideline page.")
    body: str = Field(description="HTML.")

    @staticmethod
    def resolve_url(section, context):
        return section.page.get_full_url(context["request"]) + f"#{section.anchor}"


class GuidelineOut(Schema):
    id: int
    title: str
    url: str
    status: GuidelineStatus
    version_label: str
    adopted_on: date | None
    intro: str = Field(description="HTML.")
    pdf_url: str | None
    sections: list[SectionOut]

    @staticmethod
    def resolve_url(guideline, context):
        return guideline.get_full_url(context["request"])

    @staticmethod
    def resolve_pdf_url(guideline, context):
        if guideline.pdf is None:
            return None
        return request_url(context["request"], guideline.pdf.url)

    @staticmethod
    def resolve_sections(guideline):
        return guideline.sections.all()


def public_guidelines(request):
    """The public guidelines of the municipality the request is about."""
    return (
        GuidelinePage.objects.live()
        .public()
        .filter(pages_on(api_site(request)))
        .select_related("pdf")
        .prefetch_related("sections__page")
    )


@router.get(
    "/",
    response={200: list[GuidelineOut], 422: Error},
    summary="List guidelines with their sections",
)
@paginate(Paginated)
def list_guidelines(request):
    return public_guidelines(request).order_by("path")


@router.get(
    "/{guideline_id}/",
    response={200: GuidelineOut, 404: Error, 422: Error},
    summary="One guideline",
)
def get_guideline(request, guideline_id: int):
    # By id, not pk: a page's pk is its parent link, whose lookup overflows on SQLite.
    return get_object_or_404(public_guidelines(request), id=guideline_id)


# --- Published versions: the same rules as the version history pages ---------------------


class VersionOut(Schema):
    number: int = Field(description="1, 2, 3 … in the order the versions were published.")
    published_at: datetime
    label: str = Field(description="The editors' version label, e.g. Luonnos 2026.")
    change_summary: str
    adopted: bool
    adopted_on: date | None
    decided_by: str = Field(description="The body that adopted the version, if it was.")
    url: str = Field(description="The version's own page.")

    @staticmethod
    def resolve_adopted(version):
        return version.is_adopted

    @staticmethod
    def resolve_url(version, context):
        return request_url(context["request"], version.url)


class VersionSectionOut(Schema):
    title: str
    anchor: str
    body: str = Field(description="HTML.")


class VersionDetailOut(VersionOut):
    title: str
    intro: str = Field(description="HTML.")
    sections: list[VersionSectionOut]


class DiffPiece(Schema):
    operation: Literal["equal", "insert", "delete"]
    text: str


def _pieces(diffed):
    return [[{"operation": op, "text": text} for op, text in pieces] for pieces in diffed]


class SectionChangeOut(Schema):
    kind: Literal["added", "removed", "changed", "unchanged"]
    anchor: str
    title: str = Field(description="The newer title (the older one for a removed section).")
    title_diff: list[list[DiffPiece]] = Field(
        description="The title word by word, when it changed; empty otherwise."
    )
    body_diff: list[list[DiffPiece]] = Field(
        description="The text as plain-text paragraphs, word by word; empty when unchanged."
    )
    formatting_only: bool = Field(description="Only bold, lists or links changed.")

    @staticmethod
    def resolve_anchor(change):
        return change.section.anchor

    @staticmethod
    def resolve_title(change):
        return change.section.title

    @staticmethod
    def resolve_title_diff(change):
        return _pieces(change.title)

    @staticmethod
    def resolve_body_diff(change):
        return _pieces(change.body)


class ChangeCounts(Schema):
    changed: int
    added: int
    removed: int
    unchanged: int


class ComparisonOut(Schema):
    old: VersionOut
    new: VersionOut
    counts: ChangeCounts
    url: str = Field(description="The comparison's page.")
    sections: list[SectionChangeOut]

    @staticmethod
    def resolve_counts(comparison):
        kinds = (versions.CHANGED, versions.ADDED, versions.REMOVED, versions.UNCHANGED)
        return {kind: comparison.count(kind) for kind in kinds}

    @staticmethod
    def resolve_url(comparison, context):
        old, new = sorted([comparison.old.number, comparison.new.number])
        return request_url(context["request"], versions.compare_url(comparison.old.page, old, new))


class _VersionList:
    """A guideline's versions as the paginator reads them: counted and sliced in SQL."""

    def __init__(self, page):
        self.page = page
        self.stored = versions.stored_versions(page)

    def count(self):
        return self.stored.count()

    def __getitem__(self, index):
        return [versions.as_version(self.page, stored) for stored in self.stored[index]]


@router.get(
    "/{guideline_id}/versions/",
    response={200: list[VersionOut], 404: Error, 422: Error},
    summary="The guideline's published versions, oldest first",
)
@paginate(Paginated)
def list_versions(request, guideline_id: int):
    return _VersionList(get_guideline(request, guideline_id))


@router.get(
    "/{guideline_id}/versions/{number}/",
    response={200: VersionDetailOut, 404: Error, 422: Error},
    summary="One published version with its sections",
)
def get_version(request, guideline_id: int, number: int):
    return versions.get_version(get_guideline(request, guideline_id), number)


@router.get(
    "/{guideline_id}/versions/{number}/compare/{other}/",
    response={200: ComparisonOut, 404: Error, 422: Error},
    summary="What changed from one version to another, section by section",
)
def compare_versions(request, guideline_id: int, number: int, other: int):
    """Sections matched by their anchor: added, removed, changed (with a word diff) or
    unchanged. The same version twice is a 422."""
    return versions.compare(get_guideline(request, guideline_id), number, other)


READ = OPTIONALLY_SIGNED_IN
WRITE = SIGNED_IN
REFUSALS = {401: Error, 403: Error, 404: Error, 422: Error, 429: Error}
WITH_BODY = {400: Error, **REFUSALS}
NOT_FOUND = {404: Error, 422: Error}


class PeriodOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    response_due: date
    state: CommentPeriodState
    state_in_words: str = Field(description="The state as the page says it, in Finnish.")
    intro: str = Field(description="HTML: what feedback is wanted.")
    response: str = Field(description="HTML; empty until the period is concluded.")
    concluded_at: datetime | None

    @staticmethod
    def resolve_state(period):
        return period.state()

    @staticmethod
    def resolve_state_in_words(period):
        return period.state_in_words()

    @staticmethod
    def resolve_response(period):
        return period.response if period.concluded_at else ""


class SectionCountOut(Schema):
    key: UUID
    title: str
    anchor: str
    comment_count: int = Field(description="The comments and replies the page shows you.")


class GuidelineReplyOut(ReplyOut):
    section_key: UUID
    useful_count: int
    marked_useful: bool = Field(description="Whether you have marked it useful.")
    earlier_version: bool = Field(
        description="Written on an earlier version of the section's text."
    )
    revision_id: int | None = Field(description="The page revision the author read.")
    outcome: AnswerOutcome | None
    answer: str = Field(description="The municipality's answer, plain text.")
    answered_at: datetime | None
    can_mark_useful: bool
    can_report: bool

    @staticmethod
    def resolve_marked_useful(comment):
        return getattr(comment, "marked_useful", False)

    @staticmethod
    def resolve_earlier_version(comment):
        return getattr(comment, "earlier_version", False)

    @staticmethod
    def resolve_outcome(comment):
        return comment.outcome or None

    @staticmethod
    def resolve_can_mark_useful(comment, context):
        return not comment.is_placeholder and comments.can_mark_useful(
            comment, context["request"].user
        )

    @staticmethod
    def resolve_can_report(comment, context):
        return not comment.is_placeholder and reports.can_report(comment, context["request"].user)


class GuidelineCommentOut(ThreadOut, GuidelineReplyOut):
    replies: list[GuidelineReplyOut] = Field(description="One level of replies, oldest first.")


class GuidelineCommentIn(CommentIn):
    section_key: UUID


class UsefulOut(Schema):
    marked_useful: bool
    useful_count: int


def _guideline(request, guideline_id):
    return get_object_or_404(public_guidelines(request), id=guideline_id)


def _period(guideline):
    period = comments.current_period(guideline)
    if period is None:
        raise Http404
    return period


def _prepare_threads(threads, period, sections, marked):
    """What each comment of the threads says about the reader and its section."""
    for thread in threads:
        for comment in [thread, *thread.reply_list]:
            comment.period = period
            comment.marked_useful = comment.pk in marked
            section = sections.get(comment.section_key)
            comment.earlier_version = bool(
                section and not comment.is_placeholder and comment.on_earlier_version(section)
            )


def _threads(request, guideline):
    """The current period's threads by section key, prepared as the page prepares them."""
    period = _period(guideline)
    threads, marked = comments.section_comments(period, request.user)
    sections = {s.key: s for s in guideline.sections.all()}
    for listed in threads.values():
        _prepare_threads(listed, period, sections, marked)
    return period, sections, threads


def _comment(request, comment_id):
    comment = get_object_or_404(
        GuidelineComment.objects.select_related("period__guideline").filter(
            period__guideline__in=public_guidelines(request)
        ),
        pk=comment_id,
    )
    # As on the page: what is not shown cannot be marked or reported, nor even named.
    if not comment.is_visible:
        raise Http404
    return comment


@router.get(
    "/{guideline_id}/periods/",
    response={200: list[PeriodOut], **NOT_FOUND},
    summary="The guideline's comment periods, newest first",
)
@paginate(Paginated)
def list_periods(request, guideline_id: int):
    return CommentPeriod.objects.filter(guideline=_guideline(request, guideline_id)).order_by(
        "-starts_at", "-pk"
    )


@router.get(
    "/{guideline_id}/sections/",
    response={200: list[SectionCountOut], **NOT_FOUND},
    auth=READ,
    summary="Sections with the current period's comment counts",
)
def list_sections(request, guideline_id: int):
    guideline = _guideline(request, guideline_id)
    period = comments.current_period(guideline)
    threads, _marked = comments.section_comments(period, request.user)
    sections = list(guideline.sections.all())
    for section in sections:
        section.comment_count = comments.shown_count(threads.get(section.key, []))
    return sections


@router.get(
    "/{guideline_id}/comments/",
    response={200: list[GuidelineCommentOut], **NOT_FOUND},
    auth=READ,
    summary="The current period's comments, with replies one level deep",
)
def list_comments(request, guideline_id: int, section: UUID | None = None):
    """Section by section in the guideline's order, oldest first within a section."""
    _current, sections, threads = _threads(request, _guideline(request, guideline_id))
    keys = [section] if section is not None else [*sections, *threads.keys() - sections.keys()]
    return [thread for key in keys for thread in threads.get(key, [])]


@router.post(
    "/{guideline_id}/comments/",
    response={201: GuidelineReplyOut, **WITH_BODY},
    auth=WRITE,
    summary="Comment on a section, or reply to a comment",
)
def add_comment(request, guideline_id: int, payload: GuidelineCommentIn):
    guideline = _guideline(request, guideline_id)
    period = comments.current_period(guideline)
    refusal = comments.comment_refusal(period, request.user)
    if refusal is not None:
        raise refusal
    parent = None
    if payload.parent_id is not None:
        parent = period.comments.filter(pk=payload.parent_id).first()
        if parent is None:
            raise ValidationError({"parent": _("The comment you replied to is not available.")})
    comment = comments.add_comment(
        request, period, section_key=payload.section_key, body=payload.body, parent=parent
    )
    comment.period = period
    return Status(201, comment)


@router.put(
    "/comments/{comment_id}/useful/",
    response={200: UsefulOut, **REFUSALS},
    auth=WRITE,
    summary="Mark a comment useful (twice counts once)",
)
def mark_useful(request, comment_id: int):
    count = comments.mark_useful(request, _comment(request, comment_id))
    return {"marked_useful": True, "useful_count": count}


@router.delete(
    "/comments/{comment_id}/useful/",
    response={200: UsefulOut, **REFUSALS},
    auth=WRITE,
    summary="Take your useful mark back",
)
def unmark_useful(request, comment_id: int):
    count = comments.unmark_useful(request, _comment(request, comment_id))
    return {"marked_useful": False, "useful_count": count}


@router.post(
    "/comments/{comment_id}/reports/",
    response={201: ReportOut, **WITH_BODY},
    auth=WRITE,
    summary="Report a comment as inappropriate",
)
def report_comment(request, comment_id: int, payload: ReportIn):
    reports.report(request, _comment(request, comment_id), payload.reason)
    return Status(201, {"reported": True})


# --- Suggested edits: the same rules as the proposal pages ------------------------------


class ProposalOut(Schema):
    id: int
    section_key: UUID
    section_title: str = Field(description="The section's title when the edit was proposed.")
    url: str = Field(description="The suggested edit's own page.")
    author: str = Field(description="Display name; never an e-mail address.")
    created_at: datetime
    moderation_state: ModerationState
    base_revision_id: int | None = Field(description="The page revision it was written on.")
    base_text: str = Field(
        description="The section's text it was written on: plain paragraphs, blank lines between."
    )
    text: str = Field(description="The proposed text, plain paragraphs with blank lines between.")
    rationale: str
    rationale_html: str
    diff: list[list[DiffPiece]] = Field(
        description="The proposed text against its base, paragraph by paragraph, word by word."
    )
    diff_html: str = Field(description="The same diff as HTML, <ins> and <del> with markers.")
    section_changed: bool = Field(
        description="The section now reads differently from the text the edit was written on."
    )
    support_count: int
    supported: bool = Field(description="Whether you support it.")
    can_support: bool
    can_report: bool
    outcome: ProposalOutcome
    decision_reason: str = Field(description="The municipality's reason, plain text.")
    decided_at: datetime | None

    @staticmethod
    def resolve_section_title(proposal):
        return proposal.base_title

    @staticmethod
    def resolve_url(proposal, context):
        guideline = proposal.period.guideline
        return guideline.get_full_url(context["request"]) + guideline.reverse_subpage(
            "proposal", args=[proposal.pk]
        )

    @staticmethod
    def resolve_author(proposal):
        return str(public_name(proposal.author))

    @staticmethod
    def resolve_moderation_state(proposal):
        return proposal.state

    @staticmethod
    def resolve_rationale_html(proposal):
        return render_plain_text(proposal.rationale)

    @staticmethod
    def resolve_diff(proposal):
        return _pieces(proposals.proposal_diff(proposal))

    @staticmethod
    def resolve_diff_html(proposal):
        return render_to_string(
            "core/includes/_diff.html", {"diff": proposals.proposal_diff(proposal)}
        ).strip()

    @staticmethod
    def resolve_section_changed(proposal):
        return getattr(proposal, "section_changed", False)

    @staticmethod
    def resolve_supported(proposal):
        return getattr(proposal, "supported", False)

    @staticmethod
    def resolve_can_support(proposal, context):
        return proposals.can_support(proposal, context["request"].user)

    @staticmethod
    def resolve_can_report(proposal, context):
        return reports.can_report(proposal, context["request"].user)


ProposalText = Annotated[Text, Field(min_length=1, max_length=PROPOSAL_MAX_LENGTH)]


class ProposalIn(Schema):
    section_key: UUID
    text: ProposalText = Field(
        description="The new wording: plain paragraphs separated by a blank line; no HTML."
    )
    rationale: Body


class SupportOut(Schema):
    supported: bool
    support_count: int


def _prepare_proposals(request, guideline, period, listed):
    """What each proposal says about the reader and the section, in two queries."""
    sections = {s.key: s for s in guideline.sections.all()}
    supported = set()
    if request.user.is_authenticated:
        supported = set(
            ProposalSupport.objects.filter(
                participant=request.user, proposal__in=[p.pk for p in listed]
            ).values_list("proposal_id", flat=True)
        )
    for proposal in listed:
        proposal.period = period
        period.guideline = guideline
        proposal.supported = proposal.pk in supported
        proposal.section_changed = proposals.section_changed_since(
            proposal, sections.get(proposal.section_key)
        )
    return listed


@router.get(
    "/{guideline_id}/proposals/",
    response={200: list[ProposalOut], **NOT_FOUND},
    auth=READ,
    summary="The current period's suggested edits, oldest first, with their diffs",
)
def list_proposals(request, guideline_id: int, section: UUID | None = None):
    guideline = _guideline(request, guideline_id)
    period = _period(guideline)
    listed = proposals.shown_proposals(period, request.user).select_related("author")
    if section is not None:
        listed = listed.filter(section_key=section)
    return _prepare_proposals(request, guideline, period, list(listed))


def _proposal(request, proposal_id):
    proposal = get_object_or_404(
        GuidelineProposal.objects.shown_to(request.user)
        .select_related("period__guideline", "author")
        .filter(period__guideline__in=public_guidelines(request)),
        pk=proposal_id,
    )
    period = proposal.period
    return _prepare_proposals(request, period.guideline, period, [proposal])[0]


@router.get(
    "/proposals/{proposal_id}/",
    response={200: ProposalOut, **NOT_FOUND},
    auth=READ,
    summary="One suggested edit with its diff",
)
def get_proposal(request, proposal_id: int):
    return _proposal(request, proposal_id)


@router.post(
    "/{guideline_id}/proposals/",
    response={201: ProposalOut, **WITH_BODY},
    auth=WRITE,
    summary="Suggest new wording for a section",
)
def add_proposal(request, guideline_id: int, payload: ProposalIn):
    guideline = _guideline(request, guideline_id)
    period = comments.current_period(guideline)
    proposal = proposals.propose_edit(
        request,
        period,
        section_key=payload.section_key,
        text=payload.text,
        rationale=payload.rationale,
    )
    return Status(201, _prepare_proposals(request, guideline, period, [proposal])[0])


@router.put(
    "/proposals/{proposal_id}/support/",
    response={200: SupportOut, **REFUSALS},
    auth=WRITE,
    summary="Support a suggested edit (twice counts once)",
)
def support_proposal(request, proposal_id: int):
    count = proposals.support_proposal(request, _proposal(request, proposal_id))
    return {"supported": True, "support_count": count}


@router.delete(
    "/proposals/{proposal_id}/support/",
    response={200: SupportOut, **REFUSALS},
    auth=WRITE,
    summary="Take your support back",
)
def withdraw_support(request, proposal_id: int):
    count = proposals.withdraw_support(request, _proposal(request, proposal_id))
    return {"supported": False, "support_count": count}


@router.post(
    "/proposals/{proposal_id}/reports/",
    response={201: ReportOut, **WITH_BODY},
    auth=WRITE,
    summary="Report a suggested edit as inappropriate",
)
def report_proposal(request, proposal_id: int, payload: ReportIn):
    reports.report(request, _proposal(request, proposal_id), payload.reason)
    return Status(201, {"reported": True})


@router.get(
    "/proposals/{proposal_id}/comments/",
    response={200: list[GuidelineCommentOut], **NOT_FOUND},
    auth=READ,
    summary="A suggested edit's comments, with replies one level deep",
)
def list_proposal_comments(request, proposal_id: int):
    """Oldest first, as the suggested edit's page lists them."""
    proposal = _proposal(request, proposal_id)
    threads, marked = proposals.proposal_comments(proposal, request.user)
    sections = {s.key: s for s in proposal.period.guideline.sections.all()}
    _prepare_threads(threads, proposal.period, sections, marked)
    return threads


@router.post(
    "/proposals/{proposal_id}/comments/",
    response={201: GuidelineReplyOut, **WITH_BODY},
    auth=WRITE,
    summary="Comment on a suggested edit, or reply to a comment on it",
)
def add_proposal_comment(request, proposal_id: int, payload: CommentIn):
    proposal = _proposal(request, proposal_id)
    parent = None
    if payload.parent_id is not None:
        parent = proposal.comments.filter(pk=payload.parent_id).first()
        if parent is None:
            raise ValidationError({"parent": _("The comment you replied to is not available.")})
    comment = proposals.comment_on_proposal(request, proposal, body=payload.body, parent=parent)
    comment.period = proposal.period
    return Status(201, comment)


# --- The summary of a concluded period: the same summary_of() as its page --------------


class SummaryCommentOut(ReplyOut):
    useful_count: int
    outcome: AnswerOutcome | None
    answer: str = Field(description="The municipality's answer, plain text.")
    answered_at: datetime | None

    resolve_outcome = staticmethod(GuidelineReplyOut.resolve_outcome)


class SummaryProposalOut(Schema):
    id: int
    url: str = Field(description="The suggested edit's own page.")
    author: str = Field(description="Display name; never an e-mail address.")
    created_at: datetime
    text: str = Field(description="The proposed text, plain paragraphs with blank lines between.")
    rationale: str
    support_count: int
    comment_count: int = Field(description="The comments on it that anyone may read.")
    outcome: ProposalOutcome
    decision_reason: str = Field(description="The municipality's reason, plain text.")
    decided_at: datetime | None

    resolve_url = staticmethod(ProposalOut.resolve_url)
    resolve_author = staticmethod(ProposalOut.resolve_author)


class SummarySectionOut(Schema):
    key: UUID | None = Field(description="None for the sections no longer in the guideline.")
    title: str
    comments: list[SummaryCommentOut] = Field(
        description="The section's comments with their answers, in the order written (a "
        "reply names its comment in parent_id); not the comments on suggested edits."
    )
    proposals: list[SummaryProposalOut]


class SummaryCountOut(Schema):
    kind: Literal["comment", "proposal"]
    outcome: AnswerOutcome | ProposalOutcome | None = Field(
        description="None for the comments not answered."
    )
    sentence: str = Field(description="The count as the summary page says it, in Finnish.")
    count: int

    @staticmethod
    def resolve_outcome(count):
        return count.outcome or None


class SummaryOut(Schema):
    period: PeriodOut
    counts: list[SummaryCountOut] = Field(description="Only the outcomes that occurred.")
    sections: list[SummarySectionOut] = Field(
        description="In the guideline's order; only sections with comments or suggested edits."
    )


@router.get(
    "/periods/{period_id}/summary/",
    response={200: SummaryOut, **NOT_FOUND},
    summary="A concluded period's comments with answers and suggested edits with outcomes",
)
def get_summary(request, period_id: int):
    """A 404 until staff conclude the period."""
    period = get_object_or_404(
        CommentPeriod.objects.select_related("guideline").filter(
            guideline__in=public_guidelines(request)
        ),
        pk=period_id,
    )
    if not summaries.is_published(period):
        raise Http404
    groups, counts = summaries.summary_of(period)
    return {"period": period, "counts": counts, "sections": groups}
