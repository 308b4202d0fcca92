"""The forms moderators fill in the Wagtail admin: hide, status and answer, duplicate, bulk, export.

The forms only collect and check what the moderator typed; the decisions themselves are
made by core.moderation and ideas.services.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.models import ModerationState
from core.municipalities import staff_records
from core.text import validate_plain_text
from ideas.models import Idea, IdeaStatus, IdeaWallPage

ANSWER_MAX_LENGTH = 5000


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=IdeaStatus.choices,
        help_text=_("To mark a duplicate, choose the original idea below."),
    )
    answer = forms.CharField(
        label=_("The city's answer"),
        help_text=_(
            "Shown with the idea on the wall. The author is e-mailed when it changes. "
            "Leave empty if there is no answer yet."
        ),
        required=False,
        max_length=ANSWER_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, idea, **kwargs):
        super().__init__(*args, **kwargs)
        if idea.status != IdeaStatus.DUPLICATE:
            # An idea becomes a duplicate only by choosing the original (below).
            self.fields["status"].choices = [
                choice for choice in IdeaStatus.choices if choice[0] != IdeaStatus.DUPLICATE
            ]
        else:
            self.fields["status"].help_text = _(
                "This idea is a duplicate. Choose another status to let it stand on its own "
                "again; the votes that moved to the original stay there."
            )


class IdeaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return ngettext(
            "#%(number)s %(title)s (%(votes)s vote)",
            "#%(number)s %(title)s (%(votes)s votes)",
            obj.vote_count,
        ) % {"number": obj.pk, "title": obj.title, "votes": obj.vote_count}


class DuplicateForm(forms.Form):
    original = IdeaChoiceField(
        label=_("Original idea"),
        help_text=_("The votes move to the original; a person who voted for both is counted once."),
        queryset=Idea.objects.none(),
        empty_label=_("Choose the original idea"),
        error_messages={
            "required": _("Choose the original idea."),
            "invalid_choice": _("Choose another idea on the same wall."),
        },
    )

    def __init__(self, *args, idea, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["original"].queryset = (
            Idea.objects.filter(wall_id=idea.wall_id, withdrawn_at=None)
            .exclude(pk=idea.pk)
            .exclude(state=ModerationState.HIDDEN)
            .exclude(status=IdeaStatus.DUPLICATE)
            .order_by("title", "pk")
        )


class ExportForm(forms.Form):
    CSV = "csv"
    XLSX = "xlsx"

    wall = forms.ModelChoiceField(
        label=_("Idea wall"),
        queryset=IdeaWallPage.objects.order_by("title"),
        empty_label=_("Choose an idea wall"),
        error_messages={"required": _("Choose the idea wall to export.")},
    )
    file_format = forms.ChoiceField(
        label=_("File format"),
        choices=[(XLSX, _("Excel (XLSX)")), (CSV, _("CSV (semicolon-separated)"))],
        initial=XLSX,
        widget=forms.RadioSelect,
    )
    include_all = forms.BooleanField(
        label=_("Include ideas and comments not shown on the wall"),
        help_text=_(
            "Also waiting, hidden and withdrawn ones. Leave unticked for a forum meeting: "
            "then the file has only what visitors see."
        ),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the walls of the municipalities the member of staff works for.
        self.fields["wall"].queryset = staff_records(IdeaWallPage.objects.order_by("title"), user)
