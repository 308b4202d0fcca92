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
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

REPO_ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("YHDESSA_PG_BIN", "/usr/lib/postgresql/15/bin"))
WAIT = 90  # seconds at most for each step; the test never waits longer

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="CI runs this on PostgreSQL"
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(args):
    """initdb and the server refuse to run as root; run them as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


def run(args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=WAIT, **kwargs)  # noqa: S603


class Cluster:
    def __init__(self, directory):
        self.directory = directory
        self.data = directory / "data"
        self.port = free_port()

    def pg_ctl(self, *args):
        run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60", *args]))

    def init(self):
        run(
            as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ]
            )
        )

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory}"
        self.pg_ctl("-o", options, "-l", str(self.directory / "server.log"), "start")

    def stop(self):
        self.pg_ctl("-m", "fast", "stop")

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


@pytest.fixture
def cluster():
    if not (PG_BIN / "initdb").exists():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL's server programs are missing from {PG_BIN}")
        pytest.skip(f"PostgreSQL's server programs are not installed in {PG_BIN}")
    directory = Path(tempfile.mkdtemp(prefix="yhdessa-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    cluster = Cluster(directory)
    cluster.init()
    cluster.start()
    yield cluster
    subprocess.run(  # noqa: S603
        as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(cluster.data), "-m", "immediate", "stop"]),
        capture_output=True,
        timeout=WAIT,
        check=False,
    )
    shutil.rmtree(directory, ignore_errors=True)


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
    run(
        as_postgres(
            [
                str(PG_BIN / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(cluster.port),
                "-U",
                "postgres",
                "yhdessa",
            ]
        )
    )
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
    unit = (REPO_ROOT / "deploy/systemd/yhdessa-worker.service").read_text()
    web = (REPO_ROOT / "deploy/systemd/yhdessa-web.service").read_text()
    makefile = (REPO_ROOT / "Makefile").read_text()
    operating = (REPO_ROOT / "docs/operating.md").read_text()

    assert "manage.py run_worker --backend background" in unit
    assert "Restart=always" in unit
    assert "gunicorn config.wsgi" in web
    assert "Restart=always" in web
    assert "manage.py run_worker --backend background" in makefile
    assert "db_worker" not in makefile
    assert "yhdessa-worker.service" in operating
