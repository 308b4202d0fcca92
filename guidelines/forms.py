"""The comment form under each section of the guideline."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CommentForm


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
