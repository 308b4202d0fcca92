"""The "Yhdistysrekisteri" listing in the Wagtail admin: the register for staff.

A wagtail-modeladmin listing like the moderation queues: filters, search, paging, CSV
and XLSX of the filtered list. Records are created and edited through
associations.admin_forms (whose save goes through associations.register, so each edit is
in the history); the history view reads it field by field. Records are never deleted
here: their history would go with them, and the directory leaves one out with
"shown in the directory".
"""

from django import forms
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import CreateView, EditView, IndexView, InstanceSpecificView

from associations.admin_forms import AssociationAdminForm
from associations.exports import export_register, register_queryset
from associations.history import changes_of, field_changes
from associations.models import Association, ChangeSource, FieldOfActivity
from core.moderation_admin import FinnishFilterTemplate, YesNoFilter, admin_display
from core.municipalities import can_administer_record, register_staff_scope
from core.municipality_admin import MunicipalityPermissionHelper, StaffRecordsAdmin

FLAG_LABEL = _("Unconfirmed for over 12 months")


class FieldOfActivityFilter(FinnishFilterTemplate, SimpleListFilter):
    title = _("field of activity")
    parameter_name = "field"

    def lookups(self, request, model_admin):
        return [(field.slug, str(field)) for field in FieldOfActivity.objects.all()]

    def queryset(self, request, queryset):
        if self.value() in FieldOfActivity.Kind.values:
            return queryset.filter(fields_of_activity=self.value())
        return queryset


class NeedsConfirmationFilter(FinnishFilterTemplate, SimpleListFilter):
    title = FLAG_LABEL
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(needs_confirmation=True)
        if self.value() == "no":
            return queryset.filter(needs_confirmation=False)
        return queryset


class RegisterPermissionHelper(MunicipalityPermissionHelper):
    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False  # the history stays; see the module's docstring


class RegisterButtonHelper(ButtonHelper):
    def history_button(self, obj, classnames_add=None):
        return {
            "url": self.url_helper.get_action_url("history", obj.pk),
            "label": gettext("Change history"),
            "classname": self.finalise_classname(["button-secondary", *(classnames_add or [])]),
            "title": gettext("Change history of %(association)s") % {"association": obj},
        }

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, **kwargs):
        buttons = super().get_buttons_for_obj(
            obj, exclude=exclude, classnames_add=classnames_add, **kwargs
        )
        return [*buttons, self.history_button(obj, classnames_add)]


