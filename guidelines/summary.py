"""The summary of a concluded comment period: every comment anyone may read, with its
answer, and every suggested edit anyone may read, with its outcome, grouped by section,
with counts per outcome. The public summary page, the API and the staff's CSV and XLSX
exports (core.exports) are all made from summary_of()."""

from collections import Counter, namedtuple
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from associations.representatives import byline_names
from core import exports
from core.views import public_name
from guidelines.models import AnswerOutcome, CommentPeriodState, ProposalOutcome

OUTCOME_SENTENCES = {
    AnswerOutcome.TAKEN: lambda n: ngettext(
        "%(count)s comment was taken into account",
        "%(count)s comments were taken into account",
        n,
    ),
    AnswerOutcome.PARTLY: lambda n: ngettext(
        "%(count)s comment was partly taken into account",
        "%(count)s comments were partly taken into account",
        n,
    ),
    AnswerOutcome.NOT_TAKEN: lambda n: ngettext(
        "%(count)s comment was not taken into account",
        "%(count)s comments were not taken into account",
        n,
    ),
    "": lambda n: ngettext(
        "%(count)s comment has no answer yet", "%(count)s comments have no answer yet", n
    ),
}

PROPOSAL_OUTCOME_SENTENCES = {
    ProposalOutcome.ACCEPTED: lambda n: ngettext(
        "%(count)s suggested edit was accepted", "%(count)s suggested edits were accepted", n
    ),
    ProposalOutcome.DECLINED: lambda n: ngettext(
        "%(count)s suggested edit was declined", "%(count)s suggested edits were declined", n
    ),
    ProposalOutcome.OPEN: lambda n: ngettext(
        "%(count)s suggested edit is still open", "%(count)s suggested edits are still open", n
    ),
}


def is_published(period):
    """Whether the period's summary is public: from the moment staff conclude it."""
    return period is not None and period.state() == CommentPeriodState.CONCLUDED


# kind "comment" or "proposal"; outcome one of its outcomes, "" for a comment not answered.
OutcomeCount = namedtuple("OutcomeCount", ["kind", "outcome", "sentence", "count"])


@dataclass
class SummarySection:
    """One section of the summary: its comments (with replies) and its suggested edits,
    each edit with `comment_count`, the number of its comments anyone may read."""

    title: str
    key: object = None  # None for the group of sections no longer in the guideline
    comments: list = field(default_factory=list)
    proposals: list = field(default_factory=list)


def _counted(kind, sentences, items):
    counts = []
    for outcome, sentence in sentences.items():
        n = sum(1 for item in items if item.outcome == outcome)
        if n:
            counts.append(OutcomeCount(kind, str(outcome), sentence(n) % {"count": n}, n))
    return counts


def summary_of(period):
    """[SummarySection] in the guideline's order, sections no longer in it last, and
    [OutcomeCount] for the comments, then for the suggested edits.

    Comments on a suggested edit belong to the edit (it lists how many it has), not to
    its section's comments. Three queries, however many sections, comments and edits."""
    guideline = period.guideline
    sections = list(guideline.sections.all())
    comments = list(period.comments.visible().select_related("author").order_by("created_at", "pk"))
    # The same rule as the proposal pages' (CommentQuerySet): the summary is the public
    # record, so only what every visitor may read.
    shown_proposals = list(
        period.proposals.visible().select_related("author").order_by("created_at", "pk")
    )
    on_proposal = Counter(c.proposal_id for c in comments if c.proposal_id is not None)
    section_comments = [c for c in comments if c.proposal_id is None]
    by_key = {s.key: SummarySection(s.title, s.key) for s in sections}
    gone = SummarySection(_("Sections no longer in the guideline"))
    for comment in section_comments:
        by_key.get(comment.section_key, gone).comments.append(comment)
    for proposal in shown_proposals:
        proposal.comment_count = on_proposal[proposal.pk]
        by_key.get(proposal.section_key, gone).proposals.append(proposal)
    groups = [group for group in [*by_key.values(), gone] if group.comments or group.proposals]
    counts = _counted("comment", OUTCOME_SENTENCES, section_comments) + _counted(
        "proposal", PROPOSAL_OUTCOME_SENTENCES, shown_proposals
    )
    return groups, counts


# One table for comments and suggested edits alike, so the CSV and the XLSX are the same
# record, filed and filtered by kind and section: a column that does not apply to a kind
# stays empty.
HEADINGS = [
    gettext_lazy("Kind"),
    gettext_lazy("Section"),
    gettext_lazy("Number"),
    gettext_lazy("Reply to comment"),
    gettext_lazy("Writer"),
    gettext_lazy("Association"),
    gettext_lazy("Posted"),
    gettext_lazy("Text"),
    gettext_lazy("Rationale"),
    gettext_lazy("Marked useful"),
    gettext_lazy("Supporters"),
    gettext_lazy("Comments on it"),
    gettext_lazy("Outcome"),
    gettext_lazy("The municipality's answer or reason"),
    gettext_lazy("Answered or decided"),
]
WIDTHS = [16, 30, 10, 10, 20, 24, 16, 80, 50, 10, 10, 10, 22, 80, 16]


def _headings():
    return [str(heading) for heading in HEADINGS]


def _writer(author, bylines):
    return [public_name(author), bylines.get(author.pk, "") if author is not None else ""]


def _rows(period):
    groups, _counts = summary_of(period)
    # The writers' associations in one query, whatever the number of rows.
    bylines = byline_names(
        {
            item.author_id
            for group in groups
            for item in [*group.comments, *group.proposals]
            if item.author_id is not None
        },
        written_on=period.guideline,
    )
    comment_kind, proposal_kind = _("Comment"), _("Suggested edit")
    for group in groups:
        for comment in group.comments:
            yield [
                comment_kind,
                group.title,
                comment.pk,
                comment.parent_id or "",
                *_writer(comment.author, bylines),
                exports.local(comment.created_at),
                comment.body,
                "",
                comment.useful_count,
                "",
                "",
                comment.get_outcome_display(),
                comment.answer,
                exports.local(comment.answered_at),
            ]
        for proposal in group.proposals:
            yield [
                proposal_kind,
                group.title,
                proposal.pk,
                "",
                *_writer(proposal.author, bylines),
                exports.local(proposal.created_at),
                proposal.text,
                proposal.rationale,
                "",
                proposal.support_count,
                proposal.comment_count,
                proposal.get_outcome_display(),
                proposal.decision_reason,
                exports.local(proposal.decided_at),
            ]


def _filename(period, extension):
    today = timezone.localdate().isoformat()
    name = slugify(period.guideline.title) or "guideline"
    return f"{name}-{slugify(_('comments'))}-{today}.{extension}"


def export_summary(period, file_format):
    if file_format == "csv":
        return exports.csv_response(_filename(period, "csv"), _headings(), _rows(period))
    workbook = exports.new_workbook()
    sheet = exports.add_sheet(workbook, _("Comments and suggested edits"), WIDTHS, _headings())
    for row in _rows(period):
        exports.append_row(sheet, row)
    return exports.xlsx_response(workbook, _filename(period, "xlsx"))
