"""The rules of a comment period that staff apply in the admin."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.rich_text import get_text_for_indexing

from guidelines.models import CommentPeriodState

CONCLUDE_ACTION = "yhdessa.guidelines.conclude"


def conclude_refusal(period, now=None):
    """Why the period cannot be concluded now, or None if it can."""
    if period.concluded_at is not None:
        return _("The response has already been published.")
    if period.pk is None or period.state(now) != CommentPeriodState.CLOSED:
        return _("A period can be concluded once it has closed.")
    if not get_text_for_indexing(period.response or "").strip():
        return _("Write the response summary before publishing it.")
    return None


def conclude(period, user, now=None):
    """Publish the response: the period is concluded and the page shows the response."""
    period.concluded_at = now or timezone.now()
    period.save(update_fields=["concluded_at"])
    log(instance=period, action=CONCLUDE_ACTION, user=user)
    return period
