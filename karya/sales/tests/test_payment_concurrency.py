"""Two cashiers record the last amount owed on an invoice at the same moment: exactly one
payment is recorded, the other is refused, and the sale is never overpaid.

On PostgreSQL two real threads, each with its own connection and transaction, race (the first
holds the sale's row lock until the second is seen waiting on it). On SQLite, which
serialises writing transactions anyway, the same scenario runs one payment after the other.
Neither form is skipped."""

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django_scopes import scope, scopes_disabled

from karya.core.errors import DomainError
from karya.inventory.tests.test_concurrency import _in_thread, _lock_waiters
from karya.sales.models import Payment
from karya.sales.services.payments import payment_record, sale_paid
from karya.sales.services.sales import InvoiceInput, LineInput, sale_create

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 20


@pytest.fixture
def owed(facility, counter):
    """An invoiced sale of Rp 50.000 of which Rp 20.000 is paid: Rp 30.000 still owed."""
    with scope(facility=[facility.pk]):
        sale = sale_create(
            actor=counter.officer,
            facility=facility,
            channel="order",
            lines=[LineInput(counter.lakop, 2, 25000)],
            invoice=InvoiceInput(bill_to="Dinas", due_on=dt.date(2099, 1, 1)),
        )
        payment_record(actor=counter.officer, sale=sale, amount=20000, method="cash")
    return sale


def _pay(facility, actor, sale):
    with scope(facility=[facility.pk]):
        return payment_record(actor=actor, sale=sale, amount=30000, method="cash")


def _outcome(results, facility, sale):
    payments = [r for r in results.values() if isinstance(r, Payment)]
    refusals = [r for r in results.values() if isinstance(r, DomainError)]
    assert len(payments) == 1 and len(refusals) == 1, results
    assert refusals[0].code == "overpayment"
    with scope(facility=[facility.pk]):
        assert sale_paid(sale) == Decimal(50000)
    with scopes_disabled():
        assert Payment.objects.filter(sale=sale).count() == 2


def test_two_payments_of_the_last_amount_owed_one_is_refused(facility, counter, make_user, owed):
    treasurer = make_user("treasurer", facility=facility)
    results = {}
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        for name, actor in (("first", counter.officer), ("second", treasurer)):
            try:
                results[name] = _pay(facility, actor, owed)
            except DomainError as exc:
                results[name] = exc
        _outcome(results, facility, owed)
        return

    paid, release = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            payment = _pay(facility, counter.officer, owed)
            paid.set()
            assert release.wait(WAIT)
        return payment

    def second():
        assert paid.wait(WAIT)
        return _pay(facility, treasurer, owed)

    threads = [_in_thread(first, results, "first"), _in_thread(second, results, "second")]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + WAIT
    while _lock_waiters() == 0:  # the second payment waits on the sale's row lock
        assert time.monotonic() < deadline, "the second payment never waited for the first"
        assert "second" not in results, results
        time.sleep(0.02)
    release.set()
    for thread in threads:
        thread.join(WAIT)
    assert isinstance(results["first"], Payment), results
    assert isinstance(results["second"], DomainError), results
    _outcome(results, facility, owed)


def test_two_payments_started_at_the_same_instant(facility, counter, make_user, owed):
    treasurer = make_user("treasurer", facility=facility)
    results = {}
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        results["a"] = _pay(facility, treasurer, owed)
        with pytest.raises(DomainError) as refused:
            _pay(facility, counter.officer, owed)
        results["b"] = refused.value
        _outcome(results, facility, owed)
        return

    start = threading.Barrier(2, timeout=WAIT)

    def racer(actor):
        def run():
            start.wait()
            return _pay(facility, actor, owed)

        return run

    threads = [
        _in_thread(racer(counter.officer), results, "a"),
        _in_thread(racer(treasurer), results, "b"),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    _outcome(results, facility, owed)
