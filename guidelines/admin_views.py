"""The page of one guideline comment in the admin: moderate it (core.admin_views's
ModerateItemView) and give the municipality's answer (guidelines.comments); and the
suggested edits, which staff accept into a draft or decline (guidelines.proposals)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin_views import BULK_MODELS, ModerateItemView
from core.comment_queues import WAITING_URL_NAME
from core.errors import Refused
from core.forms import add_service_errors
from core.municipalities import staff_records
from core.text import render_plain_text
from core.views import public_name
from guidelines import comments, proposals
from guidelines.admin_forms import AnswerForm, DecisionForm
from guidelines.models import CommentPeriod, GuidelineComment, GuidelineProposal, ProposalOutcome
from guidelines.summary import export_summary

BULK_MODELS["guideline_comment"] = GuidelineComment
BULK_MODELS["guideline_proposal"] = GuidelineProposal


class ModerateGuidelineCommentView(ModerateItemView):
    model = GuidelineComment
    url_name = "guidelines_moderation_comment"
    moderation_home = WAITING_URL_NAME
    template_name = "guidelines/admin/moderate_comment.html"
    page_title = gettext_lazy("Moderate guideline comment")
    actions = ("approve", "hide", "answer")

    def get_queryset(self):
        return GuidelineComment.objects.select_related("period__guideline", "author", "parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.object
        context["section"] = comment.period.guideline.sections.filter(
            key=comment.section_key
        ).first()
        return context

    def get_forms(self, bound=None):
        comment = self.object
        forms = super().get_forms()
        forms["answer_form"] = AnswerForm(
            initial={"outcome": comment.outcome, "answer": comment.answer}
        )
        forms.update(bound or {})
        return forms

    def post_answer(self, request):
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                comments.answer_comment(
                    self.object,
                    request.user,
                    outcome=form.cleaned_data["outcome"],
                    answer=form.cleaned_data["answer"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return self.done(
                    _("Saved the answer to “%(item)s”. The author is told.") % {"item": self.object}
                )
        return self.show_errors(answer_form=form)


class ModerateGuidelineProposalView(ModerateItemView):
    """A suggested edit for a moderator: visitor text, approved onto the page or hidden
    like a comment. Accepting or declining it is the editors' (ProposalDecisionView)."""

    model = GuidelineProposal
    url_name = "guidelines_moderation_proposal"
    moderation_home = WAITING_URL_NAME
    template_name = "guidelines/admin/moderate_proposal.html"
    page_title = gettext_lazy("Moderate suggested edit")

    def get_queryset(self):
        return GuidelineProposal.objects.select_related("period__guideline", "author")

    def text_html(self):
        return render_plain_text(self.object.text)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            diff=proposals.proposal_diff(self.object),
            rationale_html=render_plain_text(self.object.rationale),
            decision_url=reverse("guidelines_proposal", args=[self.object.pk]),
        )
        return context


def can_export(user):
    return user.has_perm("guidelines.view_guidelinecomment")


class ExportPeriodView(View):
    """Download a period's comments with their answers and its suggested edits with their
    outcomes, as the summary page lists them (guidelines.summary)."""

    def get(self, request, pk, file_format):
        if not can_export(request.user):
            raise PermissionDenied
        if file_format not in ("csv", "xlsx"):
            raise Http404
        periods = staff_records(CommentPeriod.objects.select_related("guideline"), request.user)
        period = get_object_or_404(periods, pk=pk)
        return export_summary(period, file_format)


PROPOSALS_URL_NAME = "guidelines_proposals"


def can_list_proposals(user):
    return user.is_staff


class StaffOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_list_proposals(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ProposalListView(StaffOnlyMixin, WagtailAdminTemplateMixin, View):
    """The suggested edits, open ones first (?tulos= picks an outcome, "all" every one)."""

    template_name = "guidelines/admin/proposals.html"
    page_title = gettext_lazy("Suggested edits")
    header_icon = "edit"

    def get(self, request):
        chosen = request.GET.get("tulos") or ProposalOutcome.OPEN
        listed = staff_records(
            GuidelineProposal.objects.select_related("period__guideline", "author"), request.user
        )
        if chosen in ProposalOutcome.values:
            listed = listed.filter(outcome=chosen)
        else:
            chosen = "all"
        filters = [(value, label) for value, label in ProposalOutcome.choices]
        return self.render_to_response(
            self.get_context_data(
                proposals=listed.order_by("-created_at", "-pk"),
                filters=[*filters, ("all", _("All"))],
                chosen=chosen,
            )
        )


class ProposalDecisionView(StaffOnlyMixin, WagtailAdminTemplateMixin, View):
    """One suggested edit with its diff: accept it into a draft revision, or decline it."""

    template_name = "guidelines/admin/proposal.html"
    header_icon = "edit"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        listed = GuidelineProposal.objects.select_related(
            "period__guideline", "author", "decided_by"
        )
        self.object = get_object_or_404(staff_records(listed, request.user), pk=kwargs["pk"])

    def get_page_title(self):
        return _("Suggested edit to “%(section)s”") % {"section": self.object.base_title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(PROPOSALS_URL_NAME), "label": _("Suggested edits")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal = self.object
        guideline = proposal.period.guideline
        section = proposals.current_section(guideline, proposal.section_key)
        context.update(
            proposal=proposal,
            guideline=guideline,
            diff=proposals.proposal_diff(proposal),
            rationale_html=render_plain_text(proposal.rationale),
            author_name=public_name(proposal.author),
            changed_since=proposals.section_changed_since(proposal, section),
            can_decide=proposals.can_decide_proposal(proposal, self.request.user),
            refusal=proposals.decide_refusal(proposal, self.request.user),
            form=form or DecisionForm(),
            accept_url=reverse("guidelines_proposal_action", args=[proposal.pk, "accept"]),
            decline_url=reverse("guidelines_proposal_action", args=[proposal.pk, "decline"]),
            public_url=guideline.url + guideline.reverse_subpage("proposal", args=[proposal.pk]),
            edit_url=reverse("wagtailadmin_pages:edit", args=[guideline.pk]),
            draft_url=(
                reverse(
                    "wagtailadmin_pages:revisions_view",
                    args=[guideline.pk, proposal.draft_revision_id],
                )
                if proposal.draft_revision_id
                else None
            ),
        )
        return context

    def get(self, request, pk, action=None):
        if action:
            return redirect("guidelines_proposal", pk)
        return self.render_to_response(self.get_context_data())

    def post(self, request, pk, action=None):
        if action not in ("accept", "decline"):
            raise Http404
        form = DecisionForm(request.POST)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            try:
                if action == "accept":
                    proposals.accept_proposal(self.object, request.user, reason)
                    message = _(
                        "Accepted. The new wording is in a draft of the guideline: review it "
                        "in the page editor and publish it with a change summary."
                    )
                else:
                    proposals.decline_proposal(self.object, request.user, reason)
                    message = _("Declined. The author is told the reason.")
            except ValidationError as error:
                add_service_errors(form, error)
            except Refused as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, message)
                return redirect("guidelines_proposal", pk)
        messages.error(request, _("Nothing was changed. Check the form."))
        return self.render_to_response(self.get_context_data(form=form), status=400)
