"""Staff's form for a record of the register in the Wagtail admin.

The form checks what staff typed (identifiers through associations.identifiers, phones
through core.phone, uniqueness within the municipality) and says what is wrong in
Finnish; saving goes through associations.register, never a plain model save, so every
edit is in the record's history with the staff member's name.
"""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from associations.history import field_label
from associations.identifiers import normalize_business_id, normalize_registry_number
from associations.models import PUBLISHABLE_FIELDS, Association, ChangeSource
from associations.register import change_association, create_association
from core.municipality_admin import StaffRecordsFormMixin
from core.phone import format_phone, normalize_phone

# The field each uniqueness rule of the municipality is reported on, with its message.
UNIQUE_MESSAGES = {
    "name": _("The municipality's register already has an association of this name."),
    "registry_number": _(
        "The municipality's register already has an association with this register number."
    ),
    "business_id": _(
        "The municipality's register already has an association with this business ID."
    ),
}


def _published_choices():
    return [(name, field_label(name)) for name in PUBLISHABLE_FIELDS]


class AssociationAdminForm(StaffRecordsFormMixin, WagtailAdminModelForm):
    published_fields = forms.MultipleChoiceField(
        label=capfirst(_("published fields")),
        required=False,
        choices=_published_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The details the association agreed to show in the public directory."),
    )
    confirm = forms.BooleanField(
        label=_("Details confirmed now"),
        required=False,
        help_text=_(
            "Tick when you checked the details with the association (for example by phone): "
            "the record counts as confirmed from today."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A record stays in the municipality it was reported on.
            self.fields.pop("site", None)
            for name in ("phone", "contact_phone"):
                self.initial[name] = format_phone(getattr(self.instance, name))
        else:
            # A new record is confirmed as it is made; nothing to tick.
            self.fields.pop("confirm", None)
            municipality = self.fields["site"]
            municipality.label_from_instance = lambda site: site.site_name or site.hostname
            # Staff's own municipality (StaffRecordsFormMixin), else the default one if
            # they work for it.
            if municipality.initial is None:
                municipality.initial = municipality.queryset.filter(is_default_site=True).first()

    def clean_registry_number(self):
        return normalize_registry_number(self.cleaned_data.get("registry_number"))

    def clean_business_id(self):
        return normalize_business_id(self.cleaned_data.get("business_id"))

    def clean_phone(self):
        return self._phone("phone")

    def clean_contact_phone(self):
        return self._phone("contact_phone")

    def _phone(self, name):
        value = (self.cleaned_data.get(name) or "").strip()
        return normalize_phone(value) if value else ""

    def clean_name(self):
        return " ".join((self.cleaned_data.get("name") or "").split())

    def clean(self):
        cleaned = super().clean()
        site = self.instance.site if self.instance.pk else cleaned.get("site")
        if site is None:
            return cleaned
        others = Association.objects.filter(site=site).exclude(pk=self.instance.pk)
        lookups = {
            "name": lambda value: others.filter(name__iexact=value),
            "registry_number": lambda value: others.filter(registry_number=value),
            "business_id": lambda value: others.filter(business_id=value),
        }
        for name, matching in lookups.items():
            value = cleaned.get(name)
            if value and name not in self.errors and matching(value).exists():
                self.add_error(name, UNIQUE_MESSAGES[name])
        return cleaned

    def validate_unique(self):
        # clean() checked the municipality's uniqueness rules with Finnish messages on the
        # right fields; Django's generic "constraint violated" text would only repeat them.
        pass

    def register_values(self):
        """The cleaned values in associations.register's plain form."""
        values = {
            name: self.cleaned_data[name]
            for name in ("name", *PUBLISHABLE_FIELDS, "published_fields", "is_listed")
        }
        values["fields_of_activity"] = sorted(
            field.slug for field in self.cleaned_data["fields_of_activity"]
        )
        return values

    def save(self, commit=True):
        values = self.register_values()
        if self.instance.pk:
            change_association(
                self.instance,
                values,
                by=self.for_user,
                source=ChangeSource.STAFF,
                confirms=self.cleaned_data.get("confirm", False),
            )
            return Association.objects.get(pk=self.instance.pk)
        return create_association(
            self.cleaned_data["site"], values, by=self.for_user, source=ChangeSource.STAFF
        )
