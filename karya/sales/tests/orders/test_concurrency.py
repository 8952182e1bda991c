"""Two officers deliver the same order at the same moment: exactly one delivery, one sale, one
invoice, the goods taken once.

On PostgreSQL two real threads, each with its own connection and transaction: the first
delivers and keeps its transaction open, the second must wait on the order's row lock and then
see the order delivered. On SQLite, which serialises writing transactions anyway, the same
scenario runs one after the other. Neither form is skipped."""

import threading
import time

import pytest
from django.db import connection, transaction
from django_scopes import scope, scopes_disabled

from karya.core.errors import Conflict
from karya.inventory.models import StockMove
from karya.inventory.tests.conftest import ledger_problems, quantity_at
from karya.inventory.tests.test_concurrency import _in_thread, _lock_waiters
from karya.sales.models import Invoice, Sale
from karya.sales.services import orders as services
from karya.sales.tests.orders.support import DELIVERED, confirm, quote

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 20  # seconds; far more than any step needs


def _deliver(order, actor, store):
    with scope(facility=[order.facility_id]):
        return services.order_deliver(
            actor=actor, order=order, location=store, delivered_at=DELIVERED
        )


def test_an_order_is_delivered_once(facility, output_officer, head, store, priced, stocked):
    broom, _lakop = priced
    order = quote(facility, output_officer, [(broom, 1000)])
    confirm(order, output_officer)
    results = {}
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        results["first"] = _deliver(order, output_officer, store)
        with pytest.raises(Conflict) as refused:
            _deliver(order, head, store)
        results["second"] = refused.value
    else:
        delivered, release = threading.Event(), threading.Event()

        def first():
            with transaction.atomic():
                sale = _deliver(order, output_officer, store)
                delivered.set()
                assert release.wait(WAIT)
            return sale

        def second():
            assert delivered.wait(WAIT)
            return _deliver(order, head, store)

        threads = [_in_thread(first, results, "first"), _in_thread(second, results, "second")]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + WAIT
        while _lock_waiters() == 0:  # the second delivery waits for the first one's lock
            assert time.monotonic() < deadline, "the second delivery never waited"
            assert "second" not in results, results
            time.sleep(0.02)
        release.set()
        for thread in threads:
            thread.join(WAIT)
    assert isinstance(results["first"], Sale), results
    assert isinstance(results["second"], Conflict), results
    assert results["second"].code == "illegal_transition"
    with scopes_disabled():
        assert Sale.objects.count() == 1 and Invoice.objects.count() == 1
        assert StockMove.objects.filter(kind="sold").count() == 1
    assert quantity_at(store, broom, stocked) == 500
    assert ledger_problems(facility) == []
