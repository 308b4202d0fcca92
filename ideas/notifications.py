"""E-mail to an idea's author when a moderator or the city acts on it.

The message is written once the change is committed and queued through core.mail, whose
worker sends it (and tries again if the mail server fails), so no request waits for the
mail server and no message is lost without staff seeing it.
"""

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import translation

from core import moderation
from core.mail import queue_email
from ideas.models import Idea, IdeaComment

EVENTS = {"approved", "hidden", "status", "answer"}


def queue_idea_update(idea_id, event):
    idea = Idea.objects.select_related("author", "wall", "duplicate_of").filter(pk=idea_id).first()
    if idea is None or idea.author is None or not idea.author.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "idea": idea,
            "event": event,
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + idea.get_url(),
        }
        subject = render_to_string("ideas/email/idea_update_subject.txt", context)
        body = render_to_string("ideas/email/idea_update.txt", context)
    queue_email([idea.author.email], subject, body)


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
