"""B7 and B8 of the benchmark: the public catalogue under load, and one app worker's memory
after it.

Karya is served by gunicorn the way `make run` serves it (karya.loadtest.serve: three workers,
production settings, static files collected into a directory of this run) in a process of its
own, on the benchmark's database; the load comes from this process over loopback
(karya.loadtest.measure_public_catalogue): first a trivial view (/healthz, one `SELECT 1`)
requested by every client without pausing, then the catalogue's pages (its home, the units'
pages and the product pages it links to) the same way, for the same time. B7 compares the two
throughputs; B8 is the largest worker's resident memory read after the catalogue phase."""

from __future__ import annotations

import os
import secrets
import subprocess  # nosec B404: this interpreter running our own manage.py, no shell
import sys
import tempfile
from pathlib import Path

from karya.bench.report import Figure
from karya.loadtest import measure_public_catalogue, serve
from karya.loadtest.server import SOURCE_ROOT, WORKERS

USERS = 20  # clients requesting without pausing: enough to keep three workers busy


def server_env(var_dir: Path) -> dict[str, str]:
    """This process's environment (its DATABASE_URL) with production settings: DEBUG off, a
    secret key of this run, plain HTTP on loopback, files under `var_dir`."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="karya.settings",
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
        KARYA_VAR_DIR=str(var_dir),
    )
    env.pop("STATIC_ROOT", None)
    return env


def collect_static(env: dict[str, str]) -> None:
    done = subprocess.run(  # noqa: S603  # nosec B603 # this interpreter, our own manage.py
        [sys.executable, str(SOURCE_ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        cwd=SOURCE_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"collectstatic failed: {done.stderr[-2000:]}")


def measure_catalogue(ctx) -> list[Figure]:
    """B7 and B8 (see the module's docstring); `ctx.load_seconds` per phase."""
    with tempfile.TemporaryDirectory(prefix="karya-bench-serve-") as var:
        env = server_env(Path(var))
        collect_static(env)
        with serve(workers=WORKERS, env=env, log=Path(var) / "server.log") as server:
            result = measure_public_catalogue(
                server.base_url, duration=ctx.load_seconds, users=USERS, server_pid=server.pid
            )
    trivial, catalogue = result["trivial"], result["catalogue"]
    ratio = result["ratio"] or 0.0
    rss = result["worker_rss_max_mb"]
    phase = (
        f"{USERS} clients without pause, {ctx.load_seconds:g} s a phase, {WORKERS} gunicorn workers"
    )
    samples = [f"{s}" for s in trivial["error_samples"] + catalogue["error_samples"]]
    return [
        Figure(
            "B7",
            f"public catalogue under load ({len(catalogue['paths'])} pages): errors",
            "zero errors",
            value=result["errors"],
            unit="errors",
            met=result["errors"] == 0,
            samples=trivial["requests"] + catalogue["requests"],
            note=(f"{phase}; " + ("; ".join(samples) if samples else "none")),
        ),
        Figure(
            "B7",
            "public catalogue throughput ÷ trivial view's",
            "≥ 50%",
            value=round(ratio * 100, 1),
            unit="%",
            met=ratio >= 0.5,
            samples=catalogue["requests"],
            median_ms=catalogue["p50_ms"],
            p95_ms=catalogue["p95_ms"],
            note=(
                f"catalogue {catalogue['requests_per_second']:,} req/s "
                f"(p95 {catalogue['p95_ms']} ms), /healthz "
                f"{trivial['requests_per_second']:,} req/s (p95 {trivial['p95_ms']} ms)"
            ),
        ),
        Figure(
            "B8",
            "one app worker's memory after B7",
            "≤ 250 MB RSS",
            value=rss if rss is not None else 0.0,
            unit="MB",
            met=rss is not None and rss <= 250,
            samples=len(result["worker_rss_mb"]),
            peak_rss_mb=rss,
            note="largest of the workers: "
            + ", ".join(f"{mb} MB" for mb in result["worker_rss_mb"].values()),
        ),
    ]


measure_catalogue.figure_id = "B7"
measure_catalogue.also_ids = ("B8",)  # --only B8 measures it too
