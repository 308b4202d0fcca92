"""The register's history as staff read it: each change, field by field, in words.

AssociationChange keeps plain values (slugs, field names, +358… numbers); this module is
the one place that turns a field name into its label and a stored value into what a
person reads, for the history view and the register's export alike.
"""

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from associations.models import HISTORY_FIELDS, Association, FieldOfActivity
from core.phone import format_phone

PHONE_FIELDS = {"phone", "contact_phone"}


def field_label(name):
    """A record field's label as the admin's form shows it: "Yhteyshenkilön puhelin"."""
    return str(capfirst(Association._meta.get_field(name).verbose_name))


def value_text(name, value):
    """A stored value of field `name` in words: names of fields, 040 123 4567, Kyllä/Ei."""
    if name == "fields_of_activity":
        kinds = dict(FieldOfActivity.Kind.choices)
        return ", ".join(str(kinds.get(slug, slug)) for slug in value or [])
    if name == "published_fields":
        return ", ".join(field_label(field) for field in value or [])
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name in PHONE_FIELDS:
        return format_phone(value)
    return "" if value is None else str(value)


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


def field_changes(change):
    """One AssociationChange's fields in the register's order, each before and after."""
    return [
        FieldChange(
            label=field_label(name),
            before=value_text(name, change.changes[name][0]),
            after=value_text(name, change.changes[name][1]),
        )
        for name in HISTORY_FIELDS
        if name in change.changes
    ]


def changes_of(association):
    """Every change to the record, newest first, with who made it (one query)."""
    return association.changes.select_related("changed_by").order_by("-changed_at", "-pk")
