"""Two withdrawals of the last spendable rupiah at the same moment: exactly one succeeds and
the balance never goes negative.

On PostgreSQL (the production database) two real threads, each with its own connection and
transaction, race for the same money. On SQLite, which serialises writing transactions anyway,
the same scenario runs on one connection, one withdrawal after the other. Neither form is
skipped.
"""

import threading
import time

import pytest
from django.db import connection, connections
from django_scopes import scope, scopes_disabled

from karya.premi import selectors
from karya.premi.models import InmateLedgerEntry
from karya.premi.services.ledger import InsufficientBalance, ledger_withdraw
from karya.premi.tests.helpers import approved_week

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 20  # seconds; far more than any step needs
SPENDABLE = 6_250  # Budi's spendable part of Rp 25.000 at 25%


@pytest.fixture
def budi(sapu, treasurer, head, proceeds):
    approved_week(sapu, treasurer, head, proceeds)
    return sapu.budi


def _withdraw(inmate, actor):
    with scope(facility=[inmate.facility_id]):
        return ledger_withdraw(actor=actor, inmate=inmate, amount=SPENDABLE, purpose="canteen")


def _in_thread(target, results, name):
    def run():
        try:
            results[name] = target()
        except Exception as exc:  # the test looks at what each thread got
            results[name] = exc
        finally:
            connections.close_all()

    return threading.Thread(target=run, name=name)


def _outcome(results, inmate):
    entries = [r for r in results.values() if isinstance(r, InmateLedgerEntry)]
    refusals = [r for r in results.values() if isinstance(r, InsufficientBalance)]
    assert len(entries) == 1 and len(refusals) == 1, results
    assert refusals[0].available == 0
    with scope(facility=[inmate.facility_id]):
        balance = selectors.balance_of(inmate)
    assert (balance.spendable, balance.savings) == (0, 18_750)
    with scopes_disabled():
        assert InmateLedgerEntry.objects.filter(kind="withdrawal").count() == 1


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_two_withdrawals_of_the_last_rupiah_one_is_refused(budi, treasurer, head):
    results = {}
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        for name, actor in (("first", treasurer), ("second", head)):
            try:
                results[name] = _withdraw(budi, actor)
            except InsufficientBalance as exc:
                results[name] = exc
        _outcome(results, budi)
        return

    # The first withdrawal takes the money and its transaction stays open; the second starts
    # meanwhile, must wait on the inmate's row, then see the committed 0 and refuse.
    taken, release = threading.Event(), threading.Event()

    def first():
        from django.db import transaction

        with transaction.atomic():
            entry = _withdraw(budi, treasurer)
            taken.set()
            assert release.wait(WAIT)
        return entry

    def second():
        assert taken.wait(WAIT)
        return _withdraw(budi, head)

    threads = [_in_thread(first, results, "first"), _in_thread(second, results, "second")]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + WAIT
    while _lock_waiters() == 0:  # the second withdrawal is blocked on the first one's lock
        assert time.monotonic() < deadline, "the second withdrawal never waited for the first"
        assert "second" not in results, results
        time.sleep(0.02)
    release.set()
    for thread in threads:
        thread.join(WAIT)
    assert isinstance(results["first"], InmateLedgerEntry), results
    assert isinstance(results["second"], InsufficientBalance), results
    _outcome(results, budi)


def test_two_withdrawals_started_at_the_same_instant(budi, treasurer, head):
    results = {}
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        results["first"] = _withdraw(budi, head)
        with pytest.raises(InsufficientBalance) as refused:
            _withdraw(budi, treasurer)
        results["second"] = refused.value
        _outcome(results, budi)
        return

    start = threading.Barrier(2, timeout=WAIT)

    def racer(actor):
        def run():
            start.wait()
            return _withdraw(budi, actor)

        return run

    threads = [_in_thread(racer(treasurer), results, "a"), _in_thread(racer(head), results, "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    _outcome(results, budi)
