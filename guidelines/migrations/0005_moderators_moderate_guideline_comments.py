"""The "Moderaattorit" group (ideas' migration 0003) moderates guideline comments too."""

from django.db import migrations

from core.group_permissions import grant_permissions

PERMISSIONS = [
    ("guidelines", "guidelinecomment", "view_guidelinecomment"),
    ("guidelines", "guidelinecomment", "change_guidelinecomment"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("guidelines", "0004_section_comments"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [grant_permissions(PERMISSIONS)]
