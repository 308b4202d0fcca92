"""The moderation decisions in Wagtail's audit log, in words a moderator reads; the staff's
list of e-mail that could not be sent."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from core import comment_queues, mail, municipality_admin
from core.admin_views import (
    BULK_URL_NAME,
    FAILED_EMAIL_URL_NAME,
    BulkModerationView,
    FailedEmailView,
    SendAgainView,
)
from core.moderation import APPROVE_ACTION, HIDE_ACTION, HOLD_ACTION
from core.municipalities import pages_for_staff, works_for_every_municipality


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


# --- A municipality's staff see their own municipality only (core.municipalities) -------


@hooks.register("construct_page_chooser_queryset")
def own_pages_in_the_page_chooser(pages, request):
    """Wagtail's page chooser lists every page (linking is not editing): a municipality's
    staff choose among their own Site's pages; region-wide staff among all."""
    return pages_for_staff(pages, request.user)


class OwnCollectionsMixin:
    """The admin API's images and documents (the choosers' thumbnails) only from the
    collections the member of staff may choose from: their municipality's."""

    def get_queryset(self):
        chosen = self.permission_policy.collections_user_has_any_permission_for(
            self.request.user, ["choose", "change"]
        )
        return super().get_queryset().filter(collection__in=chosen)


@hooks.register("construct_admin_api", order=100)
def own_media_in_the_admin_api(router):
    # After wagtail.images' and wagtail.documents' own hooks, which register these names.
    from wagtail.documents import get_document_model
    from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
    from wagtail.images import get_image_model
    from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
    from wagtail.permissions import policy_registry

    for name, base, model in (
        ("images", ImagesAdminAPIViewSet, get_image_model()),
        ("documents", DocumentsAdminAPIViewSet, get_document_model()),
    ):
        policy = policy_registry.get_by_type(model)
        endpoint = type(base.__name__, (OwnCollectionsMixin, base), {"permission_policy": policy})
        router.register_endpoint(name, endpoint)


@hooks.register("construct_reports_menu")
def region_wide_reports_only(request, menu_items):
    # Wagtail's page types report counts and names every Site's pages (core.admin_urls).
    if not works_for_every_municipality(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


# After wagtail.snippets' own: the same action, for the kinds that carry their municipality.
hooks.register("register_bulk_action", municipality_admin.OwnRecordsDeleteBulkAction, order=100)
