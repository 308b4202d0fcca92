"""The moderation decisions in Wagtail's audit log, in words a moderator reads; the staff's
list of e-mail that could not be sent."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from core import comment_queues, mail
from core.admin_views import (
    BULK_URL_NAME,
    FAILED_EMAIL_URL_NAME,
    BulkModerationView,
    FailedEmailView,
    SendAgainView,
)
from core.moderation import APPROVE_ACTION, HIDE_ACTION, HOLD_ACTION


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    actions.register_action(APPROVE_ACTION, _("Approve text"), _("Approved and shown"))

    @actions.register_action(HIDE_ACTION)
    class HideFormatter(LogFormatter):
        label = _("Hide text")

        def format_message(self, log_entry):
            reason = (log_entry.data or {}).get("reason")
            if reason:
                return _("Hidden. Reason given to the author: %(reason)s") % {"reason": reason}
            return _("Hidden")

    @actions.register_action(HOLD_ACTION)
    class HoldFormatter(LogFormatter):
        label = _("Held after reports")

        def format_message(self, log_entry):
            count = (log_entry.data or {}).get("reports") or 0
            return ngettext(
                "Held until a moderator decides, after a report from %(count)s person",
                "Held until a moderator decides, after reports from %(count)s people",
                count,
            ) % {"count": count}


class FailedEmailMenuItem(MenuItem):
    def is_shown(self, request):
        return mail.can_manage_failed_email(request.user)


@hooks.register("register_admin_urls")
def register_failed_email_urls():
    return [
        # Every app's comments in one list (core.comment_queues), before the kinds below.
        path(
            "moderation/waiting-comments/",
            comment_queues.WaitingCommentsView.as_view(),
            name=comment_queues.WAITING_URL_NAME,
        ),
        path(
            "moderation/reported-comments/",
            comment_queues.ReportedCommentsView.as_view(),
            name=comment_queues.REPORTED_URL_NAME,
        ),
        path(
            "moderation/comments/bulk/",
            comment_queues.CommentsBulkModerationView.as_view(),
            name=comment_queues.COMMENTS_BULK_URL_NAME,
        ),
        # Tick-box decisions in any app's queue; the kinds are in core.admin_views.BULK_MODELS.
        path("moderation/<slug:kind>/bulk/", BulkModerationView.as_view(), name=BULK_URL_NAME),
        path("failed-email/", FailedEmailView.as_view(), name=FAILED_EMAIL_URL_NAME),
        path(
            "failed-email/<uuid:result_id>/send/",
            SendAgainView.as_view(),
            name="core_failed_email_send",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_failed_email_menu_item():
    return FailedEmailMenuItem(
        _("Failed e-mail"), reverse(FAILED_EMAIL_URL_NAME), icon_name="mail", order=900
    )
