"""Participants' reports ("Ilmoita asiattomasta") on anything visitors write, in every app.

One rule for every kind of text: a participant may report what anyone can read where it
was written, and not their own text. What differs is only the model's `is_public` (an
idea is public on a live wall, a guideline comment on the published guideline) and the
words of its refusal (`moderation_wording.not_shown`). The page, the admin and the API of
each app call these; enough reports hold the text (core.moderation.report).
"""

from django.utils.translation import gettext_lazy as _

from core import moderation
from core.errors import Refused, refusal, require_participant
from core.ratelimit import enforce_rate_limit


def _require_reportable(target, user):
    if not target.is_public:
        raise Refused("not_visible", target.moderation_wording.not_shown)
    if user.is_authenticated and target.author_id == user.pk:
        raise Refused("own_text", _("You cannot report your own text."))
    require_participant(user)


def can_report(target, user):
    return refusal(_require_reportable, target, user) is None


def report(request, target, reason):
    """Report a text as inappropriate; a second report by the same person is refused."""
    user = request.user
    _require_reportable(target, user)
    enforce_rate_limit(request, "report")
    try:
        moderation.report(target, user, reason)
    except moderation.AlreadyReported:
        raise Refused("already_reported", _("You have already reported this.")) from None
