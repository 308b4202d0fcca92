"""The form staff answer a guideline comment with; guidelines.comments.answer_comment decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import validate_plain_text
from guidelines.models import AnswerOutcome
from guidelines.models.comments import ANSWER_MAX_LENGTH


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What was done with the comment"),
        choices=AnswerOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what was done with the comment.")},
    )
    answer = forms.CharField(
        label=_("Reason"),
        help_text=_("Shown under the comment on the guideline page; the author is e-mailed."),
        max_length=ANSWER_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Give the reason; the author and every reader see it.")},
    )
