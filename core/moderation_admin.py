"""The moderators' queues in the Wagtail admin, for everything visitors write.

The queues of one model (the idea wall's ideas) are wagtail-modeladmin listings (filters,
search, paging); the comment queues, which list every app's comments together, are
core.comment_queues' views and share the columns' helpers below. No queue edits a
record itself. Approve and hide go through the moderation pages (core.admin_views
ModerateItemView and its subclasses in each app), which call core.moderation. Each app
registers its kinds of text: MODERATE_URL_NAMES (the moderation page of one record) and
BULK_MODELS (core.admin_views, the tick-box decisions).
"""

import datetime

from django.contrib.admin import SimpleListFilter
from django.contrib.admin.filters import BooleanFieldListFilter, ChoicesFieldListFilter
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from core.admin_views import BULK_URL_NAME, can_moderate, state_label, writer_label
from core.models import Report, ReportReason
from core.municipalities import staff_records
from core.municipality_admin import StaffRecordsAdmin

# model -> the URL name of its moderation page ("<name>_action" takes an action too).
MODERATE_URL_NAMES = {}


def admin_display(description, order_field=None):
    """Column heading (and sort field) for a list_display method."""

    def decorate(method):
        method.short_description = description
        if order_field:
            method.admin_order_field = order_field
        return method

    return decorate


class ListOnlyPermissionHelper(PermissionHelper):
    """A listing of records that change only through their own pages, never its forms."""

    def user_can_create(self, user):
        return False

    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class ModerationPermissionHelper(ListOnlyPermissionHelper):
    """Queues are for moderators; records change only through the moderation pages."""

    def user_can_list(self, user):
        return can_moderate(user, self.model)


class ModerationButtonHelper(ButtonHelper):
    def moderate_button(self, obj, classnames_add=None):
        url_name = MODERATE_URL_NAMES[type(obj)]
        query = urlencode({"next": self.request.get_full_path()})
        return {
            "url": f"{reverse(url_name, args=[obj.pk])}?{query}",
            "label": gettext("Moderate"),
            "classname": self.finalise_classname(["button-secondary", *(classnames_add or [])]),
            "title": gettext("Moderate “%(item)s”") % {"item": obj},
        }

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, **kwargs):
        return [self.moderate_button(obj, classnames_add)]

    def get_primary_button(self, obj):
        return self.moderate_button(obj)


class QueueIndexView(IndexView):
    def get_page_title(self):
        return self.model_admin.get_menu_label()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "bulk_url": reverse(BULK_URL_NAME, args=[self.model_admin.bulk_kind]),
                "next_url": self.request.get_full_path(),
                "empty_message": self.model_admin.empty_message,
                "export_url": self.model_admin.export_url(self.request),
                "export_label": self.model_admin.export_label,
            }
        )
        return context


class FinnishFilterTemplate:
    """Each filter under its own heading (modeladmin's "By …" reads badly in Finnish)."""

    template = "core/admin/moderation/filter.html"


class ChoicesFilter(FinnishFilterTemplate, ChoicesFieldListFilter):
    pass


class YesNoFilter(FinnishFilterTemplate, BooleanFieldListFilter):
    pass


# The "posted" filter: how many days back from the start of today.
POSTED_DAYS = {"today": 0, "week": 6, "month": 29, "year": 364}
POSTED_CHOICES = [
    ("today", _("Today")),
    ("week", _("Past 7 days")),
    ("month", _("Past 30 days")),
    ("year", _("Past 12 months")),
]


def posted_since(value):
    """The earliest creation time the "posted" filter's value keeps, or None for all."""
    days = POSTED_DAYS.get(value)
    if days is None:
        return None
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return today - datetime.timedelta(days=days)


class PostedFilter(FinnishFilterTemplate, SimpleListFilter):
    title = _("posted")
    parameter_name = "posted"

    def lookups(self, request, model_admin):
        return POSTED_CHOICES

    def queryset(self, request, queryset):
        since = posted_since(self.value())
        if since is None:
            return queryset
        return queryset.filter(created_at__gte=since)


