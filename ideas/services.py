"""The rules of the idea wall. The pages, the admin and the API all call these functions.

Each function that changes something takes the request, so that rate limits count
the participant and their address no matter which door they came in through.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from associations.representatives import byline_association
from core import moderation
from core.errors import Refused, refusal, require_participant
from core.ratelimit import enforce_rate_limit
from ideas.models import (
    VOTING_CLOSED_STATUSES,
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaVote,
)
from ideas.notifications import tell_author_of_update

EDIT_WINDOW = timedelta(minutes=30)
STATUS_ACTION = "yhdessa.ideas.status"
DUPLICATE_ACTION = "yhdessa.ideas.duplicate"


class WriteRefused(Refused):
    """A write the wall's rules do not allow."""


def _refuse(code, message):
    raise WriteRefused(code, message)


def _require_open_wall(wall):
    if not wall.live or not wall.accepts_ideas():
        _refuse("wall_closed", _("This idea wall is closed."))


def _require_visible_idea(idea):
    """The idea is on the wall (Idea.is_on_wall), said with the reason when it is not."""
    if idea.withdrawn_at is not None:
        _refuse("idea_withdrawn", _("This idea has been withdrawn."))
    if not idea.is_visible:
        _refuse("idea_hidden", _("This idea is not shown on the wall."))


def _validated(instance):
    instance.full_clean(exclude=["wall", "idea", "author", "column", "parent", "duplicate_of"])
    return instance


def _check_column(wall, column):
    """On a wall with columns every idea sits in one of that wall's columns."""
    if column is None:
        if wall.columns.exists():
            raise ValidationError({"column": _("Choose the column your idea belongs to.")})
    elif column.wall_id != wall.pk:
        raise ValidationError({"column": _("Choose one of this wall's columns.")})


def post_idea(request, wall, *, title, body, column=None):
    """A participant posts an idea; the wall's moderation rule decides if it shows at once."""
    user = request.user
    require_participant(user)
    _require_open_wall(wall)
    _check_column(wall, column)
    idea = _validated(
        Idea(
            wall=wall,
            column=column,
            author=user,
            association_name=byline_association(user, written_on=wall),
            title=title.strip(),
            body=body.strip(),
            state=moderation.initial_state(wall.moderation_rule),
        )
    )
    enforce_rate_limit(request, "idea")
    idea.save()
    return idea


# Each action has one rule, a _require_<action> check that refuses with the reason; its
# can_<action> predicate is "the check refuses nothing", for the pages and the API. The
# checks ask whether the person is signed in last, so that a refusal for that reason alone
# means signing in would let them act (the pages then offer the sign-in link).


def _require_editing(idea, user, now=None):
    """Authors may edit for 30 minutes, and only until the first vote or comment."""
    _require_open_wall(idea.wall)
    now = now or timezone.now()
    if not (
        user.is_authenticated
        and idea.author_id == user.pk
        and idea.withdrawn_at is None
        and now - idea.created_at < EDIT_WINDOW
        and idea.vote_count == 0
        and not idea.comments.exists()
    ):
        _refuse(
            "edit_not_allowed",
            _("You can edit an idea for 30 minutes, until it gets its first vote or comment."),
        )


def edit_refusal(idea, user, now=None):
    return refusal(_require_editing, idea, user, now)


def can_edit(idea, user, now=None):
    return edit_refusal(idea, user, now) is None


def edit_idea(request, idea, *, title, body, column=None):
    _require_editing(idea, request.user)
    _check_column(idea.wall, column)
    idea.title, idea.body, idea.column = title.strip(), body.strip(), column
    idea.edited_at = timezone.now()
    _validated(idea).save(update_fields=["title", "body", "column", "edited_at"])
    return idea


def withdraw_idea(request, idea):
    """The author takes their idea off the wall; it stays in the moderators' records."""
    if not request.user.is_authenticated or idea.author_id != request.user.pk:
        _refuse("not_author", _("Only the author can withdraw an idea."))
    if idea.withdrawn_at is None:
        idea.withdrawn_at = timezone.now()
        idea.save(update_fields=["withdrawn_at"])
    return idea


