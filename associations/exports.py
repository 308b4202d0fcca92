"""The register as CSV or XLSX for staff: one row per association.

Everyone who may list the register gets what each association published; the values it
did not publish go in their own columns, and only to staff whose permission allows it
(`can_export_private_association_fields`): without it those columns are not in the file
at all. core.exports writes the files and neutralises every text a spreadsheet could read
as a formula (associations typed the values).
"""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from associations.history import field_label, value_text
from associations.models import PUBLISHABLE_FIELDS
from core import exports


def can_export_private_association_fields(user):
    """May see and export the details associations did not publish."""
    return user.has_perm("associations.view_private_association_fields")


def register_queryset(queryset):
    """The rows an export reads, with everything each row shows in a fixed number of queries."""
    return queryset.select_related("site").prefetch_related("fields_of_activity")


class RegisterExport:
    def __init__(self, associations, *, include_private=False):
        self.associations = register_queryset(associations).with_confirmation_flag()
        self.include_private = include_private

    def headings(self):
        headings = [
            field_label("name"),
            field_label("site"),
            field_label("fields_of_activity"),
            *(field_label(name) for name in PUBLISHABLE_FIELDS),
            field_label("is_listed"),
            field_label("confirmed_at"),
            _("Unconfirmed for over 12 months"),
        ]
        if self.include_private:
            headings += [
                _("%(field)s (not published)") % {"field": field_label(name)}
                for name in PUBLISHABLE_FIELDS
            ]
        return headings

    def row(self, association):
        published = association.public_values()
        row = [
            association.name,
            association.site.site_name or association.site.hostname,
            value_text(
                "fields_of_activity",
                [field.slug for field in association.fields_of_activity.all()],
            ),
            *(value_text(name, published.get(name, "")) for name in PUBLISHABLE_FIELDS),
            value_text("is_listed", association.is_listed),
            exports.local(association.confirmed_at),
            value_text("is_flagged", association.needs_confirmation),
        ]
        if self.include_private:
            row += [
                "" if name in published else value_text(name, getattr(association, name))
                for name in PUBLISHABLE_FIELDS
            ]
        return row

    def rows(self):
        # prefetch_related needs a chunk size with iterator(); 500 rows at a time.
        for association in self.associations.iterator(chunk_size=500):
            yield self.row(association)

    def response(self, file_format):
        filename = f"{slugify(_('association register'))}-{timezone.localdate().isoformat()}"
        widths = [36, 16, 30] + [24] * len(PUBLISHABLE_FIELDS) + [10, 16, 12]
        if self.include_private:
            widths += [24] * len(PUBLISHABLE_FIELDS)
        return exports.table_response(
            file_format, filename, _("Associations"), widths, self.headings(), self.rows()
        )


def export_register(associations, file_format, *, user):
    export = RegisterExport(
        associations, include_private=can_export_private_association_fields(user)
    )
    return export.response(file_format)
