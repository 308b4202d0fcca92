"""Wagtail's "Editors" group approves forum seats in the admin (can_manage_forum_seats).

Editors run the forums: they approve or reject the associations' nominations and keep
each forum's list of members and deputies, with their addresses. A site that removed
Wagtail's default group gives the permission itself.
"""

from django.db import migrations

from core.group_permissions import grant_permissions

PERMISSIONS = [
    ("forums", "forumseat", "view_forumseat"),
    ("forums", "forumseat", "change_forumseat"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0012_seats_forum_seats"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [grant_permissions(PERMISSIONS, group="Editors", only_existing=True)]