def _require_voting(idea, user):
    _require_open_wall(idea.wall)
    _require_visible_idea(idea)
    if not idea.wall.voting_enabled:
        _refuse("voting_off", _("Voting is not in use on this wall."))
    if idea.status in VOTING_CLOSED_STATUSES:
        _refuse("voting_closed", _("Voting on this idea has ended."))
    require_participant(user)


def vote_refusal(idea, user):
    return refusal(_require_voting, idea, user)


def can_vote(idea, user):
    return vote_refusal(idea, user) is None


def has_voted(idea, user):
    """Whether this person has voted for the idea.

    An idea fetched with IdeaQuerySet.with_vote_of(user) already knows (`voted`), as do
    the API's ideas: both say it of the person asking, the only one this is asked about.
    """
    if not user.is_authenticated:
        return False
    known = getattr(idea, "voted", None)
    if known is not None:
        return known
    return IdeaVote.objects.filter(idea=idea, voter=user).exists()


def cast_vote(request, idea):
    """Add the participant's vote; a second vote by the same person changes nothing."""
    _require_voting(idea, request.user)
    enforce_rate_limit(request, "vote")
    try:
        with transaction.atomic():
            IdeaVote.objects.create(idea=idea, voter=request.user)
            # The unique constraint admits one row per voter, so counting each
            # successful insert keeps the total exact under concurrent votes.
            return _add_to_vote_count(idea, 1)
    except IntegrityError:
        return _current_vote_count(idea)


def withdraw_vote(request, idea):
    _require_voting(idea, request.user)
    enforce_rate_limit(request, "vote")
    with transaction.atomic():
        vote = IdeaVote.objects.filter(idea=idea, voter=request.user).first()
        if vote is not None:
            # The idea this request already holds: the purge of the pages showing the
            # count (ideas.purge_rules) reads its wall from it instead of asking again.
            vote.idea = idea
            deleted, _details = vote.delete()
            if deleted:
                return _add_to_vote_count(idea, -1)
    return _current_vote_count(idea)


def toggle_vote(request, idea):
    """The vote button: vote if the participant has not, otherwise take the vote back."""
    if has_voted(idea, request.user):
        return False, withdraw_vote(request, idea)
    return True, cast_vote(request, idea)


def _current_vote_count(idea):
    idea.vote_count = Idea.objects.values_list("vote_count", flat=True).get(pk=idea.pk)
    return idea.vote_count


def _add_to_vote_count(idea, change):
    """Add `change` to the idea's vote count and give the new count, in one statement.

    The count comes back from the UPDATE itself (RETURNING: PostgreSQL, SQLite 3.35+),
    as the update wrote it with the row locked: exact under concurrent votes, and the vote
    needs no second round trip to read it. Django's update() cannot return it.
    """
    quote = connection.ops.quote_name
    table, pk = quote(Idea._meta.db_table), quote(Idea._meta.pk.column)
    count = quote(Idea._meta.get_field("vote_count").column)
    with connection.cursor() as cursor:
        cursor.execute(
            # Only our own model's quoted names are formatted in; the values are parameters.
            f"UPDATE {table} SET {count} = {count} + %s WHERE {pk} = %s RETURNING {count}",  # noqa: S608
            [change, idea.pk],
        )
        (idea.vote_count,) = cursor.fetchone()
    return idea.vote_count


def _require_commenting(idea, user):
    _require_open_wall(idea.wall)
    _require_visible_idea(idea)
    require_participant(user)


def comment_refusal(idea, user):
    return refusal(_require_commenting, idea, user)


def can_comment(idea, user):
    return comment_refusal(idea, user) is None