def report_reasons(item):
    """The open reports by reason, from the queryset's reports_<reason> annotations."""
    return ", ".join(
        f"{label} {getattr(item, f'reports_{reason}')}"
        for reason, label in ReportReason.choices
        if getattr(item, f"reports_{reason}")
    )


def open_report_count(model, reason=None):
    reports = Report.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("pk"),
        resolved_at=None,
    )
    if reason:
        reports = reports.filter(reason=reason)
    counted = reports.order_by().values("object_id").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def listing_url(model_admin):
    """The one address of a modeladmin whose records change only through their own pages."""
    return re_path(
        model_admin.url_helper.get_action_url_pattern("index"),
        model_admin.index_view,
        name=model_admin.url_helper.get_action_url_name("index"),
    )


class ModerationQueueAdmin(StaffRecordsAdmin, ModelAdmin):
    """What every queue shares: the moderator's permission, tick boxes, a link to moderate."""

    permission_helper_class = ModerationPermissionHelper
    button_helper_class = ModerationButtonHelper
    index_view_class = QueueIndexView
    index_template_name = "core/admin/moderation/queue_index.html"
    list_per_page = 50
    history_view_enabled = False
    bulk_kind = "idea"
    export_label = ""
    quick_approve = True
    empty_message = _("Nothing is waiting here.")

    def export_url(self, request):
        """Where this queue's records can be downloaded, if anywhere (see ideas)."""
        return

    def get_admin_urls_for_registration(self):
        # Only the listing: no generic add, edit or delete forms for what visitors write.
        return (listing_url(self),)

    def register_admin_url_finders(self):
        # The moderation pages are the "edit" pages of what visitors write (ModerationURLFinder).
        pass

    def get_list_display(self, request):
        columns = list(self.list_display)
        if self.quick_approve:
            columns.append("approve_button")
        return ["select", *columns]

    def get_list_display_add_buttons(self, request):
        return self.list_display[0]

    @admin_display(_("Select"))
    def select(self, obj):
        return format_html(
            '<input type="checkbox" name="items" value="{}" aria-label="{}">',
            obj.pk,
            gettext("Select “%(item)s”") % {"item": Truncator(str(obj)).chars(80)},
        )

    @admin_display(_("Quick action"))
    def approve_button(self, obj):
        url_name = MODERATE_URL_NAMES[type(obj)] + "_action"
        return format_html(
            '<button type="submit" class="button button-small button-secondary" '
            'formaction="{}">{}<span class="w-sr-only">: {}</span></button>',
            reverse(url_name, args=[obj.pk, "approve"]),
            gettext("Approve"),
            Truncator(str(obj)).chars(80),
        )

    @admin_display(_("Moderation state"))
    def state_display(self, obj):
        return state_label(obj)

    @admin_display(_("Writer"))
    def writer(self, obj):
        return writer_label(obj)


def with_report_counts(queryset):
    """The open reports of each text, in all and by reason (for report_reasons)."""
    model = queryset.model
    return queryset.annotate(
        open_report_count=open_report_count(model),
        **{f"reports_{reason}": open_report_count(model, reason) for reason in ReportReason.values},
    )


class ReportCountsMixin:
    def get_queryset(self, request):
        return (
            with_report_counts(staff_records(self.model._default_manager.all(), request.user))
            .filter(open_report_count__gt=0)
            .order_by(*self.get_ordering(request))
        )

    # "Reports" alone is Wagtail's Reports menu (raportit); these are visitors' reports.
    @admin_display(pgettext_lazy("moderation", "Reports"), order_field="open_report_count")
    def report_count(self, obj):
        return obj.open_report_count

    @admin_display(_("Reasons"))
    def report_reasons(self, obj):
        return report_reasons(obj)


class ModerationURLFinder:
    """Links to an idea or comment from elsewhere in the admin (e.g. the site history)."""

    def __init__(self, user=None):
        self.user = user

    def get_edit_url(self, instance):
        if self.user is None or can_moderate(self.user, type(instance)):
            return reverse(MODERATE_URL_NAMES[type(instance)], args=[instance.pk])
        return None
