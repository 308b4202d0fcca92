"""Who speaks for an association: the one rule every feature asks.

Only a confirmed Representation (associations.models) counts: it puts the association's
name on what the person writes, lets them report changes to its record and nominate its
forum members. Each action has its own predicate, so a later rule for one (a board
member only, say) changes one function.
"""

from associations.models import Association, Representation


def represented_associations(user):
    """The associations `user` is a confirmed representative of."""
    if not user.is_authenticated:
        return Association.objects.none()
    return Association.objects.filter(
        pk__in=Representation.objects.confirmed().filter(user=user).values("association")
    )


def _represents(user, association):
    return (
        user.is_authenticated
        and Representation.objects.confirmed().filter(user=user, association=association).exists()
    )


def can_update_association(user, association):
    """May report changes to the record (staff still review them)."""
    return _represents(user, association)


def can_nominate_forum_members(user, association):
    """May nominate the association's member and deputy to a forum (staff approve)."""
    return _represents(user, association)
