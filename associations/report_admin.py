"""The "Yhdistysilmoitukset" queue in the Wagtail admin: staff review associations' reports.

A wagtail-modeladmin listing like the moderation queues (pending first; unconfirmed ones
are listed but cannot be decided until the reporter confirms). Each pending report opens
a review page: an existing association's report as a field-by-field diff against the
current record (a word diff for the description, core.diff), a new one's values as a
table; accept, accept with edits, or reject with a reason. The rules are
associations.reports'; who may review is can_review_association_reports.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin

from associations import reports
from associations.forms import AssociationDetailsForm, RejectForm
from associations.models import (
    PUBLISHABLE_FIELDS,
    RECORD_FIELDS,
    Association,
    AssociationReport,
    FieldOfActivity,
    ReportState,
)
from core import diff
from core.errors import Refused
from core.forms import add_service_errors
from core.moderation_admin import (
    ChoicesFilter,
    ListOnlyPermissionHelper,
    admin_display,
    listing_url,
)
from core.municipalities import register_staff_scope, staff_records
from core.phone import format_phone

LIST_URL_NAME = "associations_reports_modeladmin_index"
REVIEW_URL_NAME = "associations_report_review"
EDIT_URL_NAME = "associations_report_accept_with_edits"


class ReportPermissionHelper(ListOnlyPermissionHelper):
    def user_can_list(self, user):
        return reports.can_review_association_reports(user)


class ReportButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, **kwargs):
        if obj.state != ReportState.PENDING:
            return []  # unconfirmed: the reporter has not confirmed; decided: nothing to do
        return [
            {
                "url": reverse(REVIEW_URL_NAME, args=[obj.pk]),
                "label": gettext("Review"),
                "classname": self.finalise_classname(["button-secondary", "button-small"]),
                "title": gettext("Review the report “%(report)s”") % {"report": obj},
            }
        ]


register_staff_scope(AssociationReport, site_field="site")


class AssociationReportAdmin(ModelAdmin):
    model = AssociationReport
    menu_label = _("Association reports")
    menu_icon = "form"
    menu_order = 230
    base_url_path = "associations/reports"
    permission_helper_class = ReportPermissionHelper
    button_helper_class = ReportButtonHelper
    list_per_page = 50
    history_view_enabled = False
    list_select_related = ["association"]
    list_display = ["name_display", "kind_display", "state_display", "submitter_name", "created_at"]
    list_display_add_buttons = "name_display"
    list_filter = [("state", ChoicesFilter)]
    search_fields = ["submitter_name", "submitter_email", "association__name"]

    def get_queryset(self, request):
        # Waiting for review first, then waiting for the e-mail, then decided; newest first.
        order = Case(
            When(state=ReportState.PENDING, then=Value(0)),
            When(state=ReportState.UNCONFIRMED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        # Not super(): its ordering by the annotation would come before the annotation.
        return (
            staff_records(AssociationReport.objects.select_related("association"), request.user)
            .annotate(queue_order=order)
            .order_by(*self.get_ordering(request))
        )

    def get_ordering(self, request):
        return ["queue_order", "-created_at", "-pk"]

    def get_admin_urls_for_registration(self):
        # The listing and the review pages; reports change only through the services.
        return (
            listing_url(self),
            path("associations/reports/<int:pk>/", ReviewView.as_view(), name=REVIEW_URL_NAME),
            path(
                "associations/reports/<int:pk>/edit/",
                AcceptWithEditsView.as_view(),
                name=EDIT_URL_NAME,
            ),
        )

    def register_admin_url_finders(self):
        pass

    @admin_display(_("association"))
    def name_display(self, obj):
        return str(obj)

    @admin_display(_("Kind"))
    def kind_display(self, obj):
        return gettext("New association") if obj.association_id is None else gettext("Update")

    @admin_display(_("state"), order_field="state")
    def state_display(self, obj):
        return obj.get_state_display()


# --- What a report proposes, as staff read it -------------------------------------------------


def _field_label(name):
    if name == "published_fields":
        return gettext("Published in the directory")
    return Association._meta.get_field(name).verbose_name


def _shown(name, value):
    """A stored value as staff read it: labels for choices, phones the Finnish way."""
    if name == "fields_of_activity":
        labels = dict(FieldOfActivity.Kind.choices)
        return ", ".join(str(labels.get(slug, slug)) for slug in value or [])
    if name == "published_fields":
        return ", ".join(str(_field_label(field)) for field in PUBLISHABLE_FIELDS if field in value)
    if name in ("phone", "contact_phone"):
        return format_phone(value)
    return value or ""


def _paragraphs(text):
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def report_rows(report):
    """Each proposed field: label, current value, proposed value, and whether it changes.

    The description comes with a word diff; a new association has no current values.
    """
    current = report.association.record_values() if report.association else {}
    rows = []
    for name in RECORD_FIELDS:
        if name not in report.data:
            continue
        before, after = current.get(name, ""), report.data[name]
        row = {
            "label": _field_label(name),
            "before": _shown(name, before),
            "after": _shown(name, after),
        }
        row["changed"] = row["before"] != row["after"]
        if name == "description" and report.association and row["changed"]:
            row["diff"] = diff.diff_paragraphs(_paragraphs(before), _paragraphs(after))
        rows.append(row)
    return rows


# --- The review pages ---------------------------------------------------------------------------


class ReportStaffView(WagtailAdminTemplateMixin, View):
    header_icon = "form"

    def dispatch(self, request, *args, pk, **kwargs):
        if not reports.can_review_association_reports(request.user):
            raise PermissionDenied
        listed = AssociationReport.objects.select_related("association", "site")
        self.report = get_object_or_404(staff_records(listed, request.user), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.report)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(LIST_URL_NAME), "label": gettext("Association reports")},
            {"url": "", "label": self.get_page_title()},
        ]

    def render(self, **context):
        context = self.get_context_data(report=self.report, **context)
        return self.render_to_response(context)

    def done(self, message):
        messages.success(self.request, message)
        return redirect(LIST_URL_NAME)

    def accept(self, edits=None):
        reports.accept_report(self.report, self.request.user, edits)
        return self.done(gettext("The report is accepted and the register updated."))


class ReviewView(ReportStaffView):
    template_name = "associations/admin/report_review.html"
    page_title = _("Review an association report")

    def get(self, request, *args, **kwargs):
        return self.render(reject_form=RejectForm())

    def post(self, request, *args, **kwargs):
        reject_form = RejectForm(request.POST if "reject" in request.POST else None)
        try:
            if "accept" in request.POST:
                try:
                    return self.accept()
                except ValidationError as error:
                    # The register refuses it as reported (a name another association has):
                    # staff can accept it with edits instead.
                    messages.error(request, " ".join(error.messages))
                    return self.render(reject_form=reject_form)
            if "reject" in request.POST and reject_form.is_valid():
                reports.reject_report(self.report, request.user, reject_form.cleaned_data["reason"])
                return self.done(gettext("The report is rejected; the reporter is told why."))
        except ValidationError as error:
            add_service_errors(reject_form, error)
        except Refused as error:
            messages.error(request, str(error.message))
        return self.render(reject_form=reject_form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "rows": report_rows(self.report),
                "pending": self.report.state == ReportState.PENDING,
                "edit_url": reverse(EDIT_URL_NAME, args=[self.report.pk]),
            }
        )
        return context


class AcceptWithEditsView(ReportStaffView):
    """The report's values in the record's form; what staff save is what the register gets."""

    template_name = "associations/admin/report_edit.html"
    page_title = _("Accept with edits")

    def initial(self):
        values = self.report.association.record_values() if self.report.association else {}
        values.update(self.report.data)
        return values

    def get(self, request, *args, **kwargs):
        return self.render(form=AssociationDetailsForm(initial=self.initial()))

    def post(self, request, *args, **kwargs):
        form = AssociationDetailsForm(request.POST, initial=self.initial())
        if form.is_valid():
            try:
                return self.accept(dict(form.cleaned_data))
            except ValidationError as error:
                add_service_errors(form, error)
            except Refused as error:
                messages.error(request, str(error.message))
        return self.render(form=form)
