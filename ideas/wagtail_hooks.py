"""The "Moderation" menu in the Wagtail admin: queues, one-item pages, bulk actions, export.

The idea queues are wagtail-modeladmin listings (filters, search, paging); the comment
queues are core.comment_queues', where idea comments are registered as a source beside
the guideline's. No queue edits a record itself. Approve, hide, status, answer and
duplicate go through the views in ideas.admin_views, which call core.moderation and
ideas.services.
"""

from django.contrib.admin import SimpleListFilter
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import register_admin_url_finder
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail_modeladmin.options import ModelAdminGroup

from core import comment_queues
from core.comment_queues import CommentSource, PlaceFilter, register_comment_source
from core.moderation_admin import (
    MODERATE_URL_NAMES,
    ChoicesFilter,
    FinnishFilterTemplate,
    ModerationQueueAdmin,
    ModerationURLFinder,
    PostedFilter,
    ReportCountsMixin,
    YesNoFilter,
    admin_display,
)
from core.municipalities import register_staff_scope, staff_records
from ideas import admin_views, services
from ideas.models import Idea, IdeaComment, IdeaStatus, IdeaWallPage


def wall_choices(user):
    """The walls of the municipalities `user` works for, to filter a queue by."""
    walls = staff_records(IdeaWallPage.objects.order_by("title"), user)
    return [(str(pk), title) for pk, title in walls.values_list("pk", "title")]


class WallFilter(FinnishFilterTemplate, SimpleListFilter):
    """Filter by idea wall (Django's related-field filter needs django.contrib.admin)."""

    title = _("idea wall")
    parameter_name = "wall"
    wall_field = "wall"

    def lookups(self, request, model_admin):
        return wall_choices(request.user)

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(**{f"{self.wall_field}_id": value})
        return queryset


class IdeaQueueMixin:
    model = Idea
    bulk_kind = "idea"
    list_select_related = ["wall", "author"]
    search_fields = ["title", "body"]

    @admin_display(_("Title"), order_field="title")
    def idea_title(self, obj):
        return obj.title


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
    export_label = _("Export ideas")
    empty_message = _("No ideas have been posted yet.")

    def export_url(self, request):
        if admin_views.can_export(request.user):
            return reverse("ideas_moderation_export")
        return None


register_staff_scope(Idea, page_field="wall")
register_staff_scope(IdeaComment, page_field="idea__wall")
MODERATE_URL_NAMES.update(
    {
        Idea: "ideas_moderation_idea",
        IdeaComment: "ideas_moderation_comment",
    }
)
register_comment_source(
    CommentSource(
        key="ideas",
        label=_("Idea wall"),
        model=IdeaComment,
        select_related=("idea__wall",),
        subject=lambda comment: f"{comment.idea.title} ({comment.idea.wall.title})",
        place_filter=PlaceFilter("wall", _("idea wall"), "idea__wall_id", wall_choices),
    )
)


class ExportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_export(request.user)


class ModerationGroup(ModelAdminGroup):
    menu_label = _("Moderation")
    menu_icon = "warning"
    menu_order = 210
    items = (IdeasWaitingAdmin, ReportedIdeasAdmin, AllIdeasAdmin)

    def get_submenu_items(self):
        waiting_ideas, reported_ideas, all_ideas = super().get_submenu_items()
        # The comment queues are core's: every app's comments, the guideline's too.
        waiting_comments, reported_comments = comment_queues.menu_items()
        export = ExportMenuItem(
            _("Export ideas"), reverse("ideas_moderation_export"), icon_name="download"
        )
        items = [
            waiting_ideas,
            waiting_comments,
            reported_ideas,
            reported_comments,
            all_ideas,
            export,
        ]
        for order, item in enumerate(items, start=1):
            item.order = order
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
                "ideas/moderation/export/",
                admin_views.ExportView.as_view(),
                name="ideas_moderation_export",
            ),
        )

    def register_admin_url_finders(self):
        register_admin_url_finder(Idea, ModerationURLFinder)
        register_admin_url_finder(IdeaComment, ModerationURLFinder)


# Registered by home.wagtail_hooks, with the other apps' queues beside these.


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
