"""Worked examples of the proceeds split, as the units report them (DESIGN.md §3): each row is
a sale paid in full and the parts the treasurer must see, in whole rupiah."""

from decimal import Decimal

import pytest
from django_scopes import scope

from karya.finance.models import ProceedsSplit
from karya.finance.tests.helpers import make_rule, parts

TURNOVER, PROFIT = "turnover", "profit"


def split_of(payment) -> ProceedsSplit:
    with scope(facility=[payment.facility_id]):
        return ProceedsSplit.objects.get(allocation__payment=payment)


@pytest.mark.parametrize(
    ("shares", "base", "quantity", "price", "cost", "expected"),
    [
        # A harvest of Rp 1.270.000; 70 % to PNBP and capital (40 + 30), 30 % premi.
        ((30, 40, 30), TURNOVER, 1, 1270000, None, (381000, 508000, 381000, 0)),
        # The same harvest with the 70 % split evenly between PNBP and capital.
        ((30, 35, 35), TURNOVER, 1, 1270000, None, (381000, 444500, 444500, 0)),
        # 50 % PNBP / 35 % premi / 15 % programme of turnover (Rp 1.140 brooms × 2.500).
        ((35, 50, 15), TURNOVER, 1140, 2500, None, (997500, 1425000, 427500, 0)),
        # 50 % premi / 15 % PNBP / 35 % capital of the profit after material cost: 10 tables
        # at Rp 500.000 made of Rp 350.000 of wood each → profit Rp 1.500.000.
        ((50, 15, 35), PROFIT, 10, 500000, 350000, (750000, 225000, 525000, 3500000)),
        # Shares with decimals: the rupiah left by rounding down go to the largest remainders.
        ((33.33, 33.33, 33.34), TURNOVER, 1, 10, None, (3, 3, 4, 0)),
        ((12.5, 37.5, 50), TURNOVER, 3, 333, None, (125, 375, 499, 0)),
        # A loss: material cost above the price leaves no profit to share; all goes to capital.
        ((50, 15, 35), PROFIT, 2, 10000, 12000, (0, 0, 0, 20000)),
    ],
)
def test_worked_examples(receive, broom, shares, base, quantity, price, cost, expected):
    make_rule(shares, base=base)
    line = (broom, quantity, price, cost) if cost is not None else (broom, quantity, price)
    split = split_of(receive([line]))
    premi, pnbp, capital, material = (Decimal(x) for x in expected)
    assert parts(split) == (premi, pnbp, capital, material)
    assert split.amount == quantity * price
    assert split.base_amount == premi + pnbp + capital == split.amount - material
    assert split.capital_fund == capital + material


def test_the_1270000_harvest_gives_381000_to_the_premi_pool(receive, broom, workshop):
    make_rule((30, 40, 30))
    split = split_of(receive([(broom, 1, 1270000)]))
    assert split.premi == Decimal(381000)
    assert split.pnbp + split.capital == Decimal(889000)  # the 70 % for PNBP and capital
    assert split.workshop == workshop and split.rule.premi_percent == Decimal("30.00")


def test_each_line_is_split_by_the_rule_of_its_own_workshop(
    receive, broom, lakop, workshop, other_workshop
):
    """A payment for goods of two workshops: each part by the most specific rule."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        workshop.products.set([broom])
        other_workshop.products.set([lakop])
    make_rule((30, 40, 30))
    make_rule((50, 15, 35), workshop=other_workshop)
    payment = receive([(broom, 4, 2500), (lakop, 2, 15000)])
    with scope(facility=[payment.facility_id]):
        by_workshop = {
            s.workshop: (s.premi, s.pnbp, s.capital, s.rule.scope)
            for s in ProceedsSplit.objects.filter(allocation__payment=payment).select_related(
                "rule", "workshop"
            )
        }
    assert by_workshop == {
        workshop: (Decimal(3000), Decimal(4000), Decimal(3000), "national"),
        other_workshop: (Decimal(15000), Decimal(4500), Decimal(10500), "workshop"),
    }


def test_a_part_payment_is_split_as_it_is_received(receive, broom):
    """An invoice paid in two instalments: each payment is split when it comes in, and the
    parts of both add up to the split of the whole."""
    from karya.sales.services.payments import payment_record

    make_rule((30, 40, 30))
    first = receive([(broom, 1, 1270000)], amount=635001)
    with scope(facility=[first.facility_id]):
        second = payment_record(
            actor=first.created_by,
            sale=first.sale,
            amount=634999,
            method="cash",
            paid_at=first.paid_at,
        )
        splits = list(ProceedsSplit.objects.filter(allocation__payment__sale=first.sale))
    assert {s.allocation.payment for s in splits} == {first, second}
    assert sum(s.premi for s in splits) == Decimal(381000)
    assert sum(s.pnbp for s in splits) == Decimal(508000)
    assert sum(s.capital for s in splits) == Decimal(381000)
