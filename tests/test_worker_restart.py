"""The e-mail worker keeps working when PostgreSQL restarts.

`db_worker` used to exit with "terminating connection due to administrator command" and
queued mail waited until someone restarted it by hand. This test starts a PostgreSQL
cluster of its own (initdb on a free port; the shared server is never touched), runs
`manage.py run_worker` against it as production does, stops and starts the cluster,
queues a message and waits (bounded) for the worker to send it. The message goes to the
console e-mail backend of the development settings, i.e. to the worker's output.

PostgreSQL only, as the rest of the PostgreSQL suite; it needs PostgreSQL's server
programs, which CI installs (postgresql-15): missing there, the test fails.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.postgres_cluster import WAIT, throwaway_cluster

REPO_ROOT = Path(__file__).resolve().parent.parent

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="CI runs this on PostgreSQL"
)


def run(args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=WAIT, **kwargs)  # noqa: S603


@pytest.fixture
def cluster():
    with throwaway_cluster() as cluster:
        yield cluster


def wait_for(text, path, process):
    """Wait until `text` appears in the file the worker writes; fail if it stops first."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if text in path.read_text(errors="replace"):
            return
        assert process.poll() is None, f"the worker stopped:\n{path.read_text()}"
        time.sleep(0.2)
    pytest.fail(f"{text!r} did not appear in time:\n{path.read_text()}")


@on_postgresql
def test_queued_mail_is_sent_after_postgresql_restarts(cluster, tmp_path):
    cluster.createdb("yhdessa")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": cluster.url("yhdessa"),
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "--no-input"], cwd=REPO_ROOT, env=env)

    output = tmp_path / "worker.log"
    with output.open("w") as log:
        worker = subprocess.Popen(  # noqa: S603
            [
                *manage,
                "run_worker",
                "--backend",
                "background",
                "--no-startup-delay",
                "--no-reload",
                "--interval",
                "0.2",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for("Starting worker", output, worker)

        cluster.stop()  # every connection is terminated, as on a restart
        wait_for("The database is not answering", output, worker)
        cluster.start()

        queue = (
            "from core.mail import queue_email; "
            "queue_email(['aino@yhdistys.example'], 'Ideasi', 'Sent after the restart.')"
        )
        run([*manage, "shell", "-c", queue], cwd=REPO_ROOT, env=env)
        wait_for("Sent after the restart.", output, worker)
        assert "To: aino@yhdistys.example" in output.read_text()
        assert worker.poll() is None, "the worker keeps running"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=WAIT)


def test_production_and_make_run_use_the_worker_that_survives_restarts():
    unit = (REPO_ROOT / "deploy/systemd/yhdessa-worker@.service").read_text()
    web = (REPO_ROOT / "deploy/systemd/yhdessa-web@.service").read_text()
    makefile = (REPO_ROOT / "Makefile").read_text()
    operating = (REPO_ROOT / "docs/operating.md").read_text()

    assert "manage.py run_worker --backend background" in unit
    assert "Restart=always" in unit
    assert "gunicorn config.wsgi" in web
    assert "Restart=always" in web
    assert "manage.py run_worker --backend background" in makefile
    assert "db_worker" not in makefile
    assert "yhdessa-worker@.service" in operating
