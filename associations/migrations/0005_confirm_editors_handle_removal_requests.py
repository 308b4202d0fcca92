"""Wagtail's "Editors" group handles removal requests in the admin ("Poistopyynnöt").

Editors keep the association register (communications, coordinators); a site that removed
Wagtail's default group gives the permission itself.
"""

from django.db import migrations

from core.group_permissions import grant_permissions

PERMISSIONS = [
    ("associations", "removalrequest", "view_removalrequest"),
    ("associations", "removalrequest", "change_removalrequest"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0004_confirm_removal_requests"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [grant_permissions(PERMISSIONS, group="Editors", only_existing=True)]
