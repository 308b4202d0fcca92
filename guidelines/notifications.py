"""E-mail to a guideline comment's or suggested edit's author when a moderator hides it
(the hide form promises the author the reason), the municipality answers the comment or
decides on the edit, queued through core.mail once the decision is committed."""

from django.db import transaction
from django.dispatch import receiver

from core import moderation
from core.mail import queue_to_author
from guidelines.models import GuidelineComment, GuidelineProposal, ProposalOutcome


def _queue(comment_id, template):
    comment = GuidelineComment.objects.select_related("author", "period__guideline")
    comment = comment.filter(pk=comment_id).first()
    if comment is None:
        return
    guideline = comment.period.guideline
    context = {
        "comment": comment,
        "guideline": guideline,
        "url": guideline.get_full_url(),
    }
    queue_to_author(comment.author, f"guidelines/email/{template}", context)


def queue_comment_hidden(comment_id):
    _queue(comment_id, "comment_hidden")


def queue_comment_answered(comment_id):
    _queue(comment_id, "comment_answered")


def queue_proposal_decided(proposal_id):
    """Tell the author what was decided on their suggested edit, and why."""
    proposal = GuidelineProposal.objects.select_related("author", "period__guideline")
    proposal = proposal.filter(pk=proposal_id).first()
    if proposal is None or proposal.outcome == ProposalOutcome.OPEN:
        return
    guideline = proposal.period.guideline
    context = {
        "proposal": proposal,
        "guideline": guideline,
        "url": guideline.get_full_url() + guideline.reverse_subpage("proposal", args=[proposal.pk]),
    }
    queue_to_author(proposal.author, f"guidelines/email/proposal_{proposal.outcome}", context)


@receiver(moderation.content_moderated, sender=GuidelineComment)
def comment_moderated(sender, instance, action, user, **kwargs):
    if action == moderation.HIDE_ACTION and instance.author_id:
        transaction.on_commit(lambda: queue_comment_hidden(instance.pk))


def queue_proposal_hidden(proposal_id):
    proposal = GuidelineProposal.objects.select_related("author", "period__guideline")
    proposal = proposal.filter(pk=proposal_id).first()
    if proposal is None:
        return
    guideline = proposal.period.guideline
    context = {"proposal": proposal, "guideline": guideline, "url": guideline.get_full_url()}
    queue_to_author(proposal.author, "guidelines/email/proposal_hidden", context)


@receiver(moderation.content_moderated, sender=GuidelineProposal)
def proposal_moderated(sender, instance, action, user, **kwargs):
    if action == moderation.HIDE_ACTION and instance.author_id:
        transaction.on_commit(lambda: queue_proposal_hidden(instance.pk))
