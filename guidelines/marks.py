"""One participant's mark on a text, counted on the text: "useful" on a comment, support
for a suggested edit. Both follow the same rule, so both call these."""

from django.db import IntegrityError, transaction
from django.db.models import F


def _current_count(target, count_field):
    value = type(target)._default_manager.values_list(count_field, flat=True).get(pk=target.pk)
    setattr(target, count_field, value)
    return value


def add_mark(target, marks, count_field, participant):
    """Add the person's mark (`marks` is the target's related manager of marks); a second
    mark by the same person changes nothing.

    The unique constraint admits one mark per person and the count moves only with a
    successful insert, so it stays exact under concurrent clicks. Returns the new count.
    """
    try:
        with transaction.atomic():
            marks.create(participant=participant)
            type(target)._default_manager.filter(pk=target.pk).update(
                **{count_field: F(count_field) + 1}
            )
    except IntegrityError:
        pass
    return _current_count(target, count_field)


def remove_mark(target, marks, count_field, participant):
    """Take the person's mark back, if there was one. Returns the new count."""
    with transaction.atomic():
        deleted, _details = marks.filter(participant=participant).delete()
        if deleted:
            type(target)._default_manager.filter(pk=target.pk).update(
                **{count_field: F(count_field) - 1}
            )
    return _current_count(target, count_field)
