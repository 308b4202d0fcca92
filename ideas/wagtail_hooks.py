"""The "Moderation" menu in the Wagtail admin: queues, one-item pages, bulk actions, export.

The queues are wagtail-modeladmin listings (filters, search, paging); they never edit a
record themselves. Approve, hide, status, answer and duplicate go through the views in
ideas.admin_views, which call core.moderation and ideas.services.
"""

import datetime

from django.contrib.admin import SimpleListFilter
from django.contrib.admin.filters import BooleanFieldListFilter, ChoicesFieldListFilter
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import register_admin_url_finder
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import IndexView

from core.models import Report, ReportReason
from ideas import admin_views, services
from ideas.models import Idea, IdeaComment, IdeaStatus, IdeaWallPage


def admin_display(description, order_field=None):
    """Column heading (and sort field) for a list_display method."""

    def decorate(method):
        method.short_description = description
        if order_field:
            method.admin_order_field = order_field
        return method

    return decorate


class ModerationPermissionHelper(PermissionHelper):
    """Queues are for moderators; records change only through the moderation pages."""

    def user_can_list(self, user):
        return admin_views.can_moderate(user, self.model)

    def user_can_create(self, user):
        return False

    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


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
                "bulk_url": reverse("ideas_moderation_bulk", args=[self.model_admin.bulk_kind]),
                "next_url": self.request.get_full_path(),
                "empty_message": self.model_admin.empty_message,
                "export_url": (
                    reverse("ideas_moderation_export")
                    if self.model_admin.offers_export and admin_views.can_export(self.request.user)
                    else None
                ),
            }
        )
        return context


class FinnishFilterTemplate:
    """Each filter under its own heading (modeladmin's "By …" reads badly in Finnish)."""

    template = "ideas/admin/filter.html"


class ChoicesFilter(FinnishFilterTemplate, ChoicesFieldListFilter):
    pass


class YesNoFilter(FinnishFilterTemplate, BooleanFieldListFilter):
    pass


class WallFilter(FinnishFilterTemplate, SimpleListFilter):
    """Filter by idea wall (Django's related-field filter needs django.contrib.admin)."""

    title = _("idea wall")
    parameter_name = "wall"
    wall_field = "wall"

    def lookups(self, request, model_admin):
        return [
            (str(pk), title)
            for pk, title in IdeaWallPage.objects.order_by("title").values_list("pk", "title")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(**{f"{self.wall_field}_id": value})
        return queryset


class CommentWallFilter(WallFilter):
    wall_field = "idea__wall"


class PostedFilter(FinnishFilterTemplate, SimpleListFilter):
    title = _("posted")
    parameter_name = "posted"
    DAYS = {"today": 0, "week": 6, "month": 29, "year": 364}

    def lookups(self, request, model_admin):
        return [
            ("today", _("Today")),
            ("week", _("Past 7 days")),
            ("month", _("Past 30 days")),
            ("year", _("Past 12 months")),
        ]

    def queryset(self, request, queryset):
        days = self.DAYS.get(self.value())
        if days is None:
            return queryset
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        return queryset.filter(created_at__gte=today - datetime.timedelta(days=days))


def _open_report_count(model, reason=None):
    reports = Report.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("pk"),
        resolved_at=None,
    )
    if reason:
        reports = reports.filter(reason=reason)
    counted = reports.order_by().values("object_id").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class ModerationQueueAdmin(ModelAdmin):
    """What every queue shares: the moderator's permission, tick boxes, a link to moderate."""

    permission_helper_class = ModerationPermissionHelper
    button_helper_class = ModerationButtonHelper
    index_view_class = QueueIndexView
    index_template_name = "ideas/admin/queue_index.html"
    list_per_page = 50
    history_view_enabled = False
    bulk_kind = "idea"
    offers_export = False
    quick_approve = True
    empty_message = _("Nothing is waiting here.")

    def get_admin_urls_for_registration(self):
        # Only the listing: no generic add, edit or delete forms for what visitors write.
        return (
            re_path(
                self.url_helper.get_action_url_pattern("index"),
                self.index_view,
                name=self.url_helper.get_action_url_name("index"),
            ),
        )

    def register_admin_url_finders(self):
        # The moderation pages are the "edit" pages of ideas and comments; see below.
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
        return admin_views.state_label(obj)

    @admin_display(_("Writer"))
    def writer(self, obj):
        author = obj.author
        if author is None:
            return gettext("Deleted user")
        association = getattr(obj, "association_name", None) or author.association_label
        if association:
            return f"{author.public_name} ({association})"
        return str(author.public_name)


