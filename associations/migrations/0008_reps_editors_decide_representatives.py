"""Wagtail's "Editors" group decides requests to represent an association in the admin.

Editors are the staff who keep the register and run the forums; a representative confirmed
by them can update the record and nominate forum members. A site that removed Wagtail's
default group gives the permission itself.
"""

from django.db import migrations

from core.group_permissions import grant_permissions

PERMISSIONS = [
    ("associations", "representation", "view_representation"),
    ("associations", "representation", "change_representation"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0007_directory_page"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [grant_permissions(PERMISSIONS, group="Editors", only_existing=True)]