def add_comment(request, idea, *, body, parent=None):
    """Comment on an idea, or reply to a comment; replies go one level deep."""
    user = request.user
    _require_commenting(idea, user)
    if parent is not None:
        if parent.idea_id != idea.pk or not parent.is_visible:
            raise ValidationError({"parent": _("The comment you replied to is not available.")})
        parent = parent.parent or parent
    comment = _validated(
        IdeaComment(
            idea=idea,
            parent=parent,
            author=user,
            body=body.strip(),
            state=moderation.initial_state(idea.wall.moderation_rule),
        )
    )
    enforce_rate_limit(request, "comment")
    # The comment and the count it changes are written together or not at all.
    with transaction.atomic():
        _lock_counts(idea)
        comment.save()
        refresh_comment_count(idea)
    return comment


def _lock_counts(idea):
    """Lock the idea's row until the transaction ends, so writers of its counts take turns.

    NO KEY UPDATE: it does not block the votes and comments that only refer to the idea.
    """
    Idea.objects.select_for_update(no_key=True).filter(pk=idea.pk).values_list("pk").first()


def refresh_comment_count(idea):
    """Count the comments a visitor can see; called whenever one appears or disappears.

    With the idea's row locked, concurrent comments and decisions count one after another,
    each seeing the others' committed rows; called inside the transaction that adds, hides
    or approves the comment, so a failure leaves neither the change nor the count.
    """
    with transaction.atomic():
        _lock_counts(idea)
        count = IdeaComment.objects.visible().filter(idea=idea).count()
        Idea.objects.filter(pk=idea.pk).update(comment_count=count)
    idea.comment_count = count


def set_status(idea, user, status, answer=None):
    """Staff set where the idea stands and, optionally, the city's official answer."""
    if status == IdeaStatus.DUPLICATE and idea.status != IdeaStatus.DUPLICATE:
        raise ValidationError({"status": _("Mark an idea a duplicate by choosing the original.")})
    previous = (idea.status, idea.official_answer)
    idea.status = status
    if status != IdeaStatus.DUPLICATE:
        # A duplicate given another status stands on its own again; its moved votes stay moved.
        idea.duplicate_of = None
    if answer is not None:
        idea.official_answer = answer.strip()
    if idea.official_answer and (idea.official_answer != previous[1] or not idea.answered_at):
        idea.answered_at = timezone.now()
    idea.save(update_fields=["status", "duplicate_of", "official_answer", "answered_at"])
    status_changed = idea.status != previous[0]
    answer_changed = idea.official_answer != previous[1]
    if status_changed or answer_changed:
        log(
            instance=idea,
            action=STATUS_ACTION,
            user=user,
            data={
                "status": status,
                "status_changed": status_changed,
                "answer_changed": answer_changed,
            },
        )
        tell_author_of_update(idea, "status" if status_changed else "answer")
    return idea


def mark_duplicate(idea, original, user):
    """Point a duplicate at the original; its votes move there, no voter counted twice."""
    if original.pk == idea.pk or original.wall_id != idea.wall_id:
        raise ValidationError({"duplicate_of": _("Choose another idea on the same wall.")})
    if original.duplicate_of_id:
        original = original.duplicate_of
    with transaction.atomic():
        locked = {
            i.pk: i for i in Idea.objects.select_for_update().filter(pk__in=[idea.pk, original.pk])
        }
        already_voted = IdeaVote.objects.filter(idea=original).values("voter")
        IdeaVote.objects.filter(idea=idea).exclude(voter__in=already_voted).update(idea=original)
        IdeaVote.objects.filter(idea=idea).delete()
        for counted in locked.values():
            counted.vote_count = counted.votes.count()
            counted.save(update_fields=["vote_count"])
        idea.status = IdeaStatus.DUPLICATE
        idea.duplicate_of = original
        idea.vote_count = 0
        idea.save(update_fields=["status", "duplicate_of", "vote_count"])
        log(instance=idea, action=DUPLICATE_ACTION, user=user, data={"original": original.pk})
    tell_author_of_update(idea, "status")
    return idea