class IdeaQueueMixin:
    model = Idea
    bulk_kind = "idea"
    list_select_related = ["wall", "author", "author__association"]
    search_fields = ["title", "body"]

    @admin_display(_("Title"), order_field="title")
    def idea_title(self, obj):
        return obj.title


class CommentQueueMixin:
    model = IdeaComment
    bulk_kind = "comment"
    list_select_related = ["idea", "idea__wall", "author", "author__association"]
    search_fields = ["body"]

    @admin_display(_("Comment"))
    def excerpt(self, obj):
        return Truncator(obj.body).chars(120)

    @admin_display(_("Idea"))
    def idea_title(self, obj):
        return obj.idea.title

    @admin_display(_("Idea wall"))
    def wall(self, obj):
        return obj.idea.wall.title


class ReportCountsMixin:
    def get_queryset(self, request):
        return (
            self.model._default_manager.annotate(
                open_report_count=_open_report_count(self.model),
                **{
                    f"reports_{reason}": _open_report_count(self.model, reason)
                    for reason in ReportReason.values
                },
            )
            .filter(open_report_count__gt=0)
            .order_by(*self.get_ordering(request))
        )

    @admin_display(_("Reports"), order_field="open_report_count")
    def report_count(self, obj):
        return obj.open_report_count

    @admin_display(_("Reasons"))
    def report_reasons(self, obj):
        return ", ".join(
            f"{label} {getattr(obj, f'reports_{reason}')}"
            for reason, label in ReportReason.choices
            if getattr(obj, f"reports_{reason}")
        )


class IdeasWaitingAdmin(IdeaQueueMixin, ModerationQueueAdmin):
    menu_label = _("Ideas waiting for moderation")
    menu_icon = "pick"
    base_url_path = "ideas/moderation/waiting-ideas"
    list_display = ["idea_title", "wall", "writer", "created_at", "state_display"]
    list_filter = [WallFilter, ("held_by_reports", YesNoFilter), PostedFilter]
    ordering = ["created_at"]
    empty_message = _("No ideas are waiting for moderation.")

    def get_queryset(self, request):
        return super().get_queryset(request).awaiting_moderator().filter(withdrawn_at=None)


class CommentsWaitingAdmin(CommentQueueMixin, ModerationQueueAdmin):
    menu_label = _("Comments waiting for moderation")
    menu_icon = "comment"
    base_url_path = "ideas/moderation/waiting-comments"
    list_display = ["excerpt", "idea_title", "wall", "writer", "created_at", "state_display"]
    list_filter = [CommentWallFilter, ("held_by_reports", YesNoFilter), PostedFilter]
    ordering = ["created_at"]
    empty_message = _("No comments are waiting for moderation.")

    def get_queryset(self, request):
        return super().get_queryset(request).awaiting_moderator()


class ReportedIdeasAdmin(ReportCountsMixin, IdeaQueueMixin, ModerationQueueAdmin):
    menu_label = _("Reported ideas")
    menu_icon = "warning"
    base_url_path = "ideas/moderation/reported-ideas"
    list_display = ["idea_title", "wall", "report_count", "report_reasons", "state_display"]
    list_filter = [
        WallFilter,
        ("state", ChoicesFilter),
        ("held_by_reports", YesNoFilter),
        PostedFilter,
    ]
    ordering = ["-open_report_count", "created_at"]
    empty_message = _("No ideas have open reports.")


class ReportedCommentsAdmin(ReportCountsMixin, CommentQueueMixin, ModerationQueueAdmin):
    menu_label = _("Reported comments")
    menu_icon = "warning"
    base_url_path = "ideas/moderation/reported-comments"
    list_display = ["excerpt", "idea_title", "report_count", "report_reasons", "state_display"]
    list_filter = [
        CommentWallFilter,
        ("state", ChoicesFilter),
        ("held_by_reports", YesNoFilter),
        PostedFilter,
    ]
    ordering = ["-open_report_count", "created_at"]
    empty_message = _("No comments have open reports.")


