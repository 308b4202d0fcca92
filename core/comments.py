"""Comments as readers see them, for every app that has them (ideas, the guideline)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.models import ModerationState


@dataclass(frozen=True)
class PostedWording:
    """What a writer is told once their text is saved: shown at once, or waiting for a
    moderator. Comments use COMMENT_POSTED; other visitor texts (a suggested edit) name
    themselves in their own."""

    published: str
    waiting: str


COMMENT_POSTED = PostedWording(
    published=_("Thank you! Your comment has been published."),
    waiting=_(
        "Thank you! Your comment is waiting for moderation. Others see it once a "
        "moderator has approved it."
    ),
)


def posted_message(text, wording=COMMENT_POSTED):
    """What the person is told after writing: published, or waiting for a moderator."""
    if text.state == ModerationState.PENDING:
        return str(wording.waiting)
    return str(wording.published)


def comment_threads(comments, user, *, placeholder_fields=(), newest_first=False, **known):
    """Published comments, and the person's own waiting ones, as threads one level deep.

    `comments` are all the comments of one thing (an idea's, a guideline's); `known` are
    attributes every one of them shares (the idea), set on placeholders too.

    A reply the person may read stays readable when its comment is hidden or held: it is
    shown under a placeholder that carries nothing of the hidden comment but its place
    (its creation time and the `placeholder_fields` that say where it belongs).
    """
    shown = list(comments.shown_to(user).select_related("author").order_by("created_at", "pk"))
    top_level = [c for c in shown if c.parent_id is None]
    by_pk = {c.pk: c for c in top_level}
    orphaned = {c.parent_id for c in shown if c.parent_id and c.parent_id not in by_pk}
    # Only the fields the placeholder needs are read, so no hidden text is ever at hand.
    fields = ["pk", "created_at", *placeholder_fields]
    for values in comments.filter(pk__in=orphaned).values(*fields):
        placeholder = comments.model(state=ModerationState.HIDDEN, **known, **values)
        placeholder.is_placeholder = True
        by_pk[placeholder.pk] = placeholder
        top_level.append(placeholder)
    top_level.sort(key=lambda c: (c.created_at, c.pk))
    for comment in top_level:
        comment.reply_list = []
    for reply in shown:
        if reply.parent_id in by_pk:
            by_pk[reply.parent_id].reply_list.append(reply)
    if newest_first:
        top_level.reverse()
    return top_level