class RegisterIndexView(IndexView):
    def as_spreadsheet(self, queryset, spreadsheet_format):
        # The list as it is filtered and searched, every page of it.
        return export_register(queryset, spreadsheet_format, user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop(self.PAGE_VAR, None)
        downloads = []
        for file_format, label in (
            ("csv", gettext("Download CSV")),
            ("xlsx", gettext("Download XLSX")),
        ):
            query[self.EXPORT_VAR] = file_format
            downloads.append((label, "?" + query.urlencode()))
        context["downloads"] = downloads
        return context


class SavedThroughRegisterMixin:
    """The form's save goes through associations.register; if another save took the same
    name or identifier between the form's check and this save, say so rather than fail."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (IntegrityError, ValidationError):
            form.add_error(None, RACE_MESSAGE)
            return self.form_invalid(form)


RACE_MESSAGE = _(
    "Someone saved an association with the same name or identifier in this municipality "
    "a moment ago. Check the details and save again."
)


class RegisterCreateView(SavedThroughRegisterMixin, CreateView):
    pass


class RegisterEditView(SavedThroughRegisterMixin, EditView):
    pass


# Who made a change that has no account behind it, by how it was made.
WITHOUT_ACCOUNT = {
    ChangeSource.CONFIRMATION: _("The contact person, by the e-mailed link"),
    ChangeSource.SIGN_UP: _("Copied from the sign-up list"),
}


def changed_by_label(change):
    if change.changed_by_id:
        return str(change.changed_by)
    return str(WITHOUT_ACCOUNT.get(change.source, _("Deleted user")))


class HistoryView(WagtailAdminTemplateMixin, InstanceSpecificView):
    """Every change to one record, newest first, field by field."""

    template_name = "associations/admin/history.html"
    header_icon = "history"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_list(user) and can_administer_record(
            user, self.instance
        )

    def get_page_title(self):
        return gettext("Change history")

    def get_page_subtitle(self):
        return str(self.instance)

    def get_header_title(self):
        return f"{self.get_page_title()}: {self.instance}"

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {"url": self.url_helper.index_url, "label": gettext("Association register")},
        ]
        if self.permission_helper.user_can_edit_obj(self.request.user, self.instance):
            items.append(
                {
                    "url": self.url_helper.get_action_url("edit", self.instance.pk),
                    "label": str(self.instance),
                }
            )
        return [*items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        entries = [
            {
                "who": changed_by_label(change),
                "when": formats.date_format(
                    timezone.localtime(change.changed_at), "DATETIME_FORMAT"
                ),
                "how": change.get_source_display(),
                "fields": field_changes(change),
            }
            for change in changes_of(self.instance)
        ]
        return super().get_context_data(entries=entries, **kwargs)


register_staff_scope(Association, site_field="site")


class RegisterAdmin(StaffRecordsAdmin, ModelAdmin):
    model = Association
    menu_label = _("Association register")
    menu_icon = "list-ul"
    base_url_path = "associations/register"
    permission_helper_class = RegisterPermissionHelper
    button_helper_class = RegisterButtonHelper
    index_view_class = RegisterIndexView
    create_view_class = RegisterCreateView
    edit_view_class = RegisterEditView
    history_view_class = HistoryView
    index_template_name = "associations/admin/register_index.html"
    list_per_page = 50
    list_display = [
        "name",
        "municipality",
        "fields_display",
        "confirmed_display",
        "flag_display",
    ]
    list_filter = [
        FieldOfActivityFilter,
        NeedsConfirmationFilter,
        ("is_listed", YesNoFilter),
    ]
    search_fields = ["name", "registry_number", "business_id"]
    ordering = ["name", "pk"]
    edit_handler = ObjectList(
        [
            FieldPanel("site"),
            FieldPanel("name"),
            FieldPanel("fields_of_activity", widget=forms.CheckboxSelectMultiple),
            MultiFieldPanel(
                [FieldPanel("registry_number"), FieldPanel("business_id")],
                heading=_("Identifiers"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("website"),
                    FieldPanel("email"),
                    FieldPanel("phone"),
                    FieldPanel("description"),
                ],
                heading=_("The association's own channels"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("contact_name"),
                    FieldPanel("contact_role"),
                    FieldPanel("contact_phone"),
                    FieldPanel("contact_email"),
                ],
                heading=capfirst(_("contact person")),
            ),
            MultiFieldPanel(
                [FieldPanel("published_fields"), FieldPanel("is_listed")],
                heading=_("The public directory"),
            ),
            FieldPanel("confirm"),
        ],
        base_form_class=AssociationAdminForm,
    )

    def get_queryset(self, request):
        return register_queryset(super().get_queryset(request)).with_confirmation_flag()

    @admin_display(_("municipality"), order_field="site__site_name")
    def municipality(self, obj):
        return obj.site.site_name or obj.site.hostname

    @admin_display(_("fields of activity"))
    def fields_display(self, obj):
        return ", ".join(str(field) for field in obj.fields_of_activity.all())

    @admin_display(_("details last confirmed"), order_field="confirmed_at")
    def confirmed_display(self, obj):
        if obj.confirmed_at is None:
            return gettext("Not yet confirmed")
        return formats.date_format(timezone.localtime(obj.confirmed_at), "SHORT_DATE_FORMAT")

    @admin_display(FLAG_LABEL, order_field="needs_confirmation")
    def flag_display(self, obj):
        if not obj.needs_confirmation:
            return ""
        # Text beside the icon: the flag never rests on colour or a symbol alone.
        return format_html(
            '<span class="w-status w-status--label">'
            '<svg class="icon icon-warning" aria-hidden="true">'
            '<use href="#icon-warning"></use></svg> {}</span>',
            FLAG_LABEL,
        )
