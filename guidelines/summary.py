"""The summary of a concluded comment period: every comment anyone may read, with its
answer, grouped by section, with counts per outcome. The public summary page and the
staff's CSV and XLSX exports (core.exports) are both made from summary_of()."""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import exports
from core.views import public_name
from guidelines.models import AnswerOutcome

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


def summary_of(period):
    """[(section title, [comments])] in the guideline's order, sections no longer in it
    last, and [(outcome sentence, count)]. Two queries, however many comments."""
    guideline = period.guideline
    sections = list(guideline.sections.all())
    comments = list(
        period.comments.visible()
        .select_related("author", "author__association")
        .order_by("created_at", "pk")
    )
    by_key = {}
    for comment in comments:
        by_key.setdefault(comment.section_key, []).append(comment)
    groups = [(s.title, by_key.pop(s.key)) for s in sections if s.key in by_key]
    gone = [c for key in by_key for c in by_key[key]]
    if gone:
        groups.append((_("Sections no longer in the guideline"), gone))
    counts = []
    for outcome, sentence in OUTCOME_SENTENCES.items():
        n = sum(1 for c in comments if c.outcome == outcome)
        if n:
            counts.append((sentence(n) % {"count": n}, n))
    return groups, counts


HEADINGS = [
    gettext_lazy("Section"),
    gettext_lazy("Comment number"),
    gettext_lazy("Reply to comment"),
    gettext_lazy("Writer"),
    gettext_lazy("Association"),
    gettext_lazy("Posted"),
    gettext_lazy("Comment"),
    gettext_lazy("Marked useful"),
    gettext_lazy("Outcome"),
    gettext_lazy("The municipality's answer"),
    gettext_lazy("Answered"),
]
WIDTHS = [30, 10, 10, 20, 24, 16, 80, 10, 22, 80, 16]


def _headings():
    return [str(heading) for heading in HEADINGS]


def _rows(period):
    groups, _counts = summary_of(period)
    for title, comments in groups:
        for comment in comments:
            author = comment.author
            yield [
                title,
                comment.pk,
                comment.parent_id or "",
                public_name(author),
                author.association_label if author is not None else "",
                exports.local(comment.created_at),
                comment.body,
                comment.useful_count,
                comment.get_outcome_display(),
                comment.answer,
                exports.local(comment.answered_at),
            ]


def _filename(period, extension):
    today = timezone.localdate().isoformat()
    name = slugify(period.guideline.title) or "guideline"
    return f"{name}-{slugify(_('comments'))}-{today}.{extension}"


def export_summary(period, file_format):
    if file_format == "csv":
        return exports.csv_response(_filename(period, "csv"), _headings(), _rows(period))
    workbook = exports.new_workbook()
    sheet = exports.add_sheet(workbook, _("Comments"), WIDTHS, _headings())
    for row in _rows(period):
        exports.append_row(sheet, row)
    return exports.xlsx_response(workbook, _filename(period, "xlsx"))
