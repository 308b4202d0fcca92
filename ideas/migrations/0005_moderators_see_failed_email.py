"""Moderators see the e-mail to authors that could not be sent, and can send it again."""

from django.db import migrations

from core.group_permissions import grant_permissions

PERMISSIONS = [
    ("django_tasks_database", "dbtaskresult", "view_dbtaskresult"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0004_text_without_control_characters"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [grant_permissions(PERMISSIONS)]
