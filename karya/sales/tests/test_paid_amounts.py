"""What was paid per workshop and product in a period (the finance area's input): the payment
allocations summed by the day they were paid in the unit's zone, refunds deducted on the day
they were paid back, with the material cost of what was paid."""

import datetime as dt
from decimal import Decimal

import pytest

from karya.inventory.tests.conftest import make_product
from karya.sales.selectors.money import PaidAmount, paid_amounts
from karya.sales.services.counter import CounterLine, counter_sale
from karya.sales.services.payments import payment_record, payment_refund
from karya.sales.services.sales import LineInput, sale_create

pytestmark = pytest.mark.usefixtures("in_scope")
JAN_31_LATE = dt.datetime(2026, 1, 31, 17, 30, tzinfo=dt.UTC)  # 1 February, 00.30 WIB


def test_paid_amounts_per_workshop_and_product(facility, other_facility, counter):
    # 31 January: 7 brooms (5 of the lot costing 1.200, 2 of the lot costing 1.300) and a
    # car wash (no workshop makes it here), cash.
    counter_sale(
        actor=counter.officer,
        location=counter.gallery,
        lines=[CounterLine(counter.broom, 7), CounterLine(counter.car_wash, 1)],
        payment_method="cash",
        sold_at=dt.datetime(2026, 1, 31, 3, 0, tzinfo=dt.UTC),
    )
    # An order of 4 lakop paid half on 31 January 17.30 UTC: 1 February in WIB.
    order = sale_create(
        actor=counter.officer,
        facility=facility,
        channel="order",
        lines=[LineInput(counter.lakop, 4, 25000)],
        sold_at=dt.datetime(2026, 1, 30, 3, 0, tzinfo=dt.UTC),
    )
    half = payment_record(
        actor=counter.officer, sale=order, amount=50000, method="cash", paid_at=JAN_31_LATE
    )
    # A refund of 10.000 of it on 3 February.
    payment_refund(
        actor=counter.officer,
        payment=half,
        amount=10000,
        reason="Satu cacat",
        paid_at=dt.datetime(2026, 2, 3, 3, 0, tzinfo=dt.UTC),
    )
    # Another unit's payments never count.
    foreign = make_product(other_facility, name="Batik")
    from django_scopes import scope

    with scope(facility=[other_facility.pk]):
        other = sale_create(
            actor=counter.officer,
            facility=other_facility,
            channel="order",
            lines=[LineInput(foreign, 1, 99000)],
            sold_at=dt.datetime(2026, 1, 30, 3, 0, tzinfo=dt.UTC),
        )
        payment_record(actor=counter.officer, sale=other, amount=99000, method="cash")

    january = paid_amounts(facility=facility, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
    assert january == [
        PaidAmount(None, "", counter.car_wash.pk, "Cuci mobil", Decimal(40000), Decimal(0)),
        PaidAmount(
            counter.workshop.pk,
            "Bengkel Sapu",
            counter.broom.pk,
            "Sapu lidi",
            Decimal(105000),
            Decimal(5 * 1200 + 2 * 1300),
        ),
    ]
    february = paid_amounts(facility=facility, start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28))
    assert february == [
        PaidAmount(
            counter.workshop.pk,
            "Bengkel Sapu",
            counter.lakop.pk,
            "Sapu lakop",
            Decimal(40000),
            Decimal(10000 - 2000),  # half of 4 × 5.000, less a fifth of it paid back
        )
    ]
    assert paid_amounts(facility=facility, start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 2))[
        0
    ].amount == Decimal(50000)
