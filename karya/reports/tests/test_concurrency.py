"""A sale recorded while its unit's figures are being refreshed is not lost: the refresh that
was running finishes with what it read, the sale's own refresh waits for it, then computes
again with the sale (its mark is still there).

On PostgreSQL two real threads with their own connections race; on SQLite, which serialises
writing transactions anyway, the same steps run one after the other. Neither is skipped."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections
from django_scopes import scope, scopes_disabled

from karya.production.models import Product
from karya.reports import figures
from karya.reports.models import AggregateMark, AggregateState, UnitMonth
from karya.reports.periods import current_month
from karya.reports.services import aggregates_refresh
from karya.sales.services.sales import LineInput, sale_create

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 20  # seconds; far more than any step needs


def _in_thread(target, results, name):
    def run():
        try:
            results[name] = target()
        except Exception as exc:  # the test looks at what each thread got
            results[name] = exc
        finally:
            connections.close_all()

    return threading.Thread(target=run, name=name)


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_a_sale_during_a_refresh_is_counted(facility, head, monkeypatch):
    with scopes_disabled():
        broom = Product.objects.create(
            facility=facility, name="Sapu", category="kerajinan", unit_of_measure="batang"
        )
    # Figures to compute (a mark written directly: no refresh of its own on commit).
    AggregateMark.objects.create(facility=facility, month=current_month(facility.timezone))

    def refresh():
        return aggregates_refresh(facility=facility)

    def sell():
        with scope(facility=[facility.pk]):
            return sale_create(
                actor=head,
                facility=facility,
                channel="counter",
                lines=[LineInput(broom, 10, Decimal(15000))],
            )  # committed, then its own refresh runs

    results = {}
    if connection.vendor == "postgresql":
        computed, go_on = threading.Event(), threading.Event()
        real = figures.compute

        def slow(*args, **kwargs):
            result = real(*args, **kwargs)
            if threading.current_thread().name == "refresh":
                computed.set()
                go_on.wait(WAIT)  # holds the unit's lock, with figures read before the sale
            return result

        monkeypatch.setattr(figures, "compute", slow)
        first = _in_thread(refresh, results, "refresh")
        first.start()
        assert computed.wait(WAIT)
        second = _in_thread(sell, results, "sale")
        second.start()
        deadline = time.monotonic() + WAIT
        while _lock_waiters() < 1 and time.monotonic() < deadline:  # the sale's refresh waits
            time.sleep(0.05)
        assert _lock_waiters() == 1  # for the unit's lock, held by the running refresh
        go_on.set()
        first.join(WAIT)
        second.join(WAIT)
    else:
        assert connection.vendor == "sqlite"
        results["refresh"] = refresh()
        results["sale"] = sell()
    assert not any(isinstance(r, Exception) for r in results.values()), results
    with scopes_disabled():
        row = UnitMonth.objects.get(facility=facility, month=current_month(facility.timezone))
    assert row.revenue == 150000 and row.sales_count == 1
    assert not AggregateMark.objects.exists()
    assert AggregateState.objects.get(facility=facility).through == row.month
