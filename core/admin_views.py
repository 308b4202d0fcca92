"""The staff's page for e-mail that could not be sent: who, what, why, and "Send again".

The rules live in core.mail; this view only checks the permission and reports back.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core import mail

FAILED_EMAIL_URL_NAME = "core_failed_email"


class StaffOnly:
    """The messages show people's addresses: only those core.mail allows see them."""

    def dispatch(self, request, *args, **kwargs):
        if not mail.can_manage_failed_email(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FailedEmailView(StaffOnly, WagtailAdminTemplateMixin, View):
    template_name = "core/admin/failed_email.html"
    page_title = gettext_lazy("Failed e-mail")
    header_icon = "mail"

    def get(self, request):
        failed = [mail.describe(result) for result in mail.failed_emails()]
        return self.render_to_response(self.get_context_data(failed=failed))


class SendAgainView(StaffOnly, View):
    http_method_names = ["post"]

    def post(self, request, result_id):
        if mail.send_again(result_id):
            messages.success(request, _("The message is in the queue again."))
        else:
            messages.warning(request, _("That message is no longer in the list."))
        return redirect(FAILED_EMAIL_URL_NAME)
