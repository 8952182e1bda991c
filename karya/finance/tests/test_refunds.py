"""Refunds: money paid back is split negatively by the same rule version as the payment it
refunds, and refunding a payment whole undoes its split exactly, part by part."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from django_scopes import scope

from karya.finance.models import ProceedsSplit
from karya.finance.services.rules import Shares, split_rule_supersede
from karya.finance.tests.conftest import at
from karya.finance.tests.helpers import make_rule, parts
from karya.sales.services.payments import payment_refund

PARTS = ("premi", "pnbp", "capital", "material", "amount")


def net(payment) -> dict:
    """The sums of the parts of a payment's splits and of its refunds' splits."""
    with scope(facility=[payment.facility_id]):
        splits = ProceedsSplit.objects.filter(allocation__payment__sale=payment.sale)
        return splits.aggregate(**{p: Sum(p) for p in PARTS})


def refund(treasurer, payment, amount=None, day=dt.date(2026, 2, 10)):
    with scope(facility=[payment.facility_id]):
        return payment_refund(
            actor=treasurer, payment=payment, amount=amount, reason="Retur", paid_at=at(day)
        )


def splits_of(payment):
    with scope(facility=[payment.facility_id]):
        return list(
            ProceedsSplit.objects.filter(allocation__payment=payment).order_by("product_id")
        )


def test_a_whole_refund_mirrors_the_split(receive, broom, lakop, treasurer):
    make_rule((30, 40, 30))
    payment = receive([(broom, 3, 2500), (lakop, 1, 15001)])
    back = refund(treasurer, payment)
    original, reversal = splits_of(payment), splits_of(back)
    assert [tuple(-x for x in parts(s)) for s in reversal] == [parts(s) for s in original]
    assert [s.reverses for s in reversal] == original
    assert net(payment) == dict.fromkeys(PARTS, Decimal(0))


@pytest.mark.parametrize("amounts", [(1, 1, 1), (5000, 5000, None), (3333, 7, 9999, None)])
def test_refunds_in_instalments_undo_the_split_exactly(receive, broom, treasurer, amounts):
    """Whatever the instalments, a payment refunded whole leaves every part at zero, and no
    part of a refund is ever positive."""
    make_rule((33.33, 33.33, 33.34), base="profit")
    payment = receive([(broom, 7, 2857, 1000)])  # Rp 19.999, material Rp 7.000
    for amount in amounts:
        for split in splits_of(refund(treasurer, payment, amount)):
            assert all(part <= 0 for part in parts(split))
    if amounts[-1] is None:
        assert net(payment) == dict.fromkeys(PARTS, Decimal(0))


def test_a_refund_after_a_rule_change_uses_the_rule_of_the_payment(
    receive, broom, treasurer, admin_user
):
    old = make_rule((30, 40, 30))
    payment = receive([(broom, 1, 1270000)], paid_at=at(dt.date(2026, 1, 20)))
    new = split_rule_supersede(
        actor=admin_user,
        rule=old,
        base="turnover",
        shares=Shares(50, 15, 35),
        legal_basis="Perubahan",
        valid_from=dt.date(2026, 2, 1),
    )
    back = refund(treasurer, payment, 270000, day=dt.date(2026, 2, 10))
    (split,) = splits_of(back)
    assert split.rule == old != new
    assert parts(split) == (-81000, -108000, -81000, 0)
    assert split.paid_on == dt.date(2026, 2, 10)  # counted in February's pool and payable


def test_a_refund_gives_back_the_material_cost_of_a_profit_split(receive, broom, treasurer):
    make_rule((50, 15, 35), base="profit")
    payment = receive([(broom, 10, 500000, 350000)])
    (split,) = splits_of(refund(treasurer, payment, 500000))  # one table back
    assert parts(split) == (-75000, -22500, -52500, -350000)
    assert split.base_amount == Decimal(-150000)
