"""The "Luo kokoukset" page of a meeting series (registered in forums.series_admin)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied

from core.municipalities import staff_records
from forums import series
from forums.models import MeetingSeries


class GenerateMeetingsView(TemplateView):
    template_name = "forums/admin/generate_meetings.html"

    def dispatch(self, request, pk):
        own = staff_records(MeetingSeries.objects.select_related("forum"), request.user)
        self.series = get_object_or_404(own, pk=pk)
        if not series.can_generate(self.series, request.user):
            return permission_denied(request)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            series=self.series,
            planned=series.planned_meetings(self.series),
            header_title=_("Create meetings"),
            page_title=_("Create meetings"),
            **kwargs,
        )

    def post(self, request, pk):
        created = series.generate_meetings(self.series, request.user)
        messages.success(
            request,
            ngettext(
                "%(count)d meeting was created and published.",
                "%(count)d meetings were created and published.",
                len(created),
            )
            % {"count": len(created)},
        )
        return redirect(reverse("forums_series_generate", args=[self.series.pk]))
