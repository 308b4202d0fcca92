"""Wagtail's "Editors" group reviews the associations' reports in the admin.

Editors are the staff who keep the city's pages and forums (coordinators, communications):
they know the associations and keep the register current. A site that removed Wagtail's
default group gives the permission itself.
"""

from django.db import migrations

from core.group_permissions import grant_permissions

PERMISSIONS = [
    ("associations", "associationreport", "view_associationreport"),
    ("associations", "associationreport", "change_associationreport"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0005_confirm_editors_handle_removal_requests"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [grant_permissions(PERMISSIONS, group="Editors", only_existing=True)]
