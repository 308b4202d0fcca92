"""The "Edustajapyynnöt" (representatives' requests) queue in the Wagtail admin.

A wagtail-modeladmin listing like the moderation queues, requests waiting for a decision
first. Staff approve or reject on the request's own page; the person is e-mailed the
outcome. Who may is associations.representatives.can_decide_representations; the rules
are that module's.
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

from associations import representatives
from associations.models import Representation, RepresentationState
from core.errors import Refused
from core.moderation_admin import (
    ChoicesFilter,
    ListOnlyPermissionHelper,
    admin_display,
    listing_url,
)
from core.municipalities import register_staff_scope, staff_records
from core.municipality_admin import StaffRecordsAdmin

LIST_URL_NAME = "associations_representatives_modeladmin_index"
DECIDE_URL_NAME = "associations_representation_decide"


class RepresentationPermissionHelper(ListOnlyPermissionHelper):
    def user_can_list(self, user):
        return representatives.can_decide_representations(user)


class RepresentationButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, **kwargs):
        if obj.state != RepresentationState.REQUESTED:
            return []
        return [
            {
                "url": reverse(DECIDE_URL_NAME, args=[obj.pk]),
                "label": gettext("Approve or reject"),
                "classname": self.finalise_classname(["button-secondary", "button-small"]),
                "title": gettext("Decide the request of %(name)s") % {"name": obj.user},
            }
        ]


class DecideView(WagtailAdminTemplateMixin, View):
    """GET shows one request; POST approves or rejects it and e-mails the person."""

    template_name = "associations/admin/decide_representation.html"
    page_title = _("A request to represent an association")
    header_icon = "group"

    def dispatch(self, request, *args, pk, **kwargs):
        if not representatives.can_decide_representations(request.user):
            raise PermissionDenied
        requests = Representation.objects.select_related("user", "association", "decided_by")
        self.representation = get_object_or_404(staff_records(requests, request.user), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(LIST_URL_NAME), "label": gettext("Representatives' requests")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(representation=self.representation))

    def post(self, request, *args, **kwargs):
        decision = request.POST.get("decision")
        if decision not in ("approve", "reject"):
            return self.render_to_response(
                self.get_context_data(
                    representation=self.representation,
                    error=gettext("Choose whether to approve or reject the request."),
                ),
                status=400,
            )
        try:
            representatives.decide_by_staff(
                self.representation, request.user, decision == "approve"
            )
        except Refused as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                (
                    gettext("%(name)s now represents %(association)s; they have been e-mailed.")
                    if decision == "approve"
                    else gettext(
                        "The request of %(name)s to represent %(association)s was rejected; "
                        "they have been e-mailed."
                    )
                )
                % {
                    "name": self.representation.user,
                    "association": self.representation.association,
                },
            )
        return redirect(LIST_URL_NAME)


class RepresentationIndexView(IndexView):
    def get_page_title(self):
        return self.model_admin.get_menu_label()

    def get_ordering(self, request, queryset):
        if self.ORDER_VAR in self.params:  # a column heading staff clicked
            return super().get_ordering(request, queryset)
        # Requests waiting for a decision first, each group oldest first.
        waiting_first = Case(
            When(state=RepresentationState.REQUESTED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return [waiting_first.asc(), "requested_at", "pk"]


register_staff_scope(Representation, site_field="association__site")


class RepresentationAdmin(StaffRecordsAdmin, ModelAdmin):
    model = Representation
    menu_label = _("Representatives' requests")
    menu_icon = "group"
    menu_order = 320
    base_url_path = "associations/representatives"
    permission_helper_class = RepresentationPermissionHelper
    index_view_class = RepresentationIndexView
    button_helper_class = RepresentationButtonHelper
    list_per_page = 50
    history_view_enabled = False
    list_select_related = ["user", "association", "decided_by"]
    list_display = [
        "person",
        "email",
        "association",
        "state_display",
        "contact_email",
        "requested_at",
        "decided_at",
        "decided_by",
    ]
    list_filter = [("state", ChoicesFilter)]
    search_fields = ["user__display_name", "user__email", "association__name"]

    ordering = ["requested_at", "pk"]

    def get_admin_urls_for_registration(self):
        # The listing and the decision page; requests change only through the services.
        return (
            listing_url(self),
            path(
                "associations/representatives/<int:pk>/decide/",
                DecideView.as_view(),
                name=DECIDE_URL_NAME,
            ),
        )

    def register_admin_url_finders(self):
        pass

    @admin_display(_("participant"), order_field="user__display_name")
    def person(self, obj):
        return str(obj.user)

    @admin_display(_("e-mail address"), order_field="user__email")
    def email(self, obj):
        return obj.user.email

    @admin_display(_("state"), order_field="state")
    def state_display(self, obj):
        return obj.get_state_display()

    @admin_display(_("contact person's e-mail"))
    def contact_email(self, obj):
        return obj.association.contact_email or gettext("none: only staff can decide")
