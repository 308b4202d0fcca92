"""The "Moderaattorit" group: staff who approve, hide and answer ideas and comments.

Members can sign in to the Wagtail admin, see the moderation queues, decide on ideas
and comments, export a wall's ideas, and keep the list of associations participants
choose from. They cannot edit pages or other users.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Moderaattorit"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("ideas", "idea", "view_idea"),
    ("ideas", "idea", "change_idea"),
    ("ideas", "ideacomment", "view_ideacomment"),
    ("ideas", "ideacomment", "change_ideacomment"),
    ("accounts", "association", "view_association"),
    ("accounts", "association", "add_association"),
    ("accounts", "association", "change_association"),
]


def add_group(apps, schema_editor):
    # On a fresh database the model permissions are made only after all migrations;
    # make them now so the group can be given them.
    for label in ("ideas", "accounts"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model, codename in PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        )
        group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0002_moderation_columns_votes_comments"),
        ("accounts", "0002_association"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_group, remove_group)]
