"""The public removal request form. The rules live in associations.removals."""

from django import forms
from django.utils.translation import gettext_lazy as _

from associations.removal_models import MESSAGE_MAX_LENGTH, RemovalRequest
from associations.removals import choosable_associations
from core.forms import HoneypotMixin, PlainTextField
from core.text import validate_one_line, validate_plain_text

TOO_LONG = _("Write at most %(limit_value)d characters (now %(show_value)d).")


def _one_line(field, label, required_message=None, **kwargs):
    return forms.CharField(
        label=label,
        max_length=RemovalRequest._meta.get_field(field).max_length,
        required=required_message is not None,
        validators=[validate_one_line],
        error_messages={"required": required_message, "max_length": TOO_LONG},
        **kwargs,
    )


class RemovalRequestForm(HoneypotMixin, forms.Form):
    association = forms.ModelChoiceField(
        label=_("Association"),
        queryset=None,
        required=False,
        empty_label=_("– Not in the list –"),
        error_messages={"invalid_choice": _("Choose an association from the list.")},
    )
    association_name = _one_line(
        "association_name",
        _("Association's name, if it is not in the list"),
        help_text=_("The register also holds associations the public directory does not show."),
    )
    requester_name = _one_line("requester_name", _("Your name"), _("Write your name."))
    requester_email = forms.EmailField(
        label=_("Your e-mail"),
        help_text=_("We send a link here: the request reaches staff once you open it."),
        error_messages={
            "required": _("Write your e-mail address."),
            "invalid": _("Write the e-mail address in the form nimi@esimerkki.fi."),
        },
    )
    message = PlainTextField(
        label=_("Message to staff"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example your role in the association, or what should be removed."),
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args, site, linked_association=None, **kwargs):
        super().__init__(*args, **kwargs)
        # An association named by a confirmation link is fixed; otherwise the published ones.
        self.linked_association = linked_association
        if linked_association is not None:
            del self.fields["association"]
            del self.fields["association_name"]
        else:
            self.fields["association"].queryset = choosable_associations(site)
        self.fields["requester_email"].widget.attrs["autocomplete"] = "email"
        self.fields["requester_name"].widget.attrs["autocomplete"] = "name"
        self.add_honeypot()

    def clean(self):
        data = super().clean()
        if self.linked_association is None and not (
            data.get("association") or data.get("association_name")
        ):
            self.add_error(
                "association", _("Choose the association, or type its name below the list.")
            )
        return data

    def request_fields(self):
        data = self.cleaned_data
        return {
            "association": self.linked_association or data.get("association"),
            "association_name": data.get("association_name", ""),
            "requester_name": data["requester_name"],
            "requester_email": data["requester_email"],
            "message": data["message"],
        }
