"""Moderators see the e-mail to authors that could not be sent, and can send it again."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Moderaattorit"


def allow(apps, schema_editor):
    # On a fresh database the model permissions are made only after all migrations.
    app_config = apps.get_app_config("django_tasks_database")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(
        content_type__app_label="django_tasks_database", codename="view_dbtaskresult"
    )
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.add(permission)


def disallow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="django_tasks_database", codename="view_dbtaskresult"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0004_text_without_control_characters"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(allow, disallow)]
