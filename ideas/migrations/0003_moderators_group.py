"""The "Moderaattorit" group: staff who approve, hide and answer ideas and comments.

Members can sign in to the Wagtail admin, see the moderation queues, decide on ideas
and comments, export a wall's ideas, and keep the list of associations participants
choose from. They cannot edit pages or other users.
"""

from django.db import migrations

from core.group_permissions import grant_permissions

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


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0002_moderation_columns_votes_comments"),
        ("accounts", "0002_association"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [grant_permissions(PERMISSIONS, creates_group=True)]
