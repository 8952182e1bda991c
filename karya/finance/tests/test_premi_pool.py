"""The premi pool of a workshop for a period: the premi parts of its proceeds paid in that
period, refunds deducted (what the premi runs divide)."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope

from karya.finance.selectors import premi_pool
from karya.finance.tests.conftest import at
from karya.finance.tests.helpers import make_rule
from karya.sales.services.payments import payment_refund

JANUARY = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))


@pytest.fixture(autouse=True)
def rule(db):
    return make_rule((30, 40, 30))


def pool(workshop, start, end):
    with scope(facility=[workshop.facility_id]):
        return premi_pool(workshop=workshop, start=start, end=end)


def test_the_pool_is_the_premi_of_the_workshops_proceeds_paid_in_the_period(
    receive, broom, workshop, other_workshop, treasurer
):
    receive([(broom, 508, 2500)])  # Rp 1.270.000 on 31 January → premi Rp 381.000
    receive([(broom, 100, 2500)], paid_at=at(dt.date(2026, 2, 1)))  # February's pool
    assert pool(workshop, *JANUARY) == Decimal(381000)
    assert pool(workshop, dt.date(2026, 1, 31), dt.date(2026, 1, 31)) == Decimal(381000)
    assert pool(workshop, dt.date(2026, 1, 1), dt.date(2026, 1, 30)) == 0
    assert pool(workshop, dt.date(2026, 2, 1), dt.date(2026, 2, 28)) == Decimal(75000)
    assert pool(other_workshop, *JANUARY) == 0


def test_a_refund_in_the_period_is_deducted_from_the_pool(receive, broom, workshop, treasurer):
    payment = receive([(broom, 508, 2500)])
    with scope(facility=[workshop.facility_id]):
        payment_refund(
            actor=treasurer,
            payment=payment,
            amount=270000,
            reason="Retur",
            paid_at=at(dt.date(2026, 1, 31)),
        )
    assert pool(workshop, *JANUARY) == Decimal(381000 - 81000)
