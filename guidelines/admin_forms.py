"""The forms staff answer a guideline comment and decide on a suggested edit with; the
services (guidelines.comments, guidelines.proposals) decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import validate_plain_text
from guidelines.models import AnswerOutcome
from guidelines.models.comments import ANSWER_MAX_LENGTH
from guidelines.models.proposals import DECISION_MAX_LENGTH


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


class DecisionForm(forms.Form):
    """Accepting or declining a suggested edit; declining needs the reason."""

    reason = forms.CharField(
        label=_("Reason (shown to the author and on the public page)"),
        required=False,
        max_length=DECISION_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
