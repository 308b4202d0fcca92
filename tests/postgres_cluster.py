"""A PostgreSQL server of a test's own, for tests that stop and start the database.

initdb on a free loopback port in a temporary folder, run as the postgres user (the
server refuses root); the server the rest of the suite uses is never touched. Debian's
postgresql package provides the programs: without them the test skips locally and fails
in CI.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

WAIT = 90  # seconds at most for any one server command


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_programs():
    """The newest installed PostgreSQL's bin folder (CI may install another major)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found and (os.geteuid() != 0 or shutil.which("runuser")):
        return Path(found[-1]).parent
    message = "needs the PostgreSQL server programs (Debian's postgresql package) and runuser"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class Cluster:
    def __init__(self, programs, directory):
        self.programs, self.directory = programs, directory
        self.data = directory / "data"
        self.port = free_port()

    def _run(self, program, *args, check=True):
        command = [str(self.programs / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        # Fixed programs and arguments.
        return subprocess.run(  # noqa: S603
            command, check=check, capture_output=True, text=True, timeout=WAIT
        )

    def _pg_ctl(self, *args, check=True):
        return self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", *args, check=check)

    def init(self):
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--no-sync")  # fmt: skip

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory}"
        self._pg_ctl("-o", options, "-l", str(self.directory / "server.log"), "start")

    def stop(self):
        """Every connection is terminated, as when the server restarts."""
        self._pg_ctl("-m", "fast", "stop")

    def createdb(self, name):
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def url(self, name="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


@contextmanager
def throwaway_cluster():
    programs = server_programs()
    directory = Path(tempfile.mkdtemp(prefix="yhdessa-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    cluster = Cluster(programs, directory)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster._pg_ctl("-m", "immediate", "stop", check=False)
        shutil.rmtree(directory, ignore_errors=True)
