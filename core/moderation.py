"""Moderation of what visitors write: states, reports, and the moderator's decisions.

Ideas and idea comments use this now; the guideline's section comments will use it
unchanged. Every decision is written to Wagtail's audit log and announced with the
`content_moderated` signal so the owning app can tell the author.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.log_actions import log

from core.models import ModerationRule, ModerationState, Report
from core.purge import purge_record

# Sent after a moderator's decision, or a hold after reports: instance, action (APPROVE_,
# HIDE_ or HOLD_ACTION), user (None for a hold).
content_moderated = Signal()

APPROVE_ACTION = "yhdessa.moderation.approve"
HIDE_ACTION = "yhdessa.moderation.hide"
HOLD_ACTION = "yhdessa.moderation.held_by_reports"


@dataclass(frozen=True)
class Wording:
    """How the moderators' pages name where an approved text is shown: each kind of text
    names its wording in its model's `moderation_wording` (ideas are on a wall, guideline
    comments on a page), so no template or view tells the kinds apart."""

    approve_button: str
    hide_button: str
    already_shown: str  # %(item)s
    approved: str  # %(item)s
    approved_many: str  # lazy plural, % {"count": n}
    not_shown: str  # why a text cannot be reported (core.reports)


ON_THE_WALL = Wording(
    approve_button=_("Approve and show on the wall"),
    hide_button=_("Hide from the wall"),
    already_shown=_("“%(item)s” is already shown on the wall."),
    approved=_("Approved “%(item)s”; it is shown on the wall."),
    approved_many=ngettext_lazy(
        "Approved %(count)s; shown on the wall.", "Approved %(count)s; shown on the wall.", "count"
    ),
    not_shown=_("This text is not shown on the wall."),
)

ON_THE_PAGE = Wording(
    approve_button=_("Approve and show on the page"),
    hide_button=_("Hide from the page"),
    already_shown=_("“%(item)s” is already shown on the page."),
    approved=_("Approved “%(item)s”; it is shown on the page."),
    approved_many=ngettext_lazy(
        "Approved %(count)s; shown on the page.", "Approved %(count)s; shown on the page.", "count"
    ),
    not_shown=_("This comment is not shown on the page."),
)


class AlreadyReported(Exception):
    """The participant has already reported this text."""


def initial_state(rule):
    """The state a new text starts in under a wall's or a draft's moderation rule."""
    if rule == ModerationRule.AFTER:
        return ModerationState.PUBLISHED
    return ModerationState.PENDING


def _decide(instance, user, action, state, reason=""):
    with transaction.atomic():
        instance.state = state
        instance.held_by_reports = False
        instance.hidden_reason = reason
        instance.moderated_at = timezone.now()
        instance.moderated_by = user
        instance.save(
            update_fields=[
                "state",
                "held_by_reports",
                "hidden_reason",
                "moderated_at",
                "moderated_by",
            ]
        )
        open_reports(instance).update(resolved_at=instance.moderated_at)
        log(instance=instance, action=action, user=user, data={"reason": reason})
        # Inside the transaction: what the owning app keeps in step with the decision (a
        # comment count) is written with it or not at all. E-mail waits for the commit.
        content_moderated.send(sender=type(instance), instance=instance, action=action, user=user)


def approve(instance, user):
    _decide(instance, user, APPROVE_ACTION, ModerationState.PUBLISHED)


def hide(instance, user, reason):
    _decide(instance, user, HIDE_ACTION, ModerationState.HIDDEN, reason)


def open_reports(instance):
    return Report.objects.filter(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        resolved_at=None,
    )


def report(instance, reporter, reason):
    """Record a participant's report; enough reports from different people hold the text.

    The reported row is locked while the report is added and counted, so reports sent at
    the same moment are counted one after another and the hold never misses one.
    """
    model = type(instance)
    with transaction.atomic():
        held = model.objects.select_for_update(no_key=True).values_list(
            "held_by_reports", flat=True
        )
        instance.held_by_reports = held.get(pk=instance.pk)
        try:
            with transaction.atomic():
                Report.objects.create(
                    content_type=ContentType.objects.get_for_model(instance),
                    object_id=instance.pk,
                    reporter=reporter,
                    reason=reason,
                )
        except IntegrityError as error:
            raise AlreadyReported from error
        reporters = open_reports(instance).values("reporter").distinct().count()
        if reporters >= settings.YHDESSA_REPORTS_TO_HOLD and not instance.held_by_reports:
            model.objects.filter(pk=instance.pk).update(held_by_reports=True)
            instance.held_by_reports = True
            # update() sends no post_save: the pages showing the text are purged here.
            purge_record(instance)
            log(instance=instance, action=HOLD_ACTION, data={"reports": reporters})
            # As a decision is: what the owning app keeps in step (a comment count) changes
            # in the same transaction.
            content_moderated.send(sender=model, instance=instance, action=HOLD_ACTION, user=None)
