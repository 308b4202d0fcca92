"""The "Foorumipaikat" (forum seats) menu in the Wagtail admin.

A wagtail-modeladmin listing like the registrations': the nominations waiting for a
decision first, with approve and reject; filtered to one forum, its current members' and
deputies' e-mail list to copy, and the list as CSV or XLSX (forums.exports). Who may see
it is forums.seats.can_manage_forum_seats; the seats change only through forums.seats.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import IndexView

from core.errors import Refused
from core.moderation_admin import (
    ChoicesFilter,
    FinnishFilterTemplate,
    ListOnlyPermissionHelper,
    admin_display,
    listing_url,
)
from core.municipalities import register_staff_scope, staff_records
from core.text import validate_plain_text
from forums import seats
from forums.exports import export_seats
from forums.models import ForumPage, ForumSeat, SeatState

LIST_URL_NAME = "forums_seats_modeladmin_index"


def _as_id(value):
    return int(value) if value and value.isdigit() and int(value) < 2**31 else None


class ForumFilter(FinnishFilterTemplate, SimpleListFilter):
    title = _("forum")
    parameter_name = "forum"

    def lookups(self, request, model_admin):
        forums = staff_records(ForumPage.objects.order_by("title"), request.user)
        return [(str(forum.pk), forum.title) for forum in forums]

    def queryset(self, request, queryset):
        pk = _as_id(self.value())
        return queryset if pk is None else queryset.filter(forum_id=pk)


class TermFilter(FinnishFilterTemplate, SimpleListFilter):
    title = _("term")
    parameter_name = "term"

    def lookups(self, request, model_admin):
        return [("current", _("Current term")), ("past", _("Ended terms"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.overlapping(today, today)
        if self.value() == "past":
            return queryset.filter(term_end__lt=today)
        return queryset


class SeatPermissionHelper(ListOnlyPermissionHelper):
    def user_can_list(self, user):
        return seats.can_manage_forum_seats(user)


class SeatButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, **kwargs):
        if obj.state != SeatState.NOMINATED:
            return []
        return [
            {
                "url": reverse("forums_seat_decide", args=[obj.pk]),
                "label": gettext("Approve or reject"),
                "classname": self.finalise_classname(["button-secondary", "button-small"]),
                "title": gettext("Decide on the nomination of %(association)s")
                % {"association": obj.association},
            }
        ]


class SeatIndexView(IndexView):
    def as_spreadsheet(self, queryset, spreadsheet_format):
        # The list as it is filtered and searched, every page of it, through core.exports.
        return export_seats(queryset, spreadsheet_format)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop(self.PAGE_VAR, None)
        context["downloads"] = []
        for file_format, label in (
            ("csv", gettext("Download CSV")),
            ("xlsx", gettext("Download XLSX")),
        ):
            download = query.copy()
            download["export"] = file_format
            context["downloads"].append((label, "?" + download.urlencode()))
        pk = _as_id(self.request.GET.get(ForumFilter.parameter_name))
        forums = staff_records(ForumPage.objects.all(), self.request.user)
        forum = None if pk is None else forums.filter(pk=pk).first()
        if forum is not None:
            current = ForumSeat.objects.approved().current(forum)
            addresses = [address for seat in current for address in seat.email_addresses()]
            context.update(
                forum=forum,
                email_list=", ".join(addresses),
                mailto="mailto:" + ",".join(addresses),
                current_url="?" + urlencode({"forum": forum.pk, "term": "current"}),
            )
        return context


register_staff_scope(ForumSeat, page_field="forum")


class ForumSeatAdmin(ModelAdmin):
    model = ForumSeat
    menu_label = _("Forum seats")
    menu_icon = "group"
    menu_order = 230
    base_url_path = "forums/seats"
    permission_helper_class = SeatPermissionHelper
    button_helper_class = SeatButtonHelper
    list_per_page = 50
    history_view_enabled = False
    index_view_class = SeatIndexView
    index_template_name = "forums/admin/seat_index.html"
    list_select_related = ["forum", "association"]
    list_display = [
        "association",
        "forum_display",
        "term_display",
        "member_display",
        "deputy_display",
        "state_display",
        "nominated_at",
    ]
    list_display_add_buttons = "state_display"
    list_filter = [ForumFilter, TermFilter, ("state", ChoicesFilter)]
    search_fields = ["association__name", "member_name", "deputy_name"]

    def get_queryset(self, request):
        # Nominations waiting for a decision first, then the newest.
        waiting_first = Case(
            When(state=SeatState.NOMINATED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        seats = staff_records(ForumSeat.objects.all(), request.user)
        return seats.annotate(waiting=waiting_first).order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ["waiting", "-nominated_at", "-pk"]

    def get_admin_urls_for_registration(self):
        # The listing and the decision page; seats change through forums.seats only.
        return (
            listing_url(self),
            path(
                "forums/seats/<int:pk>/decide/",
                DecisionView.as_view(),
                name="forums_seat_decide",
            ),
            path(
                "forums/seats/<int:pk>/approve/",
                DecisionView.as_view(action="approve"),
                name="forums_seat_approve",
            ),
        )

    def register_admin_url_finders(self):
        pass

    @admin_display(_("forum"), order_field="forum__title")
    def forum_display(self, obj):
        return obj.forum.title

    @admin_display(_("term"), order_field="term_start")
    def term_display(self, obj):
        return seats.term_label(obj.term_start, obj.term_end)

    @admin_display(_("member"), order_field="member_name")
    def member_display(self, obj):
        return _person(obj.member_name, obj.member_email, obj.member_name_public)

    @admin_display(_("deputy"), order_field="deputy_name")
    def deputy_display(self, obj):
        return _person(obj.deputy_name, obj.deputy_email, obj.deputy_name_public)

    @admin_display(_("state"), order_field="state")
    def state_display(self, obj):
        return obj.get_state_display()


def _person(name, email, public):
    if not name:
        return ""
    shown = "" if public else " " + gettext("(name not public)")
    return f"{name} <{email}>{shown}"


modeladmin_register(ForumSeatAdmin)


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        required=False,
        max_length=2000,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("It is e-mailed to the person who nominated."),
    )


class DecisionView(WagtailAdminTemplateMixin, View):
    """Approve a nomination, or reject it with a reason the nominator is e-mailed."""

    template_name = "forums/admin/seat_decision.html"
    page_title = _("Decide on a nomination")
    header_icon = "group"
    action = None

    def dispatch(self, request, *args, pk, **kwargs):
        if not seats.can_manage_forum_seats(request.user):
            raise PermissionDenied
        seats_of_staff = staff_records(
            ForumSeat.objects.select_related("forum", "association", "nominated_by"), request.user
        )
        self.seat = get_object_or_404(seats_of_staff, pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.seat)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(LIST_URL_NAME), "label": gettext("Forum seats")},
            {"url": "", "label": self.get_page_title()},
        ]

    def render_form(self, form, status=200):
        left = seats.seats_left(self.seat.forum, self.seat.term_start, self.seat.term_end)
        context = self.get_context_data(form=form, seat=self.seat, seats_left=left)
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_form(RejectionForm())

    def post(self, request, *args, **kwargs):
        form = RejectionForm(request.POST)
        approving = self.action == "approve" or "approve" in request.POST
        try:
            if approving:
                seats.approve_seat(self.seat, request.user)
            elif form.is_valid():
                seats.reject_seat(self.seat, request.user, form.cleaned_data["reason"])
            else:
                return self.render_form(form, status=400)
        except ValidationError as error:
            form.add_error("reason", error.message_dict.get("reason", error.messages))
            return self.render_form(form, status=400)
        except Refused as error:
            messages.error(request, str(error.message))
            return self.render_form(form, status=error.status)
        done = gettext("Approved: %(seat)s") if approving else gettext("Rejected: %(seat)s")
        messages.success(request, done % {"seat": self.seat})
        return redirect(reverse(LIST_URL_NAME) + "?" + urlencode({"forum": self.seat.forum_id}))
