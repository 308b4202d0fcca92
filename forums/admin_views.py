"""Staff's pages on a meeting's registrations in the Wagtail admin: attendance and a message
to everyone registered. They check the permission, read the forms and report back; the
rules are forums.registrations'."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.municipalities import staff_records
from forums import registrations as services
from forums.admin_forms import AttendanceForm, MessageForm
from forums.models import ForumMeetingPage, Registration
from forums.registration_models import RegistrationState

# The registrations' list (forums.registration_admin.RegistrationAdmin).
LIST_URL_NAME = "forums_registrations_modeladmin_index"


def own_meetings(user):
    """The meetings whose registrations `user` may handle: their municipalities'."""
    return staff_records(ForumMeetingPage.objects.all(), user)


def registrations_url(meeting):
    return f"{reverse(LIST_URL_NAME)}?{urlencode({'meeting': meeting.pk})}"


class RegistrationStaffView(WagtailAdminTemplateMixin, View):
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not services.can_manage_registrations(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.meeting.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": registrations_url(self.meeting), "label": _("Registrations")},
            {"url": "", "label": self.get_page_title()},
        ]

    def render_form(self, form, **context):
        context = self.get_context_data(form=form, meeting=self.meeting, **context)
        return self.render_to_response(context)


class AttendanceView(RegistrationStaffView):
    """Tick who came: all confirmed registrations of a meeting, or one registration."""

    template_name = "forums/admin/attendance.html"
    page_title = gettext_lazy("Attendance")

    def setup(self, request, *args, meeting_pk=None, pk=None, **kwargs):
        super().setup(request, *args, **kwargs)
        if pk is not None:
            registration = get_object_or_404(
                staff_records(Registration.objects.select_related("meeting"), request.user),
                pk=pk,
                state=RegistrationState.CONFIRMED,
            )
            self.meeting = registration.meeting
            self.shown = self.meeting.registrations.filter(pk=pk)
        else:
            self.meeting = get_object_or_404(own_meetings(request.user), pk=meeting_pk)
            self.shown = self.meeting.registrations.confirmed()

    def form(self, data=None):
        shown = self.shown.order_by("name", "pk")
        return AttendanceForm(
            data, registrations=shown, initial={"attended": shown.filter(attended=True)}
        )

    def get(self, request, *args, **kwargs):
        return self.render_form(self.form())

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        came = services.mark_attendance(
            self.meeting,
            request.user,
            [registration.pk for registration in form.cleaned_data["attended"]],
            among=list(self.shown.values_list("pk", flat=True)),
        )
        messages.success(
            request,
            ngettext(
                "Attendance saved: %(count)d registration marked as attended.",
                "Attendance saved: %(count)d registrations marked as attended.",
                came,
            )
            % {"count": came},
        )
        return redirect(registrations_url(self.meeting))


class MessageView(RegistrationStaffView):
    """E-mail everyone registered for a meeting (confirmed, and the waiting list if asked)."""

    template_name = "forums/admin/message.html"
    page_title = gettext_lazy("Send a message to those registered")

    def setup(self, request, *args, meeting_pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.meeting = get_object_or_404(own_meetings(request.user), pk=meeting_pk)

    def render_form(self, form, **context):
        counts = self.meeting.registrations.counts()
        confirmed = services.message_recipients(self.meeting).count()
        return super().render_form(
            form,
            confirmed=ngettext(
                "%(count)d confirmed registration",
                "%(count)d confirmed registrations",
                confirmed,
            )
            % {"count": confirmed},
            waiting=ngettext(
                "%(count)d on the waiting list", "%(count)d on the waiting list", counts["waiting"]
            )
            % {"count": counts["waiting"]},
            **context,
        )

    def get(self, request, *args, **kwargs):
        return self.render_form(MessageForm())

    def post(self, request, *args, **kwargs):
        form = MessageForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        sent = services.message_registrants(
            self.meeting,
            request.user,
            subject=form.cleaned_data["message_subject"],
            text=form.cleaned_data["text"],
            include_waiting=form.cleaned_data["include_waiting"],
        )
        messages.success(
            request,
            ngettext(
                "The message is on its way to %(count)d person.",
                "The message is on its way to %(count)d people, each separately.",
                sent,
            )
            % {"count": sent},
        )
        return redirect(registrations_url(self.meeting))
