"""CI smoke test of `karya bench`: a tiny dataset generated and measured end to end in a
throwaway PostgreSQL cluster of its own (started here from the PostgreSQL binaries, on a Unix
socket in a temporary directory, as /work/tools/pgtest.sh does), whatever database the suite
itself runs on. No budget is asserted: only that every figure is measured and reported."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[3]
FIGURES = {"B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8"}
UNITS = """
from karya.facilities.models import Facility, Region
region = Region.objects.create(code="uji", name="Uji")
for n, zone in enumerate(["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]):
    Facility.objects.create(region=region, code=f"LPU{n}", name=f"Lapas Uji {n}", type="lapas",
                            facility_class="IIA", timezone=zone)
"""


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        pytest.fail("PostgreSQL binaries (initdb, pg_ctl) are needed for the benchmark smoke test")
    return Path(initdb).parent


@pytest.fixture
def throwaway_cluster():
    """A PostgreSQL cluster for this test only; its DATABASE_URL. Its directory is made
    directly under the system's temporary directory (the postgres user must reach it)."""
    pg = _pg_bin()
    home = Path(tempfile.mkdtemp(prefix="karya-bench-pg-"))
    as_postgres = []
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user
        shutil.chown(home, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def run(*args):
        subprocess.run([*as_postgres, *map(str, args)], check=True, capture_output=True)

    run(pg / "initdb", "-D", home / "data", "-U", "postgres", "--auth=trust", "-E", "UTF8")
    run(
        pg / "pg_ctl",
        "-D",
        home / "data",
        "-l",
        home / "log",
        "-w",
        "-o",
        f"-k {home} -p {port} -c listen_addresses='' -c fsync=off",
        "start",
    )
    try:
        run(pg / "createdb", "-h", home, "-p", port, "-U", "postgres", "karya")
        yield f"postgres://postgres@{quote(str(home), safe='')}:{port}/karya"
    finally:
        run(pg / "pg_ctl", "-D", home / "data", "-m", "immediate", "stop")
        shutil.rmtree(home, ignore_errors=True)


def _manage(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_a_tiny_benchmark_runs_end_to_end_and_reports_every_figure(throwaway_cluster, tmp_path):
    assert _manage(throwaway_cluster, "migrate", "-v0").returncode == 0
    assert _manage(throwaway_cluster, "shell", "-c", UNITS).returncode == 0

    done = _manage(
        throwaway_cluster,
        "bench",
        "--scale",
        "0.0005",
        "--samples",
        "2",
        "--load-seconds",
        "2",
        "--report",
        str(tmp_path / "report"),
    )

    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads((tmp_path / "report.json").read_text())
    assert {f["id"] for f in data["figures"]} == FIGURES
    assert data["scale"] == 0.0005
    assert data["rows"]["programs.Attendance"] > 0 and data["rows"]["sales.SaleLine"] > 0
    markdown = (tmp_path / "report.md").read_text()
    for figure in data["figures"]:
        assert f"| {figure['id']} | {figure['operation']} |" in markdown

    # Figures measured by another process (the load driver's B7/B8) join the same report.
    merged = _manage(
        throwaway_cluster,
        "bench",
        "--reuse",
        "--only",
        "none",
        "--merge",
        str(tmp_path / "report.json"),
        "--report",
        str(tmp_path / "merged"),
    )
    assert merged.returncode == 0, merged.stderr[-3000:]
    rows = json.loads((tmp_path / "merged.json").read_text())["figures"]
    assert rows == data["figures"]

    again = _manage(throwaway_cluster, "bench", "--report", str(tmp_path / "again"))
    assert again.returncode != 0
    assert "--reuse" in again.stderr  # the refusal says how to measure this dataset again
