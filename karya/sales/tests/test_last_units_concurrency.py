"""Two officers sell, or hand over, the last units of a product at the same moment: exactly
one succeeds, the other gets the clear "not enough stock" refusal, the stock never goes
negative and only one sale (or posted BAST) exists.

On PostgreSQL (the production database) real threads, each with its own connection and
transaction, start at once; on SQLite, which serialises writing transactions anyway, the same
two attempts run one after the other. Neither form is skipped."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from karya.core.errors import DomainError
from karya.inventory.services import InsufficientStock
from karya.inventory.tests.conftest import ledger_problems, quantity_at
from karya.sales.models import Handover, Sale
from karya.sales.services.counter import CounterLine, counter_sale
from karya.sales.services.handovers import handover_post
from karya.sales.tests.counter_support import counter  # noqa: F401
from karya.sales.tests.handover_fixtures import agreement, make_draft  # noqa: F401
from karya.tests.concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)

SOLD = dt.datetime(2026, 2, 14, 2, 30, tzinfo=dt.UTC)


def _one_won(results, winner_type):
    won = [r for r in results.values() if isinstance(r, winner_type)]
    refused = [r for r in results.values() if isinstance(r, DomainError)]
    assert len(won) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], InsufficientStock), refused
    # The clear refusal: the product and what is left (0), in the thread's language.
    assert refused[0].code == "insufficient_stock" and refused[0].available == 0
    assert "Sapu lakop" in str(refused[0]) and " 0 buah" in str(refused[0])
    return won[0]


def test_two_counter_sales_of_the_last_units_one_is_refused(facility, make_user, counter):  # noqa: F811
    second = make_user("output_officer", facility=facility, username="hasilkerja2")

    def sell(actor):
        return lambda: counter_sale(
            actor=actor,
            location=counter.gallery,
            lines=[CounterLine(counter.lakop, 10)],  # all 10 lakop the gallery holds
            payment_method="cash",
            amount_tendered=None,
            sold_at=SOLD,
        )

    results = race(facility, {"a": sell(counter.officer), "b": sell(second)})
    _one_won(results, Sale)
    assert quantity_at(counter.gallery, counter.lakop) == 0
    with scopes_disabled():
        assert Sale.objects.count() == 1
    assert ledger_problems(facility) == []


def test_two_handovers_of_the_last_units_one_is_refused(
    facility,
    output_officer,
    head,
    make_draft,  # noqa: F811
    lakop,
    store,
):
    drafts = [make_draft(lines=[(lakop, 400, None)]) for _ in range(2)]  # all 400 in the store

    def post(actor, draft):
        return lambda: handover_post(actor=actor, handover=draft)

    results = race(facility, {"a": post(output_officer, drafts[0]), "b": post(head, drafts[1])})
    posted = _one_won(results, Handover)
    assert posted.number.endswith("/0001")
    assert quantity_at(store, lakop) == 0
    with scopes_disabled():
        assert Handover.objects.exclude(number="").count() == 1
    assert ledger_problems(facility) == []
