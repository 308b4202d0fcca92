"""On SQLite, the site and its task worker write at the same time without "database is locked".

`make run` serves the site and runs `db_worker` beside it, both on one SQLite file.
With SQLite's defaults a transaction that reads and then writes fails at once when the
other process has written in between, and the site answered publishing with a 500.
Here two processes with the site's own settings each run many short transactions on
one file database at the same moment; every one of them must succeed and every row
must be there. The file database is this test's own (the suite's is in memory), so
this runs in the PostgreSQL run of CI too.
"""

import os
import sqlite3
import subprocess
import sys

from django.conf import settings

WRITERS = ["site", "worker"]
TRANSACTIONS = 300


def test_two_processes_write_to_one_sqlite_file_at_once(tmp_path):
    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as setup:
        setup.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)")
        setup.execute("INSERT INTO counter (id, total) VALUES (1, 0)")
        setup.execute("CREATE TABLE row (writer TEXT NOT NULL, number INTEGER NOT NULL)")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    writers = [
        subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "tests.sqlite_writer", name, str(TRANSACTIONS)],
            cwd=settings.BASE_DIR,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in WRITERS
    ]
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready"
    for writer in writers:  # both start together
        writer.stdin.write("go\n")
        writer.stdin.flush()
    reports = [writer.communicate(timeout=600)[0].strip() for writer in writers]

    assert reports == ["done", "done"]
    with sqlite3.connect(database) as check:
        (total,) = check.execute("SELECT total FROM counter").fetchone()
        counts = dict(check.execute("SELECT writer, COUNT(*) FROM row GROUP BY writer"))
    assert total == len(WRITERS) * TRANSACTIONS
    assert counts == dict.fromkeys(WRITERS, TRANSACTIONS)
