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


ITEM_ERRORS = {
    "required": _("Select at least one item."),
    "invalid_choice": _("Some of the selected items no longer exist. Select again."),
    "invalid_pk_value": _("Some of the selected items no longer exist. Select again."),
}


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
        error_messages=ITEM_ERRORS,
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

    def selected(self):
        """What was ticked and still exists, as (value, text) for the form shown again."""
        values = [value for value in self.data.getlist("items") if value.isdigit()]
        return [
            (item.pk, str(item)) for item in self.fields["items"].queryset.filter(pk__in=values)
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.HIDE and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Write the reason the authors will see."))
        return cleaned


class TaggedItemsField(forms.MultipleChoiceField):
    """Ticked boxes whose values name their kind too; the form looks the records up."""

    def valid_value(self, value):
        return True


class MixedBulkModerationForm(BulkModerationForm):
    """Bulk decisions in a queue of several kinds of text (core.comment_queues): each
    ticked value is "<kind>-<pk>", `kinds` maps a kind the moderator may decide on to
    the records of it they may decide on (a queryset: their own municipality's)."""

    items = TaggedItemsField(label=_("Selected"), error_messages=ITEM_ERRORS)

    def __init__(self, *args, kinds, **kwargs):
        forms.Form.__init__(self, *args, **kwargs)
        self.kinds = kinds

    def found(self, values):
        """The records the values name, in their order, and whether every one was found."""
        wanted = []
        for value in values:
            kind, _dash, pk = value.rpartition("-")
            if kind in self.kinds and pk.isdigit():
                wanted.append((kind, int(pk)))
        records = {}
        for kind, queryset in self.kinds.items():
            pks = [pk for wanted_kind, pk in wanted if wanted_kind == kind]
            if pks:
                records.update({(kind, pk): item for pk, item in queryset.in_bulk(pks).items()})
        items = [((kind, pk), records[kind, pk]) for kind, pk in wanted if (kind, pk) in records]
        return items, len(items) == len(values)

    def clean_items(self):
        items, complete = self.found(self.cleaned_data["items"])
        if not complete:
            raise forms.ValidationError(ITEM_ERRORS["invalid_choice"], code="invalid_choice")
        return [item for _key, item in items]

    def selected(self):
        items, _complete = self.found(self.data.getlist("items"))
        return [(f"{kind}-{pk}", str(item)) for (kind, pk), item in items]
