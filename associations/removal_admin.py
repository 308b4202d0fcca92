"""The "Poistopyynnöt" (removal requests) queue in the Wagtail admin.

A wagtail-modeladmin listing like the moderation queues: requests waiting for staff first,
unconfirmed ones visible but not actionable. Each waiting request has a page where staff
take the record off the directory or delete it (associations.removals, through
associations.register), or mark it done; the listing never edits a request itself.
Part of the "Yhdistykset" menu group (associations/wagtail_hooks.py joins it when merged).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from associations import removals
from associations.removal_models import RemovalRequest, RemovalState
from core.errors import Refused
from core.moderation_admin import (
    ChoicesFilter,
    ListOnlyPermissionHelper,
    admin_display,
    listing_url,
)
from core.municipalities import register_staff_scope, staff_records
from core.municipality_admin import StaffRecordsAdmin

HANDLE_URL_NAME = "associations_removal_request_handle"
LIST_URL_NAME = "associations_removal-requests_modeladmin_index"


class RemovalPermissionHelper(ListOnlyPermissionHelper):
    def user_can_list(self, user):
        return removals.can_handle_removal_requests(user)


class RemovalButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, **kwargs):
        if obj.state != RemovalState.PENDING:
            return []  # unconfirmed: the requester has not opened the link yet
        return [
            {
                "url": reverse(HANDLE_URL_NAME, args=[obj.pk]),
                "label": gettext("Handle"),
                "classname": self.finalise_classname(["button-secondary", "button-small"]),
                "title": gettext("Handle the removal request of %(name)s")
                % {"name": obj.association_name},
            }
        ]


class RemovalIndexView(IndexView):
    def get_queryset(self, request=None):
        # Waiting for staff first, then unconfirmed, then done; newest first within each.
        return (
            super()
            .get_queryset(request)
            .annotate(
                queue_order=Case(
                    When(state=RemovalState.PENDING, then=Value(0)),
                    When(state=RemovalState.UNCONFIRMED, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            .order_by("queue_order", "-created_at", "-pk")
        )


register_staff_scope(RemovalRequest, site_field="site")


class RemovalRequestAdmin(StaffRecordsAdmin, ModelAdmin):
    model = RemovalRequest
    menu_label = _("Removal requests")
    menu_icon = "bin"
    menu_order = 232
    base_url_path = "associations/removal-requests"
    permission_helper_class = RemovalPermissionHelper
    button_helper_class = RemovalButtonHelper
    index_view_class = RemovalIndexView
    list_per_page = 50
    history_view_enabled = False
    list_display = [
        "association_name",
        "requester_name",
        "requester_email",
        "state_display",
        "created_at",
    ]
    list_display_add_buttons = "association_name"
    list_filter = [("state", ChoicesFilter)]
    search_fields = ["association_name", "requester_name", "requester_email"]

    def get_admin_urls_for_registration(self):
        return (
            listing_url(self),
            path(
                "associations/removal-requests/<int:pk>/handle/",
                HandleRemovalView.as_view(),
                name=HANDLE_URL_NAME,
            ),
        )

    def register_admin_url_finders(self):
        pass

    @admin_display(_("state"), order_field="state")
    def state_display(self, obj):
        return obj.get_state_display()


ACTIONS = {
    "unlist": (removals.unlist_and_close, _("The association was taken off the directory.")),
    "delete": (removals.delete_and_close, _("The association's record was deleted.")),
    "close": (removals.close, _("The request was marked done.")),
}


class HandleRemovalView(WagtailAdminTemplateMixin, View):
    """One waiting request: what was asked, the record it names, and staff's three actions."""

    template_name = "associations/admin/removal_handle.html"
    page_title = _("Removal request")
    header_icon = "bin"

    def dispatch(self, request, *args, pk, **kwargs):
        if not removals.can_handle_removal_requests(request.user):
            raise PermissionDenied
        listed = RemovalRequest.objects.select_related("association", "handled_by")
        self.removal = get_object_or_404(staff_records(listed, request.user), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.removal.association_name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(LIST_URL_NAME), "label": gettext("Removal requests")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(removal=self.removal))

    def post(self, request, *args, **kwargs):
        action = ACTIONS.get(request.POST.get("action"))
        if action is None:
            messages.error(request, gettext("Choose what to do with the request."))
            return redirect(request.path)
        handle, done_message = action
        try:
            handle(self.removal, request.user)
        except Refused as error:
            messages.error(request, str(error.message))
            return redirect(request.path)
        messages.success(request, str(done_message))
        return redirect(reverse(LIST_URL_NAME))
