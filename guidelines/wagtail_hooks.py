"""Comment periods, and guideline comments in the moderators' queues, in the admin.

Guideline comments and suggested edits are listed in core.comment_queues' queues with the
idea wall's, under the sources "Guideline" and "Suggested edit"; this module registers
them there, both filtered by the one "guideline" filter.

A period is not page content, so it is not edited in the page editor: a SnippetViewSet
gives staff its own listing, add/edit form with the model's validation, Wagtail's
permissions per action and its history in the audit log, and changing a period never
needs the page published again. (wagtail-modeladmin, used for the moderation queues,
is kept for listings whose records change only through the moderators' own pages.)
"""

from django import forms
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import register_admin_url_finder
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet

from core.comment_queues import CommentSource, PlaceFilter, register_comment_source
from core.moderation_admin import (
    MODERATE_URL_NAMES,
    ModerationURLFinder,
)
from core.municipalities import register_staff_scope, staff_records
from core.municipality_admin import MunicipalitySnippetViewSet
from guidelines import admin_views, comments, periods, proposals
from guidelines.models import CommentPeriod, GuidelineComment, GuidelinePage, GuidelineProposal


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
    """Links to the period's comments and answers and its suggested edits, as CSV and XLSX."""

    def get_value(self, instance):
        return format_html(
            '<a href="{}">CSV</a> · <a href="{}">XLSX</a>',
            reverse("guidelines_period_export", args=[instance.pk, "csv"]),
            reverse("guidelines_period_export", args=[instance.pk, "xlsx"]),
        )


register_staff_scope(CommentPeriod, page_field="guideline")
register_staff_scope(GuidelineComment, page_field="period__guideline")
register_staff_scope(GuidelineProposal, page_field="period__guideline")


class CommentPeriodViewSet(MunicipalitySnippetViewSet):
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
            FieldPanel("moderation"),
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


def guideline_choices(user):
    """The guidelines of the municipalities `user` works for, to filter a queue by."""
    pages = staff_records(GuidelinePage.objects.order_by("title"), user).values_list("pk", "title")
    return [(str(pk), title) for pk, title in pages]


# Comments and suggested edits both reach their guideline through their period.
GUIDELINE_FILTER = PlaceFilter(
    "guideline", _("guideline"), "period__guideline_id", guideline_choices
)
MODERATE_URL_NAMES[GuidelineComment] = "guidelines_moderation_comment"
register_comment_source(
    CommentSource(
        key="guideline",
        label=_("Guideline"),
        model=GuidelineComment,
        select_related=("period__guideline",),
        subject=lambda comment: comment.period.guideline.title,
        place_filter=GUIDELINE_FILTER,
    )
)
register_admin_url_finder(GuidelineComment, ModerationURLFinder)
MODERATE_URL_NAMES[GuidelineProposal] = "guidelines_moderation_proposal"
register_comment_source(
    CommentSource(
        key="guideline_proposal",
        label=_("Suggested edit"),
        model=GuidelineProposal,
        select_related=("period__guideline",),
        subject=lambda proposal: f"{proposal.period.guideline.title}: {proposal.base_title}",
        place_filter=GUIDELINE_FILTER,
        text_field="text",
    )
)
register_admin_url_finder(GuidelineProposal, ModerationURLFinder)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    view = admin_views.ModerateGuidelineCommentView.as_view()
    proposal_view = admin_views.ModerateGuidelineProposalView.as_view()
    return [
        path(
            "guidelines/moderation/proposal/<int:pk>/",
            proposal_view,
            name="guidelines_moderation_proposal",
        ),
        path(
            "guidelines/moderation/proposal/<int:pk>/<slug:action>/",
            proposal_view,
            name="guidelines_moderation_proposal_action",
        ),
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
