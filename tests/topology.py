"""The production topology on loopback: Redis, gunicorn instances, Varnish with the shipped VCL.

tests/test_varnish.py and bench/scale.py start the same processes with the same commands
an operator's units run (deploy/), each on a free loopback port, and stop them again.
Debian's packages provide the programs (redis-server, varnish); a missing one raises
MissingProgram, which a test turns into a skip locally and a failure in CI.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from tests.postgres_cluster import free_port

REPO_ROOT = Path(__file__).resolve().parent.parent
VCL_DIR = REPO_ROOT / "deploy" / "varnish"
START_TIMEOUT = 90
HOST_VARIABLES = ("PATH", "HOME", "LANG", "TMPDIR")


class MissingProgram(Exception):
    """A Debian package the topology needs is not installed."""


def program(name, package):
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if found is None:
        raise MissingProgram(f"{name} is not installed (Debian's {package} package).")
    return found


def host_env(**settings):
    """What a unit's process has from its host, plus the site's settings."""
    env = {k: v for k, v in os.environ.items() if k in HOST_VARIABLES or k.startswith("LC_")}
    env.update(PYTHONUNBUFFERED="1", **settings)
    return env


def wait_until(ready, what, process=None, timeout=START_TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if ready():
                return
        except (requests.ConnectionError, requests.Timeout, OSError):
            pass
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} stopped while starting (exit {process.returncode})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start in {timeout} s")
        time.sleep(0.2)


class Processes:
    """Everything one test or bench started; stop() ends each of them (and only them)."""

    def __init__(self):
        self.started = []
        self.directory = Path(tempfile.mkdtemp(prefix="yhdessa-topology-"))

    def spawn(self, command, env=None, log=None, cwd=REPO_ROOT):
        output = open(self.directory / log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
        process = subprocess.Popen(  # noqa: S603 (fixed programs, loopback only)
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        self.started.append(process)
        return process

    def stop(self):
        for process in reversed(self.started):
            if process.poll() is None:
                process.terminate()
        for process in reversed(self.started):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)
        self.started.clear()
        shutil.rmtree(self.directory, ignore_errors=True)

    def redis(self):
        """A throwaway redis-server; returns its REDIS_URL."""
        server = program("redis-server", "redis-server")
        port = free_port()
        process = self.spawn(
            [
                server,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            log="redis.log",
        )
        import redis

        client = redis.Redis(host="127.0.0.1", port=port)
        wait_until(client.ping, "redis-server", process)
        return f"redis://127.0.0.1:{port}/0"

    def gunicorn(self, env, workers=2, ready_path="/", host="127.0.0.1"):
        """One app instance as yhdessa-web@<port>.service runs it; returns its port."""
        port = free_port()
        process = self.spawn(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
                "--preload",
            ],
            env=env,
            log=f"gunicorn-{port}.log",
        )
        url = f"http://127.0.0.1:{port}{ready_path}"
        headers = {"Host": host, "X-Forwarded-Proto": "https"}
        wait_until(
            lambda: requests.get(url, headers=headers, timeout=30).status_code == 200,
            f"gunicorn on port {port}",
            process,
        )
        return port

    def worker(self, env):
        """A task worker as yhdessa-worker@.service runs it."""
        return self.spawn(
            [sys.executable, "manage.py", "run_worker", "--backend", "background", "--no-reload"],
            env=env,
            log=f"worker-{len(self.started)}.log",
        )

    def varnish(self, backend_ports, host="127.0.0.1", memory="64m", port=None):
        """varnishd with the shipped deploy/varnish/yhdessa.vcl in front of the instances;
        only the backends file (ports, the probe's host name) is this run's own."""
        varnishd = program("varnishd", "varnish")
        folder = self.directory / "vcl"
        folder.mkdir()
        (folder / "yhdessa-backends.vcl").write_text(backends_vcl(backend_ports, host))
        port = port or free_port()
        self.spawn(
            [
                varnishd,
                "-F",
                "-j",
                "none",
                "-a",
                f"127.0.0.1:{port}",
                "-f",
                str(VCL_DIR / "yhdessa.vcl"),
                "-p",
                f"vcl_path={folder}:{VCL_DIR}",
                "-n",
                str(self.directory / "varnish"),
                "-s",
                f"malloc,{memory}",
                "-T",
                "none",
            ],
            log="varnish.log",
        )
        base = f"http://127.0.0.1:{port}"
        wait_until(
            lambda: requests.get(f"{base}/", headers={"Host": host}, timeout=30).status_code == 200,
            "varnishd",
        )
        return base


def backends_vcl(ports, host):
    """deploy/varnish/yhdessa-backends.vcl for these loopback ports and host name."""
    backends = "\n".join(
        f'backend web_{port} {{ .host = "127.0.0.1"; .port = "{port}";'
        " .probe = yhdessa_health; .first_byte_timeout = 60s; }"
        for port in ports
    )
    added = "\n".join(f"    yhdessa_web.add_backend(web_{port});" for port in ports)
    return (
        "probe yhdessa_health {\n"
        f'    .request = "GET / HTTP/1.1" "Host: {host}" "X-Forwarded-Proto: https"'
        ' "Connection: close";\n'
        "    .interval = 1s; .window = 3; .threshold = 2; .initial = 2; .timeout = 30s;\n"
        "}\n"
        f"{backends}\n"
        f"sub vcl_init {{\n{added}\n}}\n"
    )


def manage(env, *args, timeout=1200):
    """`manage.py <args>` in a process of its own with `env`; its output if it fails."""
    result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
