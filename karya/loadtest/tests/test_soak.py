"""`karya soak` for 20 seconds with 10 simulated users on the demo, in a database of its own:
the server answers every page of every kind of user without an error and the report says so;
and the public catalogue's throughput measurement (issue 10, B7/B8) on the same server setup."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from karya.loadtest import measure_public_catalogue, serve
from karya.loadtest.workload import PAGES

ROOT = Path(settings.BASE_DIR)


def manage(env, *args, timeout=900):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory):
    """The environment of a server process whose database (of the test's own engine: the
    server runs in another process, so pytest-django's test database cannot be shared) holds
    the demo, with production settings."""
    var = tmp_path_factory.mktemp("soak")
    dropped = None
    if connection.vendor == "postgresql":
        params = {k: v for k, v in connection.get_connection_params().items() if k != "context"}
        params["dbname"] = "postgres"
        name = f"karya_soak_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        db = settings.DATABASES["default"]
        url = f"postgres://{db['USER']}@{quote(db['HOST'], safe='')}:{db['PORT']}/{name}"
        dropped = (params, name)
    else:
        url = f"sqlite:///{var / 'soak.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "karya.settings",
        "DEBUG": "0",
        "SECRET_KEY": "soak-test-only",
        "KARYA_VAR_DIR": str(var),
        "DATABASE_URL": url,
    }
    for command in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"]):
        done = manage(env, *command)
        assert done.returncode == 0, done.stdout + done.stderr
    yield env
    if dropped:
        params, name = dropped
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_short_soak_on_the_demo_has_no_error_and_reaches_every_page(demo_env, tmp_path):
    stem = tmp_path / "soak"
    finished = manage(
        demo_env,
        *("soak", "--duration", "20", "--users", "10", "--think", "0.1,0.5"),
        *("--output", str(stem)),
    )
    report = json.loads(stem.with_suffix(".json").read_text())
    assert report["errors"] == 0, report["failures"]
    assert report["server_log_problems"] == []
    assert report["pages_not_reached"] == []
    for label in PAGES:
        assert report["pages"][label]["requests"] > 0, label
        assert report["pages"][label]["p95_ms"] > 0, label
    assert report["server_cpu_ms_per_request"] > 0
    assert len(report["memory"]["workers"]) == 3
    for worker in report["memory"]["workers"].values():
        assert worker["start_mb"] > 0 and worker["end_mb"] > 0
    markdown = stem.with_suffix(".md").read_text()
    assert "Verdict: **PASS**" in markdown
    for label in PAGES:
        assert f"| {label} |" in markdown
    assert finished.returncode == 0, finished.stdout + finished.stderr


def test_soak_refuses_a_database_without_the_demo(demo_env, tmp_path):
    empty = {**demo_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    refused = manage(empty, "soak", "--duration", "5", "--output", str(tmp_path / "x"))
    assert refused.returncode != 0
    assert "does not hold the demo" in refused.stderr
    assert not (tmp_path / "x.json").exists()


def test_public_catalogue_throughput_against_the_trivial_view(demo_env):
    with serve(env=demo_env) as server:
        result = measure_public_catalogue(
            server.base_url, duration=3, users=4, server_pid=server.pid
        )
    assert result["errors"] == 0
    assert result["trivial"]["requests"] > 0
    assert result["catalogue"]["requests"] > 0
    assert "/katalog/" in result["catalogue"]["paths"]
    assert any("-" in path for path in result["catalogue"]["paths"])  # product pages
    assert result["ratio"] == pytest.approx(
        result["catalogue"]["requests_per_second"] / result["trivial"]["requests_per_second"],
        abs=0.01,
    )
    assert len(result["worker_rss_mb"]) == 3
    assert result["worker_rss_max_mb"] == max(result["worker_rss_mb"].values()) > 0
