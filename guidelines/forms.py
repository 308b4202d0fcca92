"""The comment form under each section of the guideline, and the suggested-edit form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CommentForm, PlainTextField, length_messages
from core.text import TEXT_MAX_LENGTH, validate_plain_text
from guidelines.models import PROPOSAL_MAX_LENGTH


class SectionCommentForm(CommentForm):
    """A comment on one section, or a reply to a comment on it."""

    section = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This section is no longer in the guideline. Reload the page."),
            "invalid": _("This section is no longer in the guideline. Reload the page."),
        },
    )

    def __init__(self, *args, section=None, reply_to=None, **kwargs):
        # One form per place on the page: ids must not repeat from section to section.
        if reply_to is not None:
            kwargs.setdefault("auto_id", f"id_reply_{reply_to.pk}_%s")
        elif section is not None:
            kwargs.setdefault("auto_id", f"id_comment_{section.anchor}_%s")
        super().__init__(*args, reply_to=reply_to, **kwargs)
        if section is not None:
            self.initial["section"] = section.key


# One sentence on what the plain-text form keeps of the section's formatting.
FORMATTING_KEPT = _(
    "Only paragraphs are kept (separate them with a blank line); lists, links and bold "
    "text become plain text."
)


class ProposalForm(forms.Form):
    """New wording for one section, and why (guidelines.proposals.propose_edit)."""

    section = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This section is no longer in the guideline. Reload the page."),
            "invalid": _("This section is no longer in the guideline. Reload the page."),
        },
    )
    text = PlainTextField(
        label=_("New wording"),
        help_text=FORMATTING_KEPT,
        max_length=PROPOSAL_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages=length_messages(
            _("Write the new wording of the section."),
            _(
                "The new wording can be at most %(limit_value)d characters long "
                "(now %(show_value)d)."
            ),
        ),
    )
    rationale = PlainTextField(
        label=_("Why should the wording change?"),
        max_length=TEXT_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=length_messages(
            _("Say why the wording should change."),
            _("The rationale can be at most %(limit_value)d characters long (now %(show_value)d)."),
        ),
    )
