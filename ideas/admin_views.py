"""The moderators' pages in the Wagtail admin: one idea or comment, bulk decisions, export.

Every decision goes through core.moderation (approve, hide) or ideas.services (status,
answer, duplicate); these views only check permissions, read forms and report back.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import registry as log_registry

from core import moderation
from core.models import ModerationState, ReportReason
from core.text import render_plain_text
from ideas import services
from ideas.admin_forms import BulkModerationForm, DuplicateForm, ExportForm, HideForm, StatusForm
from ideas.exports import export_wall
from ideas.models import Idea, IdeaComment

HISTORY_SHOWN = 20


def can_moderate(user, model):
    """Moderating ideas needs ideas.change_idea, comments ideas.change_ideacomment."""
    return user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")


def can_export(user):
    return user.has_perm("ideas.view_idea")


def needs_approval(item):
    """Approving changes something only for waiting, hidden, held or reported texts."""
    return (
        item.state != ModerationState.PUBLISHED
        or item.held_by_reports
        or moderation.open_reports(item).exists()
    )


def can_be_approved(item):
    return getattr(item, "withdrawn_at", None) is None


def report_summary(item):
    """Open reports by reason, most common first: [(label, count), ...]."""
    counts = moderation.open_reports(item).values("reason").annotate(n=Count("pk")).order_by("-n")
    labels = dict(ReportReason.choices)
    return [(labels.get(row["reason"], row["reason"]), row["n"]) for row in counts]


def state_label(item):
    if item.held_by_reports and item.state != ModerationState.HIDDEN:
        return _("Held after reports, waiting for a moderator")
    return item.get_state_display()


MODERATION_HOME = "ideas_moderation_waiting-ideas_modeladmin_index"


class BreadcrumbsMixin:
    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(MODERATION_HOME), "label": _("Moderation")},
            {"url": "", "label": self.get_page_subtitle() or self.get_page_title()},
        ]


class ModerationPermissionMixin:
    model = None

    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ModerateItemView(
    ModerationPermissionMixin, BreadcrumbsMixin, WagtailAdminTemplateMixin, View
):
    """One idea or comment with everything a moderator can decide about it."""

    header_icon = "warning"
    actions = ("approve", "hide")
    url_name = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])

    def get_queryset(self):
        return self.model.objects.all()

    def detail_url(self):
        return reverse(self.url_name, args=[self.object.pk])

    def action_url(self, action):
        return reverse(f"{self.url_name}_action", args=[self.object.pk, action])

    def get_page_subtitle(self):
        return str(self.object)

    def get_forms(self, bound=None):
        forms = {"hide_form": HideForm(initial={"reason": self.object.hidden_reason})}
        if bound:
            forms.update(bound)
        return forms

    def get_context_data(self, **kwargs):
        item = self.object
        bound_forms = kwargs.pop("bound_forms", None)
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "object": item,
                "body_html": render_plain_text(item.body),
                "state_label": state_label(item),
                "reports": report_summary(item),
                "show_approve": needs_approval(item) and can_be_approved(item),
                "history": log_registry.get_logs_for_instance(item).select_related("user")[
                    :HISTORY_SHOWN
                ],
                "action_urls": {action: self.action_url(action) for action in self.actions},
                "next_url": get_valid_next_url_from_request(self.request),
                **self.get_forms(bound_forms),
            }
        )
        return context

    def get(self, request, *args, **kwargs):
        if kwargs.get("action"):
            return redirect(self.detail_url())
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        action = kwargs.get("action")
        if action not in self.actions:
            raise Http404
        return getattr(self, f"post_{action}")(request)

    def done(self, message):
        messages.success(self.request, message)
        return redirect(get_valid_next_url_from_request(self.request) or self.detail_url())

    def show_errors(self, **bound_forms):
        messages.error(self.request, _("Nothing was changed. Check the form."))
        return self.render_to_response(self.get_context_data(bound_forms=bound_forms))

    def post_approve(self, request):
        item = self.object
        if not can_be_approved(item):
            messages.error(request, _("A withdrawn idea cannot be approved."))
            return redirect(self.detail_url())
        if not needs_approval(item):
            messages.info(request, _("“%(item)s” is already shown on the wall.") % {"item": item})
            return redirect(get_valid_next_url_from_request(request) or self.detail_url())
        moderation.approve(item, request.user)
        return self.done(_("Approved “%(item)s”; it is shown on the wall.") % {"item": item})

    def post_hide(self, request):
        form = HideForm(request.POST)
        if not form.is_valid():
            return self.show_errors(hide_form=form)
        moderation.hide(self.object, request.user, form.cleaned_data["reason"].strip())
        return self.done(
            _("Hid “%(item)s”. The author is told the reason.") % {"item": self.object}
        )


class ModerateIdeaView(ModerateItemView):
    model = Idea
    url_name = "ideas_moderation_idea"
    actions = ("approve", "hide", "status", "duplicate")
    template_name = "ideas/admin/moderate_idea.html"
    page_title = gettext_lazy("Moderate idea")

    def get_queryset(self):
        return Idea.objects.select_related("wall", "column", "author", "duplicate_of")

    def get_forms(self, bound=None):
        idea = self.object
        forms = {
            "hide_form": HideForm(initial={"reason": idea.hidden_reason}),
            "status_form": StatusForm(
                idea=idea, initial={"status": idea.status, "answer": idea.official_answer}
            ),
            "duplicate_form": DuplicateForm(idea=idea, initial={"original": idea.duplicate_of_id}),
        }
        forms.update(bound or {})
        return forms

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        idea = self.object
        context["comments"] = idea.comments.select_related("author").order_by("created_at", "pk")
        context["public_url"] = idea.get_url(self.request) if idea.is_visible else None
        context["answer_html"] = render_plain_text(idea.official_answer)
        return context

    def post_status(self, request):
        form = StatusForm(request.POST, idea=self.object)
        if form.is_valid():
            try:
                services.set_status(
                    self.object,
                    request.user,
                    form.cleaned_data["status"],
                    answer=form.cleaned_data["answer"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return self.done(
                    _("Saved the status and the answer of “%(item)s”.") % {"item": self.object}
                )
        return self.show_errors(status_form=form)

    def post_duplicate(self, request):
        form = DuplicateForm(request.POST, idea=self.object)
        if form.is_valid():
            try:
                services.mark_duplicate(self.object, form.cleaned_data["original"], request.user)
            except ValidationError as error:
                _add_errors(form, error, field="original")
            else:
                return self.done(
                    _("Marked “%(item)s” a duplicate of “%(original)s”; its votes moved there.")
                    % {"item": self.object, "original": self.object.duplicate_of}
                )
        return self.show_errors(duplicate_form=form)


class ModerateCommentView(ModerateItemView):
    model = IdeaComment
    url_name = "ideas_moderation_comment"
    template_name = "ideas/admin/moderate_comment.html"
    page_title = gettext_lazy("Moderate comment")

    def get_queryset(self):
        return IdeaComment.objects.select_related("idea", "idea__wall", "author", "parent")


def _add_errors(form, error, field=None):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, error)


BULK_MODELS = {"idea": Idea, "comment": IdeaComment}


class BulkModerationView(BreadcrumbsMixin, WagtailAdminTemplateMixin, View):
    """Approve or hide the items ticked in a queue, with one reason for all."""

    template_name = "ideas/admin/bulk.html"
    page_title = gettext_lazy("Moderate several at once")
    header_icon = "warning"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.model = BULK_MODELS.get(kwargs["kind"])
        if self.model is None:
            raise Http404

    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))

    def post(self, request, *args, **kwargs):
        form = BulkModerationForm(request.POST, queryset=self.model.objects.all())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        user = request.user
        done = skipped = 0
        for item in form.cleaned_data["items"]:
            if form.cleaned_data["action"] == form.APPROVE:
                if not (needs_approval(item) and can_be_approved(item)):
                    skipped += 1
                    continue
                moderation.approve(item, user)
            else:
                if item.state == ModerationState.HIDDEN:
                    skipped += 1
                    continue
                moderation.hide(item, user, form.cleaned_data["reason"].strip())
            done += 1
        messages.success(request, self.success_message(form.cleaned_data["action"], done))
        if skipped:
            messages.info(
                request,
                ngettext(
                    "%(count)s was already in that state and was left as it was.",
                    "%(count)s were already in that state and were left as they were.",
                    skipped,
                )
                % {"count": skipped},
            )
        return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))

    def success_message(self, action, count):
        if action == BulkModerationForm.APPROVE:
            return ngettext(
                "Approved %(count)s; shown on the wall.",
                "Approved %(count)s; shown on the wall.",
                count,
            ) % {"count": count}
        return ngettext(
            "Hid %(count)s. The authors are told the reason.",
            "Hid %(count)s. The authors are told the reason.",
            count,
        ) % {"count": count}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = [value for value in self.request.POST.getlist("items") if value.isdigit()]
        context.update(
            {
                "selected": self.model.objects.filter(pk__in=ids),
                "next_url": get_valid_next_url_from_request(self.request),
                "bulk_url": self.request.path,
                "verbose_name_plural": self.model._meta.verbose_name_plural,
            }
        )
        return context


class ExportView(BreadcrumbsMixin, WagtailAdminTemplateMixin, View):
    """Download a wall's ideas with votes, answers and comments for a forum meeting."""

    template_name = "ideas/admin/export.html"
    page_title = gettext_lazy("Export ideas")
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not can_export(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if "file_format" in request.GET:
            form = ExportForm(request.GET)
            if form.is_valid():
                return export_wall(
                    form.cleaned_data["wall"],
                    form.cleaned_data["file_format"],
                    include_all=form.cleaned_data["include_all"],
                    request=request,
                )
        else:
            form = ExportForm(initial={"wall": request.GET.get("wall")})
        return self.render_to_response(self.get_context_data(form=form))
