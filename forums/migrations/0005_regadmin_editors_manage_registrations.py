"""Wagtail's "Editors" group handles meeting registrations in the admin.

Editors are the staff who announce and run forum meetings (coordinators, communications):
they take the registrations, mark who came and e-mail the registrants. The "Moderaattorit"
group moderates visitors' texts and does not see who registered. A site that removed
Wagtail's default group gives the permission itself.
"""

from django.db import migrations

from core.group_permissions import grant_permissions

PERMISSIONS = [
    ("forums", "registration", "view_registration"),
    ("forums", "registration", "change_registration"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0004_calendar_previous_start"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [grant_permissions(PERMISSIONS, group="Editors", only_existing=True)]
