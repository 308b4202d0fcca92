from django.utils.translation import gettext_lazy as _


class Refused(Exception):
    """A write the rules do not allow. `code` is for machines, `message` for people.

    Every kind of refusal (the rules, a rate limit) is one of these, so a view or the
    API answers all of them with one `except` and one exception handler.
    """

    status = 403

    def __init__(self, code, message):
        super().__init__(str(message))
        self.code = code
        self.message = message


def refusal(check, *args):
    """What the rule `check` refuses with, or None if it allows the action.

    Each action has one _require_<action> check that raises a Refused with the reason;
    its can_<action> predicate is "the check refuses nothing" (`refusal(...) is None`).
    """
    try:
        check(*args)
    except Refused as error:
        return error
    return None


def require_participant(user):
    """Writing needs a signed-in participant (checked last by each rule: see refusal)."""
    if not user.is_authenticated:
        raise Refused("not_signed_in", _("Sign in to take part."))
