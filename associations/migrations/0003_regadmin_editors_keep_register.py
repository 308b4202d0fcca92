"""Wagtail's "Editors" group keeps the association register in the admin.

Editors (communications staff, coordinators) add associations, correct their details
and confirm them by phone. Seeing and exporting the details an association did not
publish is a permission of its own, given to nobody here: superusers have it, and
docs/editing.md says whom a site should give it to. A site that removed Wagtail's
default group gives the permissions itself.
"""

from django.db import migrations

from core.group_permissions import grant_permissions

PERMISSIONS = [
    ("associations", "association", "view_association"),
    ("associations", "association", "add_association"),
    ("associations", "association", "change_association"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0002_fields_and_sign_up_associations"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [grant_permissions(PERMISSIONS, group="Editors", only_existing=True)]
