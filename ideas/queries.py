"""What a visitor may see of an idea wall, in one place for the pages and the API."""

from django.http import Http404

from core.comments import comment_threads as core_comment_threads
from ideas.models import IdeaVote

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


def newest_ideas(walls, count):
    """The `count` newest ideas on the wall across these walls, newest first.

    Each wall's newest are read from its index (idea_wall_newest) in order, stopping at
    `count`, and merged here: one query over all the walls would read and sort every idea
    on them, since the index keeps the order within one wall only. A site has a few walls.
    """
    newest = WALL_ORDERINGS["newest"]
    ideas = []
    for wall in walls:
        # Through the wall's own manager each idea knows its wall without another query.
        ideas += wall.ideas.on_wall().order_by(*newest)[:count]
    ideas.sort(key=lambda idea: (idea.created_at, idea.pk), reverse=True)
    return ideas[:count]


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
    """The idea's comments as threads one level deep (core.comments.comment_threads)."""
    return core_comment_threads(idea.comments.all(), user, newest_first=newest_first, idea=idea)
