"""Dashboards read their figures from a real PostgreSQL streaming replica; writes go to the
primary; Karya answers the same without a replica.

The test starts its own servers on loopback, whatever database the suite runs on: a primary
(initdb, replication allowed from 127.0.0.1) and a hot standby made from it with
`pg_basebackup -R`, streaming from it. Karya runs against them in a process of its own
(replica_probe.py), whose settings have DATABASE_URL and DATABASE_REPLICA_URL, and records
which database connection ran each statement of each request. Which server a connection is
connected to is asked of the server itself (`pg_is_in_recovery()`, `inet_server_port()`).
Without PostgreSQL's binaries the test fails (it is not skipped).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from karya.tests.pgcluster import Workspace

ROOT = Path(__file__).resolve().parents[3]


def probe(primary_url: str, replica_url: str | None, *steps: str) -> dict:
    """What replica_probe.py saw in the steps, run in one process against these servers."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DATABASE_REPLICA_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="karya.test_settings",
        DATABASE_URL=primary_url,
        DATABASE_CONN_MAX_AGE="0",
        PYTHONPATH=str(ROOT),
    )
    if replica_url:
        env["DATABASE_REPLICA_URL"] = replica_url
    result = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "karya.reports.tests.replica_probe", *steps],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def servers():
    """A primary and its streaming replica, with what Karya saw of them: the schema and a unit
    with three inmates made on the primary, then the dashboard read with the replica set."""
    workspace = Workspace()
    try:
        primary, replica = workspace.cluster("primary"), workspace.cluster("replica")
        primary.initdb()
        primary.allow_replication()
        primary.start()
        primary.psql("CREATE DATABASE karya")
        replica.base_backup_of(primary)
        replica.start()
        urls = primary.url("karya"), replica.url("karya")
        facts = probe(*urls, "setup", "replica")
        yield primary, replica, urls, facts["replica"]
    finally:
        workspace.close()


def test_the_replica_streams_from_the_primary(servers):
    primary, replica, _urls, _facts = servers
    assert primary.psql("SELECT pg_is_in_recovery()") == "f"
    assert replica.psql("SELECT pg_is_in_recovery()") == "t"
    assert primary.psql("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == "1"
    # The schema and the records made on the primary after the base backup reached the replica
    # (three inmates, then two more while the dashboards were read).
    assert replica.psql("SELECT count(*) FROM inmates_inmate", "karya") == "5"


def test_dashboard_figures_come_from_the_replica_and_writes_go_to_the_primary(servers):
    primary, replica, _urls, facts = servers

    # Each alias is connected to the server it names.
    assert facts["servers"]["default"] == {"in_recovery": False, "port": primary.port}
    assert facts["servers"]["replica"] == {"in_recovery": True, "port": replica.port}

    # A refresh was due: reading ran it, and its writes went to the primary only.
    due = facts["refresh_due"]
    assert due["status"] == 200
    assert due["writes"]["default"] > 0
    assert due["writes"]["replica"] == 0
    assert due["population"] == 3

    # Nothing due, the replica caught up: the figures are read from the replica only; the
    # session and the user from the primary.
    for step in ("caught_up", "report_xlsx"):
        seen = facts[step]
        assert seen["status"] == 200
        assert seen["figures_read"]["replica"] > 0
        assert seen["figures_read"]["default"] == 0
        assert seen["writes"] == {"default": 0, "replica": 0}
        assert seen["session_read"]["default"] == 1
        assert seen["session_read"]["replica"] == 0
        assert seen["user_read"]["default"] == 1
        assert seen["user_read"]["replica"] == 0
    assert facts["caught_up"]["population"] == 3

    # Two inmates registered while the replica's replay was paused: the replica's figures are
    # behind, so they are read from the primary, and the page shows the five.
    lagging = facts["replica_lagging"]
    assert lagging["figures_read"]["replica"] == 0
    assert lagging["figures_read"]["default"] > 0
    assert lagging["population"] == 5

    # Once it has replayed them, the replica serves the figures again, the same five.
    resumed = facts["replica_resumed"]
    assert resumed["figures_read"]["replica"] > 0
    assert resumed["figures_read"]["default"] == 0
    assert resumed["population"] == 5

    # A replica that cannot be reached: the page still answers, from the primary.
    unreachable = facts["replica_unreachable"]
    assert unreachable["status"] == 200
    assert unreachable["figures_read"]["default"] > 0
    assert unreachable["population"] == 5


def test_karya_answers_without_a_replica(servers):
    _primary, _replica, urls, _facts = servers
    facts = probe(urls[0], None, "primary-only")["primary-only"]
    assert facts["aliases"] == ["default"]
    assert facts["status"] == 200
    assert facts["figures_read"]["default"] > 0
    assert facts["population"] == 5
