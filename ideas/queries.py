"""What a visitor may see of an idea wall, in one place for the pages and the API."""

from django.http import Http404

from core.models import ModerationState
from ideas.models import IdeaComment, IdeaVote

# Orderings end with the primary key so pages never overlap or skip an idea.
WALL_ORDERINGS = {
    "newest": ("-created_at", "-pk"),
    "votes": ("-vote_count", "-created_at", "-pk"),
    "discussed": ("-comment_count", "-created_at", "-pk"),
}


def wall_ideas(wall, *, sort="newest", column_id=None, status=None):
    """The ideas on the wall for everyone to see, sorted and filtered."""
    ideas = wall.ideas.on_wall().select_related("author", "duplicate_of")
    if column_id is not None:
        # column__id, not column_id: only the former turns an id too big for SQLite into no match.
        ideas = ideas.filter(column__id=column_id)
    if status:
        ideas = ideas.filter(status=status)
    return ideas.order_by(*WALL_ORDERINGS[sort])


def voted_idea_ids(user, ideas):
    """Which of these ideas the participant has voted for, in one query."""
    if not user.is_authenticated or not ideas:
        return set()
    votes = IdeaVote.objects.filter(voter=user, idea__in=[idea.pk for idea in ideas])
    return set(votes.values_list("idea_id", flat=True))


def idea_for_viewer(ideas, idea_id, user):
    """The idea if this person may see it: published, or their own waiting or hidden one."""
    idea = ideas.select_related("author", "duplicate_of").filter(pk=idea_id, withdrawn_at=None)
    idea = idea.first()
    if idea is None:
        raise Http404
    is_author = user.is_authenticated and idea.author_id == user.pk
    if not idea.is_visible and not is_author:
        raise Http404
    idea.is_own = is_author
    return idea


def comment_threads(idea, user, *, newest_first=False):
    """Published comments, and the person's own waiting ones, as threads one level deep.

    A reply the person may read stays readable when its comment is hidden or held: it is
    shown under a placeholder that carries nothing of the hidden comment but its place.
    """
    comments = list(
        idea.comments.shown_to(user).select_related("author").order_by("created_at", "pk")
    )
    top_level = [c for c in comments if c.parent_id is None]
    by_pk = {c.pk: c for c in top_level}
    orphaned = {c.parent_id for c in comments if c.parent_id and c.parent_id not in by_pk}
    # Only the fields the placeholder needs are read, so no hidden text is ever at hand.
    for pk, created_at in idea.comments.filter(pk__in=orphaned).values_list("pk", "created_at"):
        by_pk[pk] = placeholder = IdeaComment(
            pk=pk, idea=idea, created_at=created_at, state=ModerationState.HIDDEN
        )
        placeholder.is_placeholder = True
        top_level.append(placeholder)
    top_level.sort(key=lambda c: (c.created_at, c.pk))
    for comment in top_level:
        comment.reply_list = []
    for reply in comments:
        if reply.parent_id in by_pk:
            by_pk[reply.parent_id].reply_list.append(reply)
    if newest_first:
        top_level.reverse()
    return top_level
