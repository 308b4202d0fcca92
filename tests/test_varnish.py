"""Varnish in front of the app servers, with the shipped deploy/varnish/yhdessa.vcl.

A real varnishd (Debian's varnish package) on a free loopback port in front of a real
gunicorn on a migrated SQLite site with the demo content: anonymous pages come from
Varnish's cache, anything personal goes to the app, and a PURGE of a path (what the app
sends when a page changes) makes the next visitor see the fresh page. Without varnishd
the tests skip locally and fail in CI.
"""

import os
import subprocess
import tempfile

import pytest

from tests import topology

HOST = "127.0.0.1"


def require(name, package):
    try:
        return topology.program(name, package)
    except topology.MissingProgram as missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} CI needs it.")
        pytest.skip(str(missing))


def compile_vcl(vcl_path):
    varnishd = require("varnishd", "varnish")
    with tempfile.TemporaryDirectory() as workdir:
        return subprocess.run(  # noqa: S603 (the system's varnishd, compile only)
            [
                varnishd,
                "-C",
                "-j",
                "none",
                "-n",
                f"{workdir}/varnish",
                "-f",
                str(topology.VCL_DIR / "yhdessa.vcl"),
                "-p",
                f"vcl_path={vcl_path}",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def test_the_shipped_vcl_and_backends_compile():
    result = compile_vcl(topology.VCL_DIR)
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_vcl_compiles_with_the_backends_the_bench_writes(tmp_path):
    (tmp_path / "yhdessa-backends.vcl").write_text(topology.backends_vcl([8001, 8002], HOST))
    result = compile_vcl(f"{tmp_path}:{topology.VCL_DIR}")
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_varnish_unit_runs_the_shipped_vcl():
    drop_in = (topology.REPO_ROOT / "deploy/systemd/varnish.service.d/yhdessa.conf").read_text()
    assert "-f /etc/yhdessa/yhdessa.vcl" in drop_in
    assert "vcl_path=/etc/yhdessa" in drop_in
