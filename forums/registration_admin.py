"""The "Ilmoittautumiset" (registrations) menu in the Wagtail admin.

A wagtail-modeladmin listing, like the moderation queues: filters, search, paging. It never
edits a registration itself; who may see it is forums.registrations.can_manage_registrations.
A meeting's page (in the page listing and in the page editor) links to its registrations.
"""

from django.contrib.admin import SimpleListFilter
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import IndexView

from core.moderation_admin import (
    ChoicesFilter,
    FinnishFilterTemplate,
    ListOnlyPermissionHelper,
    YesNoFilter,
    admin_display,
    listing_url,
)
from core.municipalities import register_staff_scope, staff_records
from core.municipality_admin import StaffRecordsAdmin
from forums import admin_views
from forums.admin_views import registrations_url
from forums.exports import export_registrations
from forums.models import ForumMeetingPage, Registration
from forums.registration_models import RegistrationState
from forums.registrations import (
    ATTENDANCE_ACTION,
    MESSAGE_ACTION,
    can_manage_registrations,
    registration_figures,
    waiting_position,
)


def meeting_label(meeting):
    return f"{meeting.title} ({timezone.localtime(meeting.start):%d.%m.%Y})"


def meeting_pk(value):
    """The meeting filter's value as an id, or None; an id no database column holds (a typed
    address with a very long number) is none rather than an error."""
    return int(value) if value and value.isdigit() and int(value) < 2**31 else None


class MeetingFilter(FinnishFilterTemplate, SimpleListFilter):
    """The meetings that have registrations, newest first, each with its forum."""

    title = _("meeting")
    parameter_name = "meeting"

    def lookups(self, request, model_admin):
        meetings = (
            staff_records(
                ForumMeetingPage.objects.filter(registrations__isnull=False), request.user
            )
            .distinct()
            .order_by("-start", "pk")
        )
        return [
            (str(meeting.pk), f"{meeting.get_parent().title}: {meeting_label(meeting)}")
            for meeting in meetings
        ]

    def queryset(self, request, queryset):
        pk = meeting_pk(self.value())
        return queryset if pk is None else queryset.filter(meeting_id=pk)


class RegistrationPermissionHelper(ListOnlyPermissionHelper):
    """Staff with the registration permission list them; nobody edits them here."""

    def user_can_list(self, user):
        return can_manage_registrations(user)


class RegistrationButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, **kwargs):
        if obj.state != RegistrationState.CONFIRMED:
            return []  # only those with a seat were expected at the meeting
        return [
            {
                "url": reverse("forums_registration_attendance", args=[obj.pk]),
                "label": gettext("Mark attendance"),
                "classname": self.finalise_classname(["button-secondary", "button-small"]),
                "title": gettext("Mark the attendance of %(name)s") % {"name": obj.name},
            }
        ]


class RegistrationIndexView(IndexView):
    def as_spreadsheet(self, queryset, spreadsheet_format):
        # The list as it is filtered and searched, every page of it, through core.exports.
        return export_registrations(queryset, spreadsheet_format)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop(self.PAGE_VAR, None)
        meeting = self._one_meeting()
        if meeting is not None:
            context["meeting"] = meeting
            context["figures"] = registration_figures(meeting)
            context["attendance_url"] = reverse(
                "forums_registrations_attendance", args=[meeting.pk]
            )
            context["message_url"] = reverse("forums_registrations_message", args=[meeting.pk])
        context["downloads"] = [
            (label, "?" + _with(query, export=file_format))
            for file_format, label in (
                ("csv", gettext("Download CSV")),
                ("xlsx", gettext("Download XLSX")),
            )
        ]
        return context

    def _one_meeting(self):
        pk = meeting_pk(self.request.GET.get(MeetingFilter.parameter_name))
        meetings = staff_records(ForumMeetingPage.objects.all(), self.request.user)
        return None if pk is None else meetings.filter(pk=pk).first()


