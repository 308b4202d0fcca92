"""The forms a participant fills in on the idea wall.

The limits match the models; the rules (who may post, when the wall is closed)
live in ideas.services, which the views call with the cleaned data.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin, PlainTextField, length_messages
from core.text import TEXT_MAX_LENGTH, validate_one_line, validate_plain_text
from ideas.models import TITLE_MAX_LENGTH


class IdeaForm(HoneypotMixin, forms.Form):
    title = PlainTextField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        validators=[validate_one_line],
        error_messages=length_messages(
            _("Give your idea a title."),
            _("The title can be at most %(limit_value)d characters long (now %(show_value)d)."),
        ),
    )
    body = PlainTextField(
        label=_("Your idea"),
        max_length=TEXT_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_(
            "Plain text, at most 2,000 characters. Line breaks are kept and web addresses "
            "become links."
        ),
        error_messages=length_messages(
            _("Write a few words about your idea."),
            _("The text can be at most %(limit_value)d characters long (now %(show_value)d)."),
        ),
    )
    column = forms.TypedChoiceField(
        label=_("Column"),
        coerce=int,
        error_messages={
            "required": _("Choose the column your idea belongs to."),
            "invalid_choice": _("Choose one of this wall's columns."),
        },
    )

    def __init__(self, *args, columns, **kwargs):
        """`columns` are the wall's columns, already fetched (no query per form)."""
        super().__init__(*args, **kwargs)
        self.columns = {column.pk: column for column in columns}
        if self.columns:
            self.fields["column"].choices = [("", _("Choose a column")), *self.columns.items()]
        else:
            del self.fields["column"]
        self.add_honeypot()

    def clean_column(self):
        return self.columns[self.cleaned_data["column"]]

    def idea_fields(self):
        """The cleaned values as the services take them."""
        return {
            "title": self.cleaned_data["title"],
            "body": self.cleaned_data["body"],
            "column": self.cleaned_data.get("column"),
        }
