"""The "Moderaattorit" group moderates suggested edits too: they are visitor text, held,
reported and hidden like guideline comments (migration 0005)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Moderaattorit"
PERMISSIONS = [
    ("guidelines", "guidelineproposal", "view_guidelineproposal"),
    ("guidelines", "guidelineproposal", "change_guidelineproposal"),
]


def add_permissions(apps, schema_editor):
    # On a fresh database the model permissions are made only after all migrations.
    app_config = apps.get_app_config("guidelines")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label=app_label, content_type__model=model, codename=codename
            )
        )


def remove_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="guidelines", content_type__model="guidelineproposal"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("guidelines", "0009_period_moderation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
