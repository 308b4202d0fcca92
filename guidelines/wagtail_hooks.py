"""Comment periods, and the moderators' queues of guideline comments, in the admin.

The queues are core.moderation_admin's, as the idea wall's; home.wagtail_hooks puts them
in the one "Moderation" menu beside the idea wall's, each queue named by its source.

A period is not page content, so it is not edited in the page editor: a SnippetViewSet
gives staff its own listing, add/edit form with the model's validation, Wagtail's
permissions per action and its history in the audit log, and changing a period never
needs the page published again. (wagtail-modeladmin, used for the moderation queues,
is kept for listings whose records change only through the moderators' own pages.)
"""

from django import forms
from django.contrib.admin import SimpleListFilter
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import register_admin_url_finder
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
from guidelines import admin_views, comments, periods, proposals
from guidelines.models import CommentPeriod, GuidelineComment, GuidelinePage


class CommentPeriodForm(WagtailAdminModelForm):
    conclude = forms.BooleanField(
        label=_("Publish the response and conclude the period"),
        required=False,
        help_text=_("Possible once the period has closed. The guideline page shows the response."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.concluded_at is not None:
            self.fields["conclude"].disabled = True
            self.fields["conclude"].initial = True

    def _post_clean(self):
        # After the model form has put the new dates and response on the instance, so the
        # rule judges the period as it is about to be saved.
        super()._post_clean()
        if self.cleaned_data.get("conclude") and self.instance.concluded_at is None:
            refusal = periods.conclude_refusal(self.instance)
            if refusal:
                self.add_error("conclude", refusal)

    def save(self, commit=True):
        period = super().save(commit=commit)
        if commit and self.cleaned_data.get("conclude") and period.concluded_at is None:
            periods.conclude(period, self.for_user)
        return period


class ExportColumn(Column):
    """Links to the period's comments and answers as CSV and XLSX."""

    def get_value(self, instance):
        return format_html(
            '<a href="{}">CSV</a> · <a href="{}">XLSX</a>',
            reverse("guidelines_period_export", args=[instance.pk, "csv"]),
            reverse("guidelines_period_export", args=[instance.pk, "xlsx"]),
        )


class CommentPeriodViewSet(SnippetViewSet):
    model = CommentPeriod
    icon = "date"
    menu_label = _("Comment periods")
    menu_order = 220
    add_to_admin_menu = True
    list_display = [
        "__str__",
        "starts_at",
        "ends_at",
        "response_due",
        "concluded_at",
        ExportColumn("export", label=_("Comments and answers")),
    ]
    list_filter = ["guideline"]
    edit_handler = ObjectList(
        [
            # A plain list: a site has one or a few guidelines, no need for the page chooser.
            FieldPanel("guideline", widget=forms.Select),
            MultiFieldPanel(
                [FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("response_due")],
                heading=_("Dates"),
            ),
            FieldPanel("intro"),
            MultiFieldPanel(
                [FieldPanel("response"), FieldPanel("conclude")],
                heading=_("The municipality's response"),
            ),
        ],
        base_form_class=CommentPeriodForm,
    )


register_snippet(CommentPeriodViewSet)


@hooks.register("register_log_actions")
def register_period_log_actions(actions):
    actions.register_action(
        periods.CONCLUDE_ACTION, _("Conclude comment period"), _("Response published")
    )
    actions.register_action(
        comments.ANSWER_ACTION, _("Answer guideline comment"), _("Answered the comment")
    )
    actions.register_action(
        proposals.ACCEPT_ACTION, _("Accept suggested edit"), _("Accepted the suggested edit")
    )
    actions.register_action(
        proposals.DECLINE_ACTION, _("Decline suggested edit"), _("Declined the suggested edit")
    )


class GuidelineFilter(FinnishFilterTemplate, SimpleListFilter):
    title = _("guideline")
    parameter_name = "guideline"

    def lookups(self, request, model_admin):
        pages = GuidelinePage.objects.order_by("title").values_list("pk", "title")
        return [(str(pk), title) for pk, title in pages]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(period__guideline__id=value)
        return queryset


class GuidelineCommentQueueMixin:
    model = GuidelineComment
    bulk_kind = "guideline_comment"
    list_select_related = ["period__guideline", "author", "author__association"]
    search_fields = ["body"]

    @admin_display(_("Comment"))
    def excerpt(self, obj):
        return Truncator(obj.body).chars(120)

    @admin_display(_("Guideline"))
    def guideline(self, obj):
        return obj.period.guideline.title


class GuidelineCommentsWaitingAdmin(GuidelineCommentQueueMixin, ModerationQueueAdmin):
    menu_label = _("Guideline comments waiting for moderation")
    menu_icon = "comment"
    base_url_path = "guidelines/moderation/waiting-comments"
    list_display = ["excerpt", "guideline", "writer", "created_at", "state_display"]
    list_filter = [GuidelineFilter, ("held_by_reports", YesNoFilter), PostedFilter]
    ordering = ["created_at"]
    empty_message = _("No guideline comments are waiting for moderation.")

    def get_queryset(self, request):
        return super().get_queryset(request).awaiting_moderator()


class ReportedGuidelineCommentsAdmin(
    ReportCountsMixin, GuidelineCommentQueueMixin, ModerationQueueAdmin
):
    menu_label = _("Reported guideline comments")
    menu_icon = "warning"
    base_url_path = "guidelines/moderation/reported-comments"
    list_display = ["excerpt", "guideline", "report_count", "report_reasons", "state_display"]
    list_filter = [
        GuidelineFilter,
        ("state", ChoicesFilter),
        ("held_by_reports", YesNoFilter),
        PostedFilter,
    ]
    ordering = ["-open_report_count", "created_at"]
    empty_message = _("No guideline comments have open reports.")


# The queues home.wagtail_hooks adds to the "Moderation" menu.
MODERATION_QUEUES = (GuidelineCommentsWaitingAdmin, ReportedGuidelineCommentsAdmin)
MODERATE_URL_NAMES[GuidelineComment] = "guidelines_moderation_comment"
register_admin_url_finder(GuidelineComment, ModerationURLFinder)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    view = admin_views.ModerateGuidelineCommentView.as_view()
    return [
        path("guidelines/moderation/comment/<int:pk>/", view, name="guidelines_moderation_comment"),
        path(
            "guidelines/periods/<int:pk>/export/<slug:file_format>/",
            admin_views.ExportPeriodView.as_view(),
            name="guidelines_period_export",
        ),
        path(
            "guidelines/moderation/comment/<int:pk>/<slug:action>/",
            view,
            name="guidelines_moderation_comment_action",
        ),
        path(
            "guidelines/proposals/",
            admin_views.ProposalListView.as_view(),
            name=admin_views.PROPOSALS_URL_NAME,
        ),
        path(
            "guidelines/proposals/<int:pk>/",
            admin_views.ProposalDecisionView.as_view(),
            name="guidelines_proposal",
        ),
        path(
            "guidelines/proposals/<int:pk>/<slug:action>/",
            admin_views.ProposalDecisionView.as_view(),
            name="guidelines_proposal_action",
        ),
    ]


class ProposalsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_list_proposals(request.user)


@hooks.register("register_admin_menu_item")
def register_proposals_menu_item():
    # Beside "Comment periods" (menu_order 220): both are the guideline's.
    return ProposalsMenuItem(
        _("Suggested edits"),
        reverse(admin_views.PROPOSALS_URL_NAME),
        icon_name="edit",
        order=221,
    )
