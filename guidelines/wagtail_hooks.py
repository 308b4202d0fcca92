"""Comment periods in the admin.

A period is not page content, so it is not edited in the page editor: a SnippetViewSet
gives staff its own listing, add/edit form with the model's validation, Wagtail's
permissions per action and its history in the audit log, and changing a period never
needs the page published again. (wagtail-modeladmin, used for the moderation queues,
is kept for listings whose records change only through the moderators' own pages.)
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from guidelines import periods
from guidelines.models import CommentPeriod


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


class CommentPeriodViewSet(SnippetViewSet):
    model = CommentPeriod
    icon = "date"
    menu_label = _("Comment periods")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["__str__", "starts_at", "ends_at", "response_due", "concluded_at"]
    list_filter = ["guideline"]
    edit_handler = ObjectList(
        [
            FieldPanel("guideline"),
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
