"""One writer for tests/test_sqlite_concurrency.py, run in its own process.

    python -m tests.sqlite_writer NAME TRANSACTIONS

It loads the site's settings (DATABASE_URL names a file SQLite database), says
"ready", waits for a line on stdin so that every writer starts at the same moment,
then runs short write transactions the way the site and its task worker do: a
read-then-write (like claiming a task or bumping a counter) and a plain insert.
It prints "done" or the error that stopped it.
"""

import os
import sys

import django
from django.db import connection, transaction


def write(name, transactions):
    with connection.cursor() as cursor:
        for number in range(transactions):
            with transaction.atomic():
                cursor.execute("SELECT total FROM counter WHERE id = 1")
                (total,) = cursor.fetchone()
                cursor.execute("UPDATE counter SET total = %s WHERE id = 1", [total + 1])
            cursor.execute("INSERT INTO row (writer, number) VALUES (%s, %s)", [name, number])


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    name, transactions = sys.argv[1], int(sys.argv[2])
    connection.ensure_connection()
    say("ready")
    sys.stdin.readline()
    try:
        write(name, transactions)
    except Exception as error:  # reported to the test, which fails with it
        say(f"{type(error).__name__}: {error}")
        sys.exit(1)
    say("done")
