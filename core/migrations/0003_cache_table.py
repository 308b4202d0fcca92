"""The database cache's table, so rate limits are shared from the first `migrate` on.

Without REDIS_URL the cache is the database (config/settings/base.py); this makes its
table wherever `migrate` runs (`make run`, a deployment, the test database). With Redis,
or any cache that is not the database, `createcachetable` does nothing.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_report")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
