"""E-mail to an idea's or a comment's author when a moderator or the city acts on it.

The message is written once the change is committed and queued through core.mail, whose
worker sends it (and tries again if the mail server fails), so no request waits for the
mail server and no message is lost without staff seeing it.
"""

from django.db import transaction
from django.dispatch import receiver

from core import moderation
from core.mail import queue_to_author
from ideas.models import Idea, IdeaComment

EVENTS = {"approved", "hidden", "status", "answer"}


def queue_idea_update(idea_id, event):
    idea = Idea.objects.select_related("author", "wall", "duplicate_of").filter(pk=idea_id).first()
    if idea is None:
        return
    context = {
        "idea": idea,
        "event": event,
        "url": idea.get_full_url(),
    }
    queue_to_author(idea.author, "ideas/email/idea_update", context)


def queue_comment_hidden(comment_id):
    comment = IdeaComment.objects.select_related("author", "idea__wall").filter(pk=comment_id)
    comment = comment.first()
    if comment is None:
        return
    context = {
        "comment": comment,
        "idea": comment.idea,
        "url": comment.idea.get_full_url(),
    }
    queue_to_author(comment.author, "ideas/email/comment_hidden", context)


def tell_author_of_update(idea, event):
    if event not in EVENTS:
        raise ValueError(f"Unknown idea event {event!r}")
    if idea.author_id:
        transaction.on_commit(lambda: queue_idea_update(idea.pk, event))


@receiver(moderation.content_moderated, sender=Idea)
def idea_moderated(sender, instance, action, user, **kwargs):
    if action == moderation.APPROVE_ACTION:
        tell_author_of_update(instance, "approved")
    elif action == moderation.HIDE_ACTION:
        tell_author_of_update(instance, "hidden")


@receiver(moderation.content_moderated, sender=IdeaComment)
def comment_moderated(sender, instance, action, user, **kwargs):
    from ideas.services import refresh_comment_count

    refresh_comment_count(instance.idea)
    # The hide form promises the author the reason ("Kirjoittajalle kerrotaan syy").
    if action == moderation.HIDE_ACTION and instance.author_id:
        transaction.on_commit(lambda: queue_comment_hidden(instance.pk))
