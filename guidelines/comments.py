"""The rules of commenting on the guideline. The page, the admin and the API call these.

Each function that changes something takes the request, so that rate limits count the
participant and their address whichever door they came in through; the limits are the
idea wall's (core.ratelimit), so comments on ideas and on the guideline count together.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from core import moderation
from core.comments import comment_threads
from core.errors import Refused, refusal, require_participant
from core.ratelimit import enforce_rate_limit
from guidelines import marks, notifications
from guidelines.models import (
    AnswerOutcome,
    CommentPeriod,
    GuidelineComment,
    UsefulMark,
    section_fingerprint,
)

ANSWER_ACTION = "yhdessa.guidelines.answer"


class CommentRefused(Refused):
    """A write the comment period's rules do not allow."""


def _refuse(code, message):
    raise CommentRefused(code, message)


def current_period(guideline):
    """The period the guideline page shows (CommentPeriod.objects.current_for)."""
    period = CommentPeriod.objects.current_for(guideline)
    if period is not None:
        period.guideline = guideline
    return period


# Each action has one _require_<action> check that refuses with the reason; its
# can_<action> predicate is "the check refuses nothing". Being signed in is asked last, so
# a refusal for that reason alone means signing in would let the person act.


def _require_open_period(period):
    if period is None or not period.guideline.live or not period.is_open():
        _refuse(
            "period_closed",
            _("Comments are taken only while the guideline's comment period is open."),
        )


def _require_commenting(period, user):
    _require_open_period(period)
    require_participant(user)


def comment_refusal(period, user):
    return refusal(_require_commenting, period, user)


def can_comment(period, user):
    return comment_refusal(period, user) is None


def live_section(guideline, section_key):
    """The section with this key in the published guideline, or a ValidationError."""
    section = guideline.sections.filter(key=section_key).first() if section_key else None
    if section is None:
        raise ValidationError(
            {"section": _("This section is no longer in the guideline. Reload the page.")}
        )
    return section


def add_comment(request, period, *, section_key, body, parent=None, proposal=None):
    """Comment on a section (or on a suggested edit of it: guidelines.proposals), or reply
    to a comment there; replies go one level deep."""
    user = request.user
    _require_commenting(period, user)
    guideline = period.guideline
    section = live_section(guideline, section_key)
    if parent is not None:
        if (
            parent.period_id != period.pk
            or parent.section_key != section.key
            or parent.proposal_id != (proposal.pk if proposal else None)
            or not parent.is_visible
        ):
            raise ValidationError({"parent": _("The comment you replied to is not available.")})
        parent = parent.parent or parent
    comment = GuidelineComment(
        period=period,
        section_key=section.key,
        revision_id=guideline.live_revision_id,
        section_fingerprint=section_fingerprint(section),
        parent=parent,
        proposal=proposal,
        author=user,
        body=(body or "").strip(),
        state=moderation.initial_state(period.moderation),
    )
    comment.full_clean(exclude=["period", "revision", "parent", "author", "proposal"])
    enforce_rate_limit(request, "comment")
    comment.save()
    return comment


def _require_marking(comment, user):
    _require_open_period(comment.period)
    if not comment.is_visible:
        _refuse("not_visible", _("This comment is not shown on the page."))
    if user.is_authenticated and comment.author_id == user.pk:
        _refuse("own_comment", _("You cannot mark your own comment useful."))
    require_participant(user)


def mark_refusal(comment, user):
    return refusal(_require_marking, comment, user)


def can_mark_useful(comment, user):
    return mark_refusal(comment, user) is None


def mark_useful(request, comment):
    """Mark a comment useful; a second mark by the same person changes nothing (marks)."""
    _require_marking(comment, request.user)
    enforce_rate_limit(request, "vote")
    return marks.add_mark(comment, comment.useful_marks, "useful_count", request.user)


def unmark_useful(request, comment):
    _require_marking(comment, request.user)
    enforce_rate_limit(request, "vote")
    return marks.remove_mark(comment, comment.useful_marks, "useful_count", request.user)


def answer_comment(comment, user, *, outcome, answer):
    """Staff answer a comment: what was done with it and why. The section shows the answer
    under the comment, and the author is e-mailed once the answer is saved."""
    answer = (answer or "").strip()
    errors = {}
    if outcome not in AnswerOutcome.values:
        errors["outcome"] = _("Choose what was done with the comment.")
    if not answer:
        errors["answer"] = _("Give the reason; the author and every reader see it.")
    if errors:
        raise ValidationError(errors)
    if (outcome, answer) == (comment.outcome, comment.answer):
        return comment
    comment.outcome, comment.answer = outcome, answer
    comment.full_clean(exclude=["period", "revision", "parent", "author", "answered_by"])
    comment.answered_at = timezone.now()
    comment.answered_by = user
    with transaction.atomic():
        comment.save(update_fields=["outcome", "answer", "answered_at", "answered_by"])
        log(instance=comment, action=ANSWER_ACTION, user=user, data={"outcome": outcome})
        if comment.author_id:
            transaction.on_commit(lambda: notifications.queue_comment_answered(comment.pk))
    return comment


def section_comments(period, user):
    """Each section's comment threads as this person may read them, by section key.

    Three queries whatever the number of sections and comments: the comments, the stand-ins
    for hidden comments that have replies, and the person's own "useful" marks.
    """
    if period is None:
        return {}, set()
    threads = comment_threads(
        period.comments.filter(proposal=None),
        user,
        placeholder_fields=["section_key"],
        period=period,
    )
    by_section = {}
    for thread in threads:
        by_section.setdefault(thread.section_key, []).append(thread)
    marked = set()
    if user.is_authenticated:
        marked = set(
            UsefulMark.objects.filter(participant=user, comment__period=period).values_list(
                "comment_id", flat=True
            )
        )
    return by_section, marked


def shown_count(threads):
    """How many comments the section shows: the comments and replies, not placeholders."""
    return sum((0 if t.is_placeholder else 1) + len(t.reply_list) for t in threads)
