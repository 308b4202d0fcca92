"""The moderators' pages in the Wagtail admin: one idea or comment, bulk decisions, export.

Every decision goes through core.moderation (approve, hide) or ideas.services (status,
answer, duplicate); these views only check permissions, read forms and report back.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin_forms import HideForm
from core.admin_views import (
    BULK_MODELS,
    BreadcrumbsMixin,
    ModerateItemView,
)
from core.comment_queues import WAITING_URL_NAME
from core.text import render_plain_text
from ideas import services
from ideas.admin_forms import DuplicateForm, ExportForm, StatusForm
from ideas.exports import export_wall
from ideas.models import Idea, IdeaComment


def can_export(user):
    return user.has_perm("ideas.view_idea")


MODERATION_HOME = "ideas_moderation_waiting-ideas_modeladmin_index"


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
    moderation_home = WAITING_URL_NAME

    def get_queryset(self):
        return IdeaComment.objects.select_related("idea", "idea__wall", "author", "parent")


BULK_MODELS.update({"idea": Idea, "comment": IdeaComment})


def _add_errors(form, error, field=None):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, error)


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
            form = ExportForm(request.GET, user=request.user)
            if form.is_valid():
                return export_wall(
                    form.cleaned_data["wall"],
                    form.cleaned_data["file_format"],
                    include_all=form.cleaned_data["include_all"],
                    request=request,
                )
        else:
            form = ExportForm(initial={"wall": request.GET.get("wall")}, user=request.user)
        return self.render_to_response(self.get_context_data(form=form))
