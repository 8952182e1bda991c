"""Run by test_read_replica.py in a process of its own, whose settings point at real servers:
`python -m karya.reports.tests.replica_probe <step>...` with DATABASE_URL (the primary) and, for
the steps that need it, DATABASE_REPLICA_URL (its streaming replica). It prints, as JSON on
its last line, what it saw; the test asserts on it. No tests here.

Steps:
- setup: the schema on the primary (from the models, without the migrations' history: fast),
  a unit with a head and three inmates.
- replica: the unit's dashboard and monthly report through HTTP, recording which database
  connection ran each statement: with a refresh due, when nothing is due, while the replica's
  replay is paused (it lags), after it resumed, and when it cannot be reached.
- primary-only: the dashboard with no replica configured.
"""

from __future__ import annotations

import json
import os
import sys
import time
from contextlib import ExitStack, contextmanager

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "karya.test_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from karya.accounts.models import User  # noqa: E402
from karya.facilities.models import Facility  # noqa: E402
from karya.inmates.models import Inmate  # noqa: E402
from karya.reports.choices import Measure  # noqa: E402
from karya.tests.factories import FacilityFactory, InmateFactory, RegionFactory, grant  # noqa: E402
from karya.tests.pgcluster import create_schema, free_port  # noqa: E402

CODE, USERNAME = "LPREP", "kalapas-replika"


def setup() -> dict:
    create_schema()
    region = RegionFactory(name="Jawa Barat", code="jawa-barat")
    facility = FacilityFactory(region=region, code=CODE, name="Lapas Replika")
    head = User.objects.create_user(username=USERNAME, full_name="Kalapas")
    grant(head, "head", facility=facility)
    add_inmates(3)
    return {"inmates": 3}


def add_inmates(count: int) -> None:
    facility = Facility.objects.get(code=CODE)
    with scopes_disabled():
        first = Inmate.objects.filter(facility=facility).count()
        for n in range(first, first + count):  # each committed, then its figures refreshed
            InmateFactory(facility=facility, registration_number=f"BI.{n + 1}/2026")


def server(alias: str) -> dict:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), inet_server_port()")
        in_recovery, port = cursor.fetchone()
    return {"in_recovery": in_recovery, "port": port}


def wait_for_replica(timeout: float = 20) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (lsn,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise RuntimeError("The replica did not catch up")


def replay(paused: bool) -> None:
    with connections["replica"].cursor() as cursor:
        cursor.execute(f"SELECT pg_wal_replay_{'pause' if paused else 'resume'}()")


@contextmanager
def recording(log: dict):
    """`log[alias]` gets the statements each configured database ran meanwhile."""

    def recorder(alias):
        def record(execute, sql, params, many, context):
            log[alias].append(sql)
            return execute(sql, params, many, context)

        return record

    with ExitStack() as stack:
        for alias in connections:
            log[alias] = []
            stack.enter_context(connections[alias].execute_wrapper(recorder(alias)))
        yield


def request(client: Client, name: str) -> dict:
    log: dict[str, list[str]] = {}
    with recording(log):
        response = client.get(reverse(f"reports:{name}", args=[CODE]))
    seen = {
        "status": response.status_code,
        "figures_read": {a: sum("reports_unitmonth" in s for s in log[a]) for a in log},
        "writes": {
            a: sum(s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for s in log[a])
            for a in log
        },
        "session_read": {a: sum("django_session" in s for s in log[a]) for a in log},
        "user_read": {a: sum('FROM "accounts_user"' in s for s in log[a]) for a in log},
        "statements": {a: len(log[a]) for a in log},
    }
    if name == "unit":
        seen["population"] = response.context["board"].month_figures.get(Measure.POPULATION)
    return seen


def replica() -> dict:
    setup_test_environment()  # the test client keeps the rendered context
    client = Client()
    client.force_login(User.objects.get(username=USERNAME))
    facility = Facility.objects.get(code=CODE)
    wait_for_replica()
    # A refresh is due (a mark left over, as after a refresh that failed): reading runs it.
    from karya.reports.models import AggregateMark
    from karya.reports.periods import current_month

    AggregateMark.objects.create(facility=facility, month=current_month(facility.timezone))
    facts = {"servers": {alias: server(alias) for alias in connections}}
    facts["refresh_due"] = request(client, "unit")
    wait_for_replica()
    facts["caught_up"] = request(client, "unit")
    facts["report_xlsx"] = request(client, "unit-xlsx")
    replay(paused=True)
    add_inmates(2)  # committed on the primary, not yet replayed on the replica
    facts["replica_lagging"] = request(client, "unit")
    replay(paused=False)
    wait_for_replica()
    facts["replica_resumed"] = request(client, "unit")
    # The replica stops answering (its address now leads nowhere): the primary serves.
    connections["replica"].close()
    connections["replica"].settings_dict["PORT"] = free_port()
    facts["replica_unreachable"] = request(client, "unit")
    return facts


def primary_only() -> dict:
    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(username=USERNAME))
    facts = request(client, "unit")
    facts["aliases"] = sorted(settings.DATABASES)
    return facts


if __name__ == "__main__":
    steps = {"setup": setup, "replica": replica, "primary-only": primary_only}
    print(json.dumps({step: steps[step]() for step in sys.argv[1:]}, default=str))
