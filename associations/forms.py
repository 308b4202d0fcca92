"""The association report form, on the public site and (with staff's edits) in the admin.

One field per RECORD_FIELD, with the model's limits and validators; identifiers and phones
are cleaned into the form the register stores (associations.identifiers, core.phone). The
rules (who sees which values, what a blank field means) live in associations.reports.
"""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from associations.identifiers import normalize_business_id, normalize_registry_number
from associations.models import (
    PUBLISHABLE_FIELDS,
    PUBLISHED_BY_DEFAULT,
    Association,
    AssociationReport,
    FieldOfActivity,
)
from core.forms import HoneypotMixin, PlainTextField
from core.phone import format_phone, normalize_phone
from core.text import validate_one_line, validate_plain_text

TOO_LONG = _("Write at most %(limit_value)d characters (now %(show_value)d).")
BAD_EMAIL = _("Write the e-mail address in the form nimi@esimerkki.fi.")
BAD_URL = _("Write the web address in the form https://www.esimerkki.fi/.")


def _label(name):
    return capfirst(Association._meta.get_field(name).verbose_name)


def _help(name):
    return Association._meta.get_field(name).help_text


def _limit(name, model=Association):
    return model._meta.get_field(name).max_length


def _line(name, required_message=None, model=Association):
    return forms.CharField(
        label=capfirst(model._meta.get_field(name).verbose_name),
        max_length=_limit(name, model),
        required=required_message is not None,
        validators=[validate_one_line],
        error_messages={"required": required_message, "max_length": TOO_LONG},
    )


class PhoneField(forms.CharField):
    """Typed as people write it, cleaned to +358…; shown again the Finnish way."""

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=40, **kwargs)
        self.error_messages["max_length"] = TOO_LONG

    def prepare_value(self, value):
        stored = isinstance(value, str) and value[1:].isdigit() and value.startswith("+")
        return format_phone(value) if stored else value

    def clean(self, value):
        value = super().clean(value)
        return normalize_phone(value) if value else ""


class IdentifierField(forms.CharField):
    def __init__(self, normalize, **kwargs):
        super().__init__(required=False, max_length=20, **kwargs)
        self.normalize = normalize
        self.error_messages["max_length"] = TOO_LONG

    def clean(self, value):
        return self.normalize(super().clean(value))


class AssociationDetailsForm(forms.Form):
    """The record's fields (the register's RECORD_FIELDS), as staff edit them too."""

    name = _line("name", _("Write the association's name."))
    registry_number = IdentifierField(
        normalize_registry_number,
        label=_label("registry_number"),
        help_text=_help("registry_number"),
    )
    business_id = IdentifierField(
        normalize_business_id,
        label=_label("business_id"),
        help_text=_help("business_id"),
    )
    fields_of_activity = forms.MultipleChoiceField(
        label=_label("fields_of_activity"),
        choices=FieldOfActivity.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(
        label=_label("website"),
        max_length=_limit("website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": BAD_URL, "max_length": TOO_LONG},
    )
    email = forms.EmailField(
        label=_label("email"),
        max_length=_limit("email"),
        required=False,
        error_messages={"invalid": BAD_EMAIL, "max_length": TOO_LONG},
    )
    phone = PhoneField(label=_label("phone"))
    description = PlainTextField(
        label=_label("description"),
        max_length=_limit("description"),
        required=False,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": TOO_LONG},
    )
    contact_name = _line("contact_name")
    contact_role = _line("contact_role")
    contact_phone = PhoneField(label=_label("contact_phone"))
    contact_email = forms.EmailField(
        label=_label("contact_email"),
        max_length=_limit("contact_email"),
        required=False,
        help_text=_help("contact_email"),
        error_messages={"invalid": BAD_EMAIL, "max_length": TOO_LONG},
    )
    published_fields = forms.MultipleChoiceField(
        label=_("May be shown in the public directory"),
        help_text=_(
            "The name and the fields of activity are always shown. Tick the other details "
            "the association agrees to publish."
        ),
        choices=[(name, _label(name)) for name in PUBLISHABLE_FIELDS],
        initial=PUBLISHED_BY_DEFAULT,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AssociationReportForm(HoneypotMixin, AssociationDetailsForm):
    # The association's own "website" field is the usual honeypot's name.
    honeypot_field = "homepage"

    """The public form: the record's fields, who reports them, and the honeypot.

    `association` is the record being updated (None for a new one); `full_record` says
    whether the person may see its unpublished values (a confirmed representative).
    """

    submitter_name = _line("submitter_name", _("Write your name."), model=AssociationReport)
    submitter_email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=_limit("submitter_email", AssociationReport),
        help_text=_("The confirmation link is sent here, and later staff's decision."),
        error_messages={
            "required": _("Write your e-mail address."),
            "invalid": BAD_EMAIL,
            "max_length": TOO_LONG,
        },
    )

    def __init__(self, *args, association=None, full_record=True, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitter_name"].label = _("Your name")
        if association is not None:
            values = association.record_values()
            if not full_record:
                # A stranger sees what the directory shows, nothing more; a blank
                # unpublished field is "no change" (associations.reports.proposed_values).
                values = {
                    name: value
                    for name, value in values.items()
                    if name not in PUBLISHABLE_FIELDS or name in association.published_fields
                }
                for name in PUBLISHABLE_FIELDS:
                    if name not in association.published_fields:
                        self.fields[name].help_text = _(
                            "Not shown in the directory. Leave it blank to keep the value "
                            "the city has; anything you write replaces it."
                        )
            self.initial.update(values)
        if user is not None and user.is_authenticated:
            self.initial.setdefault("submitter_email", user.email)
            self.initial.setdefault("submitter_name", user.display_name or "")
        for name, autocomplete in (
            ("submitter_name", "name"),
            ("submitter_email", "email"),
            ("name", "organization"),
        ):
            self.fields[name].widget.attrs["autocomplete"] = autocomplete
        self.add_honeypot()


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        help_text=_("Sent to the reporter by e-mail."),
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_plain_text],
        error_messages={
            "required": _("Write the reason for rejecting: it is sent to the reporter.")
        },
    )


class RepresentationRequestForm(forms.Form):
    association = forms.ModelChoiceField(
        queryset=Association.objects.none(),
        label=_("Association"),
        empty_label=_("Choose an association"),
        help_text=_("The association's contact person is asked to confirm that you represent it."),
        error_messages={
            "required": _("Choose the association you represent."),
            "invalid_choice": _("Choose an association from the list."),
        },
    )

    def __init__(self, *args, site, **kwargs):
        # Its own prefix: the profile page holds the profile form's fields too.
        kwargs.setdefault("prefix", "representation")
        super().__init__(*args, **kwargs)
        # Only the municipality's directory: a record nobody confirmed is not offered.
        self.fields["association"].queryset = (
            Association.objects.published().on_site(site).order_by("name")
            if site is not None
            else Association.objects.none()
        )
