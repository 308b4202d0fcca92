"""The guideline's part of a person's data: their section comments, "useful" marks,
suggested edits, supports for suggested edits, and their reports on comments and on
suggested edits.

Registered with accounts.personal_data from GuidelinesConfig.ready(). On erasure the
person's marks and supports always go (each is one person's) and the counts they were in
are recounted from the rows; their comments and suggested edits either stay without an
author, shown as "deleted user", or are removed with their replies (a suggested edit with
its comments) and the reports on them.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils.translation import ngettext

from accounts import personal_data
from core.models import Report
from core.municipalities import MunicipalityNames
from core.purge import purge_record
from guidelines.models import GuidelineComment, GuidelineProposal, ProposalSupport, UsefulMark


def _reports_by(user, model):
    content_type = ContentType.objects.get_for_model(model)
    return Report.objects.filter(reporter=user, content_type=content_type).order_by("pk")


def _report_data(report, target_key):
    return {
        target_key: report.object_id,
        "reason": report.reason,
        "created_at": report.created_at,
        "resolved_at": report.resolved_at,
    }


def export_guideline(user):
    comments = (
        GuidelineComment.objects.filter(author=user)
        .select_related("period__guideline")
        .order_by("pk")
    )
    marks = UsefulMark.objects.filter(participant=user).order_by("pk")
    reports = _reports_by(user, GuidelineComment)
    proposal_reports = _reports_by(user, GuidelineProposal)
    proposals = (
        GuidelineProposal.objects.filter(author=user)
        .select_related("period__guideline")
        .order_by("pk")
    )
    supports = ProposalSupport.objects.filter(participant=user).order_by("pk")
    municipality = MunicipalityNames()
    return {
        "comments": [
            {
                "id": comment.pk,
                "municipality": municipality.of_page(comment.period.guideline),
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
        "reports": [_report_data(report, "comment_id") for report in reports],
        "proposal_reports": [_report_data(report, "proposal_id") for report in proposal_reports],
        "proposals": [
            {
                "id": proposal.pk,
                "municipality": municipality.of_page(proposal.period.guideline),
                "guideline": proposal.period.guideline.title,
                "section_key": proposal.section_key,
                "revision_id": proposal.base_revision_id,
                "text": proposal.text,
                "rationale": proposal.rationale,
                "moderation_state": proposal.state,
                "hidden_reason": proposal.hidden_reason,
                "outcome": proposal.outcome,
                "decision_reason": proposal.decision_reason,
                "created_at": proposal.created_at,
            }
            for proposal in proposals
        ],
        "proposal_supports": [
            {"proposal_id": support.proposal_id, "created_at": support.created_at}
            for support in supports
        ],
    }


def summarise_guideline(user):
    comments = GuidelineComment.objects.filter(author=user).count()
    marks = UsefulMark.objects.filter(participant=user).count()
    proposals = GuidelineProposal.objects.filter(author=user).count()
    supports = ProposalSupport.objects.filter(participant=user).count()
    return [
        ngettext(
            "%(count)d comment on the guideline", "%(count)d comments on the guideline", comments
        )
        % {"count": comments},
        ngettext("%(count)d useful mark", "%(count)d useful marks", marks) % {"count": marks},
        ngettext(
            "%(count)d suggested edit to the guideline",
            "%(count)d suggested edits to the guideline",
            proposals,
        )
        % {"count": proposals},
        ngettext(
            "%(count)d support for a suggested edit",
            "%(count)d supports for suggested edits",
            supports,
        )
        % {"count": supports},
    ]


def _recount(model, pks, count_field, marks):
    """Set the count of the texts still there from the marks themselves."""
    for item in model.objects.filter(pk__in=pks).annotate(marks_now=Count(marks)):
        if getattr(item, count_field) != item.marks_now:
            model.objects.filter(pk=item.pk).update(**{count_field: item.marks_now})


def _take_marks(mark_model, target_field, model, user):
    """Delete the person's marks; the pks of the texts they were on, held until commit so a
    mark given meanwhile waits and is counted."""
    marks = mark_model.objects.filter(participant=user)
    touched = set(marks.values_list(f"{target_field}_id", flat=True))
    list(model.objects.select_for_update().filter(pk__in=touched).order_by("pk").values("pk"))
    marks.delete()
    return touched


def erase_guideline(user, *, remove_content):
    touched = _take_marks(UsefulMark, "comment", GuidelineComment, user)
    supported = _take_marks(ProposalSupport, "proposal", GuidelineProposal, user)
    if remove_content:
        proposals = set(GuidelineProposal.objects.filter(author=user).values_list("pk", flat=True))
        # Deleting a comment takes its replies with it; a suggested edit, its comments.
        removed = set(
            GuidelineComment.objects.filter(
                Q(author=user) | Q(parent__author=user) | Q(proposal__in=proposals)
            ).values_list("pk", flat=True)
        )
        Report.objects.filter(
            content_type=ContentType.objects.get_for_model(GuidelineComment),
            object_id__in=removed,
        ).delete()
        Report.objects.filter(
            content_type=ContentType.objects.get_for_model(GuidelineProposal),
            object_id__in=proposals,
        ).delete()
        GuidelineComment.objects.filter(pk__in=removed).delete()
        GuidelineProposal.objects.filter(pk__in=proposals).delete()
        touched -= removed
        supported -= proposals
    else:
        own_comments = GuidelineComment.objects.filter(author=user)
        own_proposals = GuidelineProposal.objects.filter(author=user)
        # update() sends no post_save: the pages that showed the name are purged here.
        for record in [*own_comments, *own_proposals]:
            purge_record(record)
        own_comments.update(author=None)
        own_proposals.update(author=None)
    _recount(GuidelineComment, touched, "useful_count", "useful_marks")
    _recount(GuidelineProposal, supported, "support_count", "supports")


personal_data.register(
    "guideline", export=export_guideline, erase=erase_guideline, summary=summarise_guideline
)