class AllIdeasAdmin(IdeaQueueMixin, ModerationQueueAdmin):
    menu_label = _("All ideas")
    menu_icon = "list-ul"
    base_url_path = "ideas/moderation/ideas"
    list_display = [
        "idea_title",
        "wall",
        "status",
        "state_display",
        "vote_count",
        "comment_count",
        "created_at",
    ]
    list_filter = [
        WallFilter,
        ("status", ChoicesFilter),
        ("state", ChoicesFilter),
        ("held_by_reports", YesNoFilter),
        PostedFilter,
    ]
    quick_approve = False
    offers_export = True
    empty_message = _("No ideas have been posted yet.")


MODERATE_URL_NAMES = {
    Idea: "ideas_moderation_idea",
    IdeaComment: "ideas_moderation_comment",
}


class ModerationURLFinder:
    """Links to an idea or comment from elsewhere in the admin (e.g. the site history)."""

    def __init__(self, user=None):
        self.user = user

    def get_edit_url(self, instance):
        if self.user is None or admin_views.can_moderate(self.user, type(instance)):
            return reverse(MODERATE_URL_NAMES[type(instance)], args=[instance.pk])
        return None


class ExportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_export(request.user)


class ModerationGroup(ModelAdminGroup):
    menu_label = _("Moderation")
    menu_icon = "warning"
    menu_order = 210
    items = (
        IdeasWaitingAdmin,
        CommentsWaitingAdmin,
        ReportedIdeasAdmin,
        ReportedCommentsAdmin,
        AllIdeasAdmin,
    )

    def get_submenu_items(self):
        items = super().get_submenu_items()
        items.append(
            ExportMenuItem(
                _("Export ideas"),
                reverse("ideas_moderation_export"),
                icon_name="download",
                order=len(items) + 1,
            )
        )
        return items

    def get_admin_urls_for_registration(self):
        action = "<int:pk>/<slug:action>/"
        return (
            *super().get_admin_urls_for_registration(),
            path(
                "ideas/moderation/idea/<int:pk>/",
                admin_views.ModerateIdeaView.as_view(),
                name="ideas_moderation_idea",
            ),
            path(
                f"ideas/moderation/idea/{action}",
                admin_views.ModerateIdeaView.as_view(),
                name="ideas_moderation_idea_action",
            ),
            path(
                "ideas/moderation/comment/<int:pk>/",
                admin_views.ModerateCommentView.as_view(),
                name="ideas_moderation_comment",
            ),
            path(
                f"ideas/moderation/comment/{action}",
                admin_views.ModerateCommentView.as_view(),
                name="ideas_moderation_comment_action",
            ),
            path(
                "ideas/moderation/<slug:kind>/bulk/",
                admin_views.BulkModerationView.as_view(),
                name="ideas_moderation_bulk",
            ),
            path(
                "ideas/moderation/export/",
                admin_views.ExportView.as_view(),
                name="ideas_moderation_export",
            ),
        )

    def register_admin_url_finders(self):
        register_admin_url_finder(Idea, ModerationURLFinder)
        register_admin_url_finder(IdeaComment, ModerationURLFinder)


modeladmin_register(ModerationGroup)


@hooks.register("register_log_actions")
def register_idea_log_actions(actions):
    @actions.register_action(services.STATUS_ACTION)
    class StatusFormatter(LogFormatter):
        label = _("Set idea status or answer")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            status = data.get("status")
            label = IdeaStatus(status).label if status in IdeaStatus.values else status
            if data.get("status_changed", True) and data.get("answer_changed"):
                message = gettext("Status set to “%(status)s” and the answer changed")
            elif data.get("status_changed", True):
                message = gettext("Status set to “%(status)s”")
            else:
                message = gettext("Answer changed (status “%(status)s”)")
            return message % {"status": label}

    @actions.register_action(services.DUPLICATE_ACTION)
    class DuplicateFormatter(LogFormatter):
        label = _("Mark idea a duplicate")

        def format_message(self, log_entry):
            original = (log_entry.data or {}).get("original")
            return gettext("Marked a duplicate of idea #%(number)s") % {"number": original}