def _with(query, **values):
    query = query.copy()
    for key, value in values.items():
        query[key] = value
    return query.urlencode()


register_staff_scope(Registration, page_field="meeting")


class RegistrationAdmin(StaffRecordsAdmin, ModelAdmin):
    model = Registration
    menu_label = _("Registrations")
    menu_icon = "group"
    menu_order = 220
    base_url_path = "forums/registrations"
    permission_helper_class = RegistrationPermissionHelper
    button_helper_class = RegistrationButtonHelper
    list_per_page = 50
    history_view_enabled = False
    index_view_class = RegistrationIndexView
    index_template_name = "forums/admin/registration_index.html"
    list_select_related = ["meeting"]
    list_display = [
        "meeting_display",
        "name",
        "association",
        "seats",
        "state_display",
        "place_in_line",
        "attended_display",
        "created_at",
    ]
    list_display_add_buttons = "attended_display"
    list_filter = [MeetingFilter, ("state", ChoicesFilter), ("attended", YesNoFilter)]
    search_fields = ["name", "email", "association"]
    ordering = ["-meeting__start", "created_at", "pk"]

    def get_admin_urls_for_registration(self):
        # The listing and staff's pages; registrations change through the services, never
        # through a generic form.
        return (
            listing_url(self),
            path(
                "forums/registrations/meeting/<int:meeting_pk>/attendance/",
                admin_views.AttendanceView.as_view(),
                name="forums_registrations_attendance",
            ),
            path(
                "forums/registrations/<int:pk>/attendance/",
                admin_views.AttendanceView.as_view(),
                name="forums_registration_attendance",
            ),
            path(
                "forums/registrations/meeting/<int:meeting_pk>/message/",
                admin_views.MessageView.as_view(),
                name="forums_registrations_message",
            ),
        )

    def register_admin_url_finders(self):
        pass

    @admin_display(_("meeting"), order_field="meeting__start")
    def meeting_display(self, obj):
        return meeting_label(obj.meeting)

    @admin_display(_("Seats"))
    def seats(self, obj):
        return obj.seat_count

    @admin_display(_("state"), order_field="state")
    def state_display(self, obj):
        return obj.get_state_display()

    @admin_display(_("Place in line"))
    def place_in_line(self, obj):
        return waiting_position(obj) or ""

    @admin_display(_("attended"), order_field="attended")
    def attended_display(self, obj):
        return gettext("Yes") if obj.attended else gettext("No")


modeladmin_register(RegistrationAdmin)


def _registrations_button(page, user, priority):
    if page.specific_class is not ForumMeetingPage or not can_manage_registrations(user):
        return []
    count = Registration.objects.filter(meeting_id=page.pk).active().count()
    return [
        Button(
            gettext("Registered (%(count)d)") % {"count": count},
            registrations_url(page),
            icon_name="group",
            priority=priority,
        )
    ]


@hooks.register("register_page_listing_more_buttons")
def meeting_registrations_listing_button(page, user, next_url=None):
    yield from _registrations_button(page, user, priority=45)


@hooks.register("register_page_header_buttons")
def meeting_registrations_header_button(page, user, view_name, next_url=None):
    yield from _registrations_button(page, user, priority=45)


@hooks.register("register_log_actions")
def register_registration_log_actions(actions):
    @actions.register_action(ATTENDANCE_ACTION)
    class AttendanceFormatter(LogFormatter):
        label = _("Mark attendance")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return gettext("Attendance marked: %(attended)s attended, %(not_attended)s did not") % {
                "attended": data.get("attended", 0),
                "not_attended": data.get("not_attended", 0),
            }

    @actions.register_action(MESSAGE_ACTION)
    class MessageFormatter(LogFormatter):
        label = _("Message to those registered")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return gettext("Message “%(subject)s” sent to %(count)s registered") % {
                "subject": data.get("subject", ""),
                "count": data.get("recipients", 0),
            }
