"""Forms for what visitors write, shared by every app that takes their text.

The limits match the models; the rules (who may write, when) live in each app's
services, which the views call with the cleaned data.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.models import ReportReason
from core.text import TEXT_MAX_LENGTH, normalize_line_breaks, validate_plain_text


class PlainTextField(forms.CharField):
    """Visitor text with line breaks counted as one character each, as the browser counts them."""

    def to_python(self, value):
        return normalize_line_breaks(super().to_python(value))


def length_messages(required, too_long):
    return {"required": required, "max_length": too_long}


class CommentForm(forms.Form):
    body = PlainTextField(
        label=_("Comment"),
        max_length=TEXT_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=length_messages(
            _("Write your comment before sending it."),
            _("A comment can be at most %(limit_value)d characters long (now %(show_value)d)."),
        ),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, reply_to=None, **kwargs):
        """One form per place on the page: a new comment, or a reply to the comment `reply_to`."""
        self.reply_to = reply_to
        key = f"reply_{reply_to.pk}" if reply_to is not None else "comment"
        kwargs.setdefault("auto_id", f"id_{key}_%s")
        super().__init__(*args, **kwargs)
        if reply_to is not None:
            self.fields["body"].label = _("Your reply")
            self.initial["parent"] = reply_to.pk


# A field people never see and bots fill in; its name is bait for form-filling scripts.
HONEYPOT_FIELD = "website"


class HoneypotMixin:
    """Adds the hidden "leave empty" field; a filled one means a bot sent the form."""

    # A form with a real field of that name names its honeypot otherwise.
    honeypot_field = HONEYPOT_FIELD

    def add_honeypot(self):
        self.fields[self.honeypot_field] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    def filled_by_bot(self):
        return bool(self.data.get(self.honeypot_field, "").strip())


def add_service_errors(form, error):
    """Show a ValidationError from ideas.services beside the field it concerns."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, problems in error.error_dict.items():
        form.add_error(field if field in form.fields else None, ValidationError(problems))


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should a moderator look at this?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason for your report.")},
    )
