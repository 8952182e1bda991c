"""Two officers take the last units at the same moment: exactly one succeeds.

On PostgreSQL (the production database) two real threads, each with its own connection and
transaction, race for the last 5 units. On SQLite, which serialises writing transactions
anyway, the same scenario runs on one connection, one take after the other. Neither form
is skipped.
"""

import threading
import time

import pytest
from django.db import connection, connections
from django_scopes import scope, scopes_disabled

from karya.inventory.models import StockMove
from karya.inventory.services import InsufficientStock, stock_receive, stock_take
from karya.inventory.tests.conftest import ledger_problems, quantity_at

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 20  # seconds; far more than any step needs


@pytest.fixture
def last_five(facility, output_officer, gallery, broom):
    with scope(facility=[facility.pk]):
        stock_receive(
            actor=output_officer, location=gallery, product=broom, quantity=5, kind="opening"
        )
    return gallery


def _take(facility, actor, location, product):
    with scope(facility=[facility.pk]):
        return stock_take(actor=actor, location=location, product=product, quantity=5, kind="sold")


def _in_thread(target, results, name):
    def run():
        try:
            results[name] = target()
        except Exception as exc:  # the test looks at what each thread got
            results[name] = exc
        finally:
            connections.close_all()

    return threading.Thread(target=run, name=name)


def _outcome(results, facility, gallery, broom):
    moves = [r for r in results.values() if isinstance(r, StockMove)]
    refusals = [r for r in results.values() if isinstance(r, InsufficientStock)]
    assert len(moves) == 1 and len(refusals) == 1, results
    assert refusals[0].available == 0 and refusals[0].code == "insufficient_stock"
    assert quantity_at(gallery, broom) == 0
    with scopes_disabled():
        assert StockMove.objects.filter(kind="sold").count() == 1
        remaining = sum(StockMove.objects.values_list("quantity", flat=True))
    assert remaining == 0
    assert ledger_problems(facility) == []


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_two_takes_of_the_last_units_one_is_refused(
    facility, output_officer, head, last_five, broom
):
    gallery = last_five
    results = {}
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        for name, actor in (("first", output_officer), ("second", head)):
            try:
                results[name] = _take(facility, actor, gallery, broom)
            except InsufficientStock as exc:
                results[name] = exc
        _outcome(results, facility, gallery, broom)
        return

    # The first officer's transaction takes the units and stays open; the second officer's
    # take starts meanwhile and must wait on the row, then see the committed 0 and refuse.
    taken, release = threading.Event(), threading.Event()

    def first():
        from django.db import transaction

        with transaction.atomic():
            move = _take(facility, output_officer, gallery, broom)
            taken.set()
            assert release.wait(WAIT)
        return move

    def second():
        assert taken.wait(WAIT)
        return _take(facility, head, gallery, broom)

    threads = [_in_thread(first, results, "first"), _in_thread(second, results, "second")]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + WAIT
    while _lock_waiters() == 0:  # the second take is blocked on the first one's row lock
        assert time.monotonic() < deadline, "the second take never waited for the first"
        assert "second" not in results, results
        time.sleep(0.02)
    release.set()
    for thread in threads:
        thread.join(WAIT)
    assert isinstance(results["first"], StockMove), results
    assert isinstance(results["second"], InsufficientStock), results
    _outcome(results, facility, gallery, broom)


def test_two_takes_started_at_the_same_instant(facility, output_officer, head, last_five, broom):
    gallery = last_five
    results = {}
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        results["first"] = _take(facility, head, gallery, broom)
        with pytest.raises(InsufficientStock) as refused:
            _take(facility, output_officer, gallery, broom)
        results["second"] = refused.value
        _outcome(results, facility, gallery, broom)
        return

    start = threading.Barrier(2, timeout=WAIT)

    def racer(actor):
        def run():
            start.wait()
            return _take(facility, actor, gallery, broom)

        return run

    threads = [
        _in_thread(racer(output_officer), results, "a"),
        _in_thread(racer(head), results, "b"),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    _outcome(results, facility, gallery, broom)
