"""E-mail to a guideline comment's author when a moderator hides it (the hide form
promises the author the reason) or the municipality answers it, queued through core.mail
once the decision is committed."""

from django.db import transaction
from django.dispatch import receiver

from core import moderation
from core.mail import queue_to_author
from guidelines.models import GuidelineComment


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


@receiver(moderation.content_moderated, sender=GuidelineComment)
def comment_moderated(sender, instance, action, user, **kwargs):
    if action == moderation.HIDE_ACTION and instance.author_id:
        transaction.on_commit(lambda: queue_comment_hidden(instance.pk))
