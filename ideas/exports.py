"""A wall's ideas, votes, answers and comments as CSV or XLSX, for a forum meeting.

The files are written by core.exports, which neutralises every text a spreadsheet could
read as a formula.
"""

from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from associations.representatives import byline_names
from core import exports
from core.models import ModerationState
from ideas.models import IdeaComment


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
                    queryset=comments.select_related("author").order_by("created_at", "pk"),
                    to_attr="exported_comments",
                )
            )
            .order_by(
                F("column__sort_order").asc(nulls_last=True), "-vote_count", "created_at", "pk"
            )
        )

    def comment_author_ids(self):
        comments = IdeaComment.objects.all() if self.include_all else IdeaComment.objects.visible()
        return set(
            comments.filter(idea__wall=self.wall, author__isnull=False).values_list(
                "author_id", flat=True
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
            exports.local(idea.created_at),
            idea.get_status_display(),
            idea.vote_count,
            len(comments),
            idea.official_answer,
            exports.local(idea.answered_at),
            duplicate_of,
            self.idea_url(idea),
            exports.shorten("\n\n".join(self.comment_as_text(comment) for comment in comments)),
        ]
        if self.include_all:
            row += [_state_label(idea), idea.hidden_reason, exports.local(idea.withdrawn_at)]
        return row

    def comment_as_text(self, comment):
        when = exports.local(comment.created_at).strftime(exports.CSV_DATETIME_FORMAT)
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

    def comment_rows(self, idea, bylines):
        """`bylines`: the writers' associations (byline_names, one query per export)."""
        for comment in idea.exported_comments:
            author = comment.author
            row = [
                idea.pk,
                idea.title,
                comment.pk,
                comment.parent_id or "",
                _author_name(author),
                bylines.get(author.pk, "") if author is not None else "",
                exports.local(comment.created_at),
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
        rows = (self.idea_row(idea) for idea in self.ideas().iterator(chunk_size=500))
        return exports.csv_response(self.filename("csv"), self.idea_headings(), rows)

    def xlsx_response(self):
        workbook = exports.new_workbook()
        ideas_sheet = exports.add_sheet(
            workbook,
            _("Ideas"),
            [8, 40, 60, 16, 20, 24, 16, 18, 8, 10, 60, 16, 24, 40, 80],
            self.idea_headings(),
        )
        comments_sheet = exports.add_sheet(
            workbook, _("Comments"), [10, 40, 10, 10, 20, 24, 16, 80], self.comment_headings()
        )
        # The comment writers' associations in one query, however many comments there are.
        bylines = byline_names(self.comment_author_ids())
        for idea in self.ideas().iterator(chunk_size=500):
            exports.append_row(ideas_sheet, self.idea_row(idea))
            for row in self.comment_rows(idea, bylines):
                exports.append_row(comments_sheet, row)
        return exports.xlsx_response(workbook, self.filename("xlsx"))


def export_wall(wall, file_format, *, include_all=False, request=None):
    export = WallExport(wall, include_all=include_all, request=request)
    if file_format == "csv":
        return export.csv_response()
    return export.xlsx_response()
