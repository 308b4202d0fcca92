"""A wall's ideas, votes, answers and comments as CSV or XLSX, for a forum meeting.

Visitors write the titles, texts and comments, so every text cell that a spreadsheet
could read as a formula (=, +, -, @, a tab or a carriage return at the start) gets a
single quote in front: the spreadsheet shows the text and never runs it.
"""

import csv
import datetime
from io import BytesIO

from django.db.models import F, Prefetch
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from core.models import ModerationState
from ideas.models import IdeaComment

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet cell holds at most 32,767 characters.
CELL_MAX_LENGTH = 32_000
CSV_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
XLSX_DATETIME_FORMAT = "d.m.yyyy h:mm"


def neutralise(value):
    """Text that a spreadsheet would run as a formula, made plain text with a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _shorten(text):
    if len(text) <= CELL_MAX_LENGTH:
        return text
    return text[:CELL_MAX_LENGTH] + "\n" + _("… (shortened: the text did not fit in one cell)")


def _state_label(item):
    if item.held_by_reports and item.state != ModerationState.HIDDEN:
        return _("Held after reports")
    return item.get_state_display()


def _author_name(user):
    return str(user.public_name) if user is not None else _("Deleted user")


class WallExport:
    """What one wall's export holds; `include_all` adds what visitors do not see."""

    def __init__(self, wall, *, include_all=False, request=None):
        self.wall = wall
        self.include_all = include_all
        self.wall_url = wall.get_full_url(request) or ""

    # --- what goes in ---

    def ideas(self):
        ideas = self.wall.ideas.all() if self.include_all else self.wall.ideas.on_wall()
        comments = IdeaComment.objects.all() if self.include_all else IdeaComment.objects.visible()
        return (
            ideas.select_related("column", "author", "duplicate_of")
            .prefetch_related(
                Prefetch(
                    "comments",
                    queryset=comments.select_related("author", "author__association").order_by(
                        "created_at", "pk"
                    ),
                    to_attr="exported_comments",
                )
            )
            .order_by(
                F("column__sort_order").asc(nulls_last=True), "-vote_count", "created_at", "pk"
            )
        )

    def idea_url(self, idea):
        return self.wall_url + self.wall.reverse_subpage("idea", args=[idea.pk])

    def idea_headings(self):
        headings = [
            _("Number"),
            _("Title"),
            _("Text"),
            _("Column"),
            _("Author"),
            _("Association"),
            _("Posted"),
            _("Status"),
            _("Votes"),
            _("Number of comments"),
            _("The city's answer"),
            _("Answered"),
            _("Duplicate of"),
            _("Address"),
            _("Comments"),
        ]
        if self.include_all:
            headings += [_("Moderation state"), _("Reason for hiding"), _("Withdrawn")]
        return headings

    def idea_row(self, idea):
        comments = idea.exported_comments
        duplicate_of = (
            f"#{idea.duplicate_of.pk} {idea.duplicate_of.title}" if idea.duplicate_of else ""
        )
        row = [
            idea.pk,
            idea.title,
            idea.body,
            idea.column.name if idea.column else "",
            _author_name(idea.author),
            idea.association_name,
            _local(idea.created_at),
            idea.get_status_display(),
            idea.vote_count,
            len(comments),
            idea.official_answer,
            _local(idea.answered_at),
            duplicate_of,
            self.idea_url(idea),
            _shorten("\n\n".join(self.comment_as_text(comment) for comment in comments)),
        ]
        if self.include_all:
            row += [_state_label(idea), idea.hidden_reason, _local(idea.withdrawn_at)]
        return row

    def comment_as_text(self, comment):
        when = _local(comment.created_at).strftime(CSV_DATETIME_FORMAT)
        lead = "↳ " if comment.parent_id else ""
        text = f"{lead}{_author_name(comment.author)}, {when}:\n{comment.body}"
        if self.include_all and not comment.is_visible:
            text = f"[{_state_label(comment)}] {text}"
        return text

    def comment_headings(self):
        headings = [
            _("Idea number"),
            _("Idea"),
            _("Comment number"),
            _("Reply to comment"),
            _("Writer"),
            _("Association"),
            _("Posted"),
            _("Comment"),
        ]
        if self.include_all:
            headings += [_("Moderation state"), _("Reason for hiding")]
        return headings

    def comment_rows(self, idea):
        for comment in idea.exported_comments:
            author = comment.author
            row = [
                idea.pk,
                idea.title,
                comment.pk,
                comment.parent_id or "",
                _author_name(author),
                author.association_label if author is not None else "",
                _local(comment.created_at),
                comment.body,
            ]
            if self.include_all:
                row += [_state_label(comment), comment.hidden_reason]
            yield row

    def filename(self, extension):
        today = timezone.localdate().isoformat()
        return f"{slugify(self.wall.title) or 'wall'}-{slugify(_('ideas'))}-{today}.{extension}"

    # --- the files ---

    def csv_response(self):
        """Semicolon-separated UTF-8 with a byte order mark, as Excel in Finland expects."""

        class Line:
            def write(self, text):
                return text

        writer = csv.writer(Line(), delimiter=";")

        def lines():
            yield "\ufeff" + writer.writerow([neutralise(h) for h in self.idea_headings()])
            for idea in self.ideas().iterator(chunk_size=500):
                yield writer.writerow([_csv_value(value) for value in self.idea_row(idea)])

        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in lines()), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename("csv")}"'
        return response

    def xlsx_response(self):
        workbook = Workbook(write_only=True)
        ideas_sheet = workbook.create_sheet(_("Ideas"))
        comments_sheet = workbook.create_sheet(_("Comments"))
        for sheet, widths in (
            (ideas_sheet, [8, 40, 60, 16, 20, 24, 16, 18, 8, 10, 60, 16, 24, 40, 80]),
            (comments_sheet, [10, 40, 10, 10, 20, 24, 16, 80]),
        ):
            for index, width in enumerate(widths):
                sheet.column_dimensions[_column_letter(index)].width = width
            sheet.freeze_panes = "A2"
        ideas_sheet.append(_heading_cells(ideas_sheet, self.idea_headings()))
        comments_sheet.append(_heading_cells(comments_sheet, self.comment_headings()))
        for idea in self.ideas().iterator(chunk_size=500):
            ideas_sheet.append(_xlsx_cells(ideas_sheet, self.idea_row(idea)))
            for row in self.comment_rows(idea):
                comments_sheet.append(_xlsx_cells(comments_sheet, row))
        output = BytesIO()
        workbook.save(output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            filename=self.filename("xlsx"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )


def _csv_value(value):
    if isinstance(value, datetime.datetime):
        return value.strftime(CSV_DATETIME_FORMAT)
    if value is None:
        return ""
    return neutralise(value)


def _column_letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _heading_cells(sheet, headings):
    for heading in headings:
        cell = WriteOnlyCell(sheet, neutralise(heading))
        cell.font = Font(bold=True)
        yield cell


def _xlsx_cells(sheet, row):
    for value in row:
        if isinstance(value, str):
            value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
        cell = WriteOnlyCell(sheet, value)
        if isinstance(value, str):
            # Never let the spreadsheet read visitor text as a formula, whatever openpyxl guessed.
            cell.data_type = "s"
            if "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        elif isinstance(value, datetime.datetime):
            cell.number_format = XLSX_DATETIME_FORMAT
        yield cell


def export_wall(wall, file_format, *, include_all=False, request=None):
    export = WallExport(wall, include_all=include_all, request=request)
    if file_format == "csv":
        return export.csv_response()
    return export.xlsx_response()
