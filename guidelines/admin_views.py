"""The moderation page of one guideline comment (core.admin_views.ModerateItemView)."""

from django.utils.translation import gettext_lazy

from core.admin_views import BULK_MODELS, ModerateItemView
from guidelines.models import GuidelineComment

BULK_MODELS["guideline_comment"] = GuidelineComment


class ModerateGuidelineCommentView(ModerateItemView):
    model = GuidelineComment
    url_name = "guidelines_moderation_comment"
    moderation_home = "guidelines_moderation_waiting-comments_modeladmin_index"
    template_name = "guidelines/admin/moderate_comment.html"
    page_title = gettext_lazy("Moderate guideline comment")

    def get_queryset(self):
        return GuidelineComment.objects.select_related("period__guideline", "author", "parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.object
        context["section"] = comment.period.guideline.sections.filter(
            key=comment.section_key
        ).first()
        return context
