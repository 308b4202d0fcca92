"""The association named with what a person writes, for the layers below associations.

The rule is associations.representatives.byline_association (only a confirmed
representation counts). core and accounts may not import associations (DESIGN.md's
one-way imports), yet the moderation queues and the participants' API name the writer's
association, so associations registers its rule here from AssociationsConfig.ready().
"""

from collections.abc import Callable

_rule: dict[str, Callable] = {}


def register(byline, byline_names):
    """`byline(user)` -> name or ""; `byline_names(user ids)` -> {id: name} in one query."""
    _rule["one"], _rule["many"] = byline, byline_names


def byline_of(user):
    return _rule["one"](user) if "one" in _rule else ""


def bylines_of(user_ids):
    return _rule["many"](user_ids) if "many" in _rule else {}
