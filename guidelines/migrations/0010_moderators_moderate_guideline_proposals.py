"""The "Moderaattorit" group moderates suggested edits too: they are visitor text, held,
reported and hidden like guideline comments (migration 0005)."""

from django.db import migrations

from core.group_permissions import grant_permissions

PERMISSIONS = [
    ("guidelines", "guidelineproposal", "view_guidelineproposal"),
    ("guidelines", "guidelineproposal", "change_guidelineproposal"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("guidelines", "0009_period_moderation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [grant_permissions(PERMISSIONS)]
