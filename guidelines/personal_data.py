"""The guideline's part of a person's data: their section comments, "useful" marks and
reports on guideline comments.

Registered with accounts.personal_data from GuidelinesConfig.ready(). On erasure the
person's marks always go (a mark is one person's) and the useful counts they were in are
recounted from the rows; their comments either stay without an author, shown as "deleted
user", or are removed with their replies and the reports on them.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils.translation import ngettext

from accounts import personal_data
from core.models import Report
from guidelines.models import GuidelineComment, UsefulMark


def export_guideline(user):
    comments = (
        GuidelineComment.objects.filter(author=user)
        .select_related("period__guideline")
        .order_by("pk")
    )
    marks = UsefulMark.objects.filter(participant=user).order_by("pk")
    content_type = ContentType.objects.get_for_model(GuidelineComment)
    reports = Report.objects.filter(reporter=user, content_type=content_type).order_by("pk")
    return {
        "comments": [
            {
                "id": comment.pk,
                "guideline": comment.period.guideline.title,
                "section_key": comment.section_key,
                "revision_id": comment.revision_id,
                "reply_to": comment.parent_id,
                "text": comment.body,
                "moderation_state": comment.state,
                "hidden_reason": comment.hidden_reason,
                "created_at": comment.created_at,
            }
            for comment in comments
        ],
        "useful_marks": [
            {"comment_id": mark.comment_id, "created_at": mark.created_at} for mark in marks
        ],
        "reports": [
            {
                "comment_id": report.object_id,
                "reason": report.reason,
                "created_at": report.created_at,
                "resolved_at": report.resolved_at,
            }
            for report in reports
        ],
    }


def summarise_guideline(user):
    comments = GuidelineComment.objects.filter(author=user).count()
    marks = UsefulMark.objects.filter(participant=user).count()
    return [
        ngettext(
            "%(count)d comment on the guideline", "%(count)d comments on the guideline", comments
        )
        % {"count": comments},
        ngettext("%(count)d useful mark", "%(count)d useful marks", marks) % {"count": marks},
    ]


def _recount(comment_ids):
    """Set useful_count of the comments still there from the marks themselves."""
    for comment in GuidelineComment.objects.filter(pk__in=comment_ids).annotate(
        marks_now=Count("useful_marks")
    ):
        if comment.useful_count != comment.marks_now:
            GuidelineComment.objects.filter(pk=comment.pk).update(useful_count=comment.marks_now)


def erase_guideline(user, *, remove_content):
    own = GuidelineComment.objects.filter(author=user)
    touched = set(UsefulMark.objects.filter(participant=user).values_list("comment_id", flat=True))
    # Hold the comments whose counts change, so a mark given meanwhile waits and is counted.
    list(
        GuidelineComment.objects.select_for_update()
        .filter(pk__in=touched)
        .order_by("pk")
        .values("pk")
    )
    UsefulMark.objects.filter(participant=user).delete()
    if remove_content:
        # Deleting a comment takes its replies with it.
        removed = set(
            GuidelineComment.objects.filter(Q(author=user) | Q(parent__author=user)).values_list(
                "pk", flat=True
            )
        )
        Report.objects.filter(
            content_type=ContentType.objects.get_for_model(GuidelineComment),
            object_id__in=removed,
        ).delete()
        GuidelineComment.objects.filter(pk__in=removed).delete()
        touched -= removed
    else:
        own.update(author=None)
    _recount(touched)


personal_data.register(
    "guideline", export=export_guideline, erase=erase_guideline, summary=summarise_guideline
)
