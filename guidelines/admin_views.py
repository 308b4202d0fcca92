"""The page of one guideline comment in the admin: moderate it (core.admin_views's
ModerateItemView) and give the municipality's answer (guidelines.comments)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.admin_views import BULK_MODELS, ModerateItemView
from core.comment_queues import WAITING_URL_NAME
from core.forms import add_service_errors
from guidelines import comments
from guidelines.admin_forms import AnswerForm
from guidelines.models import CommentPeriod, GuidelineComment
from guidelines.summary import export_summary

BULK_MODELS["guideline_comment"] = GuidelineComment


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


def can_export(user):
    return user.has_perm("guidelines.view_guidelinecomment")


class ExportPeriodView(View):
    """Download a period's comments with their answers, as the summary page lists them."""

    def get(self, request, pk, file_format):
        if not can_export(request.user):
            raise PermissionDenied
        if file_format not in ("csv", "xlsx"):
            raise Http404
        period = get_object_or_404(CommentPeriod.objects.select_related("guideline"), pk=pk)
        return export_summary(period, file_format)
