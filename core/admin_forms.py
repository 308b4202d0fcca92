"""The forms moderators fill in the admin for any app's texts: hide, and bulk decisions.

The forms only collect and check what the moderator typed; core.moderation decides.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import validate_plain_text

REASON_MAX_LENGTH = 1000


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding"),
        help_text=_("The author sees this reason in the e-mail we send them."),
        max_length=REASON_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the reason the author will see.")},
    )


class BulkModerationForm(forms.Form):
    APPROVE = "approve"
    HIDE = "hide"

    action = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (HIDE, _("Hide"))],
        error_messages={"required": _("Choose what to do with the selected items.")},
    )
    items = forms.ModelMultipleChoiceField(
        label=_("Selected"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one item."),
            "invalid_choice": _("Some of the selected items no longer exist. Select again."),
            "invalid_pk_value": _("Some of the selected items no longer exist. Select again."),
        },
    )
    reason = forms.CharField(
        label=_("Reason for hiding"),
        help_text=_("Needed only for hiding. Every author sees it in the e-mail we send them."),
        required=False,
        max_length=REASON_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = queryset

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.HIDE and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Write the reason the authors will see."))
        return cleaned
