"""The bare sign-up list of associations retires: the register replaced it.

associations' migration 0002 copied every listed name and every person's choice or typed
name into the register as unconfirmed requests to represent it, so it must run first.
"""

from django.db import migrations


def forget_the_list_permissions(apps, schema_editor):
    """Staff groups were given the list's permissions (ideas' 0003); they refer to nothing now."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="accounts", model="association").delete()


class Migration(migrations.Migration):
    dependencies = [
        # The copy into the register must read these before they go.
        ("associations", "0002_fields_and_sign_up_associations"),
        # The moderators' group was given the list's permissions; that grant reads the model.
        # Wagtail's choose permissions first, as before: they go to every group that may
        # use the admin, and the moderators were made without them.
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("ideas", "0003_moderators_group"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0003_text_without_control_characters"),
    ]

    operations = [
        migrations.RunPython(forget_the_list_permissions, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="user",
            name="association",
        ),
        migrations.RemoveField(
            model_name="user",
            name="association_name_given",
        ),
        migrations.DeleteModel(
            name="Association",
        ),
    ]
