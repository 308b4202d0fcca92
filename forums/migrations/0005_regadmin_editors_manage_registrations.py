"""Wagtail's "Editors" group handles meeting registrations in the admin.

Editors are the staff who announce and run forum meetings (coordinators, communications):
they take the registrations, mark who came and e-mail the registrants. The "Moderaattorit"
group moderates visitors' texts and does not see who registered.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Editors"
PERMISSIONS = ["view_registration", "change_registration"]


def add_permissions(apps, schema_editor):
    # On a fresh database the model permissions are made only after all migrations.
    app_config = apps.get_app_config("forums")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return  # a site that removed Wagtail's default group gives the permission itself
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="forums",
            content_type__model="registration",
            codename__in=PERMISSIONS,
        )
    )


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="forums",
                content_type__model="registration",
                codename__in=PERMISSIONS,
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0004_calendar_previous_start"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
