"""An import and an officer add the same registration number at the same moment: the import
is refused with Conflict ("try again") and writes nothing, the officer's inmate stays.

On PostgreSQL two real threads, each with its own connection: the officer's transaction holds
the new number while the import streams its rows with COPY and waits on the unique index;
when the officer commits, the import fails. On SQLite, which serialises writing transactions,
the officer's inmate is added on the same connection between the import's plan and its
writing (so it is rolled back with the import). Neither form is skipped.
"""

import threading
import time

import pytest
from django.db import connection, connections
from django_scopes import scope, scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.errors import Conflict
from karya.inmates import services
from karya.inmates.models import Inmate
from karya.inmates.tests.sdp import run_import, sdp_csv, sdp_row

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 20  # seconds; far more than any step needs
FILE = sdp_csv([sdp_row(f"BI.{n}/2026") for n in range(1, 40)])


def _add_by_hand(facility, officer):
    with scope(facility=[facility.pk]):
        return services.inmate_create(
            actor=officer,
            facility=facility,
            registration_number="BI.7/2026",
            name="Eko Gerabahan",
            sex="L",
            status="narapidana",
            security_class="medium",
        )


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _race_on_postgresql(facility, officer):
    from django.db import transaction

    holding, release, results = threading.Event(), threading.Event(), {}

    def officer_adds():
        try:
            with transaction.atomic():
                _add_by_hand(facility, officer)
                holding.set()
                release.wait(WAIT)
        finally:
            connections.close_all()

    def import_runs():
        try:
            results["import"] = run_import(facility, FILE, actor=officer)
        except Exception as exc:  # the test looks at what the import got
            results["import"] = exc
        finally:
            connections.close_all()

    adding = threading.Thread(target=officer_adds)
    adding.start()
    assert holding.wait(WAIT)
    importing = threading.Thread(target=import_runs)
    importing.start()
    deadline = time.monotonic() + WAIT
    while _lock_waiters() < 1 and time.monotonic() < deadline:  # the import waits on BI.7
        time.sleep(0.05)
    release.set()
    adding.join(WAIT)
    importing.join(WAIT)
    return results["import"]


def _race_on_sqlite(facility, officer, monkeypatch):
    write = services._import_write

    def officer_first(*args, **kwargs):  # the officer's inmate lands after the plan
        _add_by_hand(facility, officer)
        return write(*args, **kwargs)

    monkeypatch.setattr(services, "_import_write", officer_first)
    try:
        return run_import(facility, FILE, actor=officer)
    except Conflict as exc:
        return exc


def test_a_number_added_meanwhile_refuses_the_import_with_a_conflict(
    facility, officer, monkeypatch
):
    if connection.vendor == "postgresql":
        outcome = _race_on_postgresql(facility, officer)
    else:
        assert connection.vendor == "sqlite"
        outcome = _race_on_sqlite(facility, officer, monkeypatch)

    assert isinstance(outcome, Conflict), outcome
    assert outcome.code == "conflict"
    assert not AuditEntry.objects.filter(action="import").exists()
    with scopes_disabled():
        assert not Inmate.objects.exclude(registration_number="BI.7/2026").exists()
        if connection.vendor == "postgresql":  # the officer's own transaction committed
            officers = Inmate.objects.values_list("registration_number", "name")
            assert list(officers) == [("BI.7/2026", "Eko Gerabahan")]
