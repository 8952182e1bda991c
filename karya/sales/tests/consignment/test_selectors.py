"""What the consignment pages read: goods held per partner with value and age (first in first
out), and what is overdue: goods held too long, settlements due, invoices unpaid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope

from karya.inventory.tests.conftest import make_location, make_product
from karya.sales.selectors import consignment as selectors
from karya.sales.services.consignment import (
    consignment_location,
    consignment_return,
    settlement_confirm,
)
from karya.sales.services.payments import payment_record
from karya.sales.tests.conftest import make_agreement
from karya.sales.tests.consignment.conftest import SHOP, consign, report

pytestmark = pytest.mark.django_db


def _overview(facility, today):
    with scope(facility=[facility.pk]):
        return selectors.consignment_overview(facility=facility, today=today)


def _held(facility, today, **kwargs):
    with scope(facility=[facility.pk]):
        return selectors.held_goods(facility=facility, today=today, **kwargs)


@pytest.mark.parametrize(
    ("day", "before"),
    [
        (dt.date(2026, 1, 15), dt.date(2025, 12, 15)),
        (dt.date(2026, 3, 31), dt.date(2026, 2, 28)),
        (dt.date(2024, 3, 30), dt.date(2024, 2, 29)),
    ],
)
def test_a_month_before(day, before):
    assert selectors.month_before(day) == before


def test_the_age_is_the_oldest_arrival_still_held_first_in_first_out(
    facility, output_officer, store, shop, trap, trap_lot, today
):
    consign(output_officer, store, shop, trap, 10, trap_lot, days_ago=100)
    consign(output_officer, store, shop, trap, 10, trap_lot, days_ago=20)
    [held] = _held(facility, today)
    assert (held.quantity, held.age_days, held.held_too_long) == (20, 100, True)
    assert held.arrived_on == today - dt.timedelta(days=100)
    assert (held.agreed_price, held.value) == (Decimal(35000), Decimal(700000))
    with scope(facility=[facility.pk]):  # 12 come back: the 10 oldest and 2 of the newer
        consignment_return(
            actor=output_officer, location=shop, destination=store, product=trap, quantity=12
        )
    [held] = _held(facility, today)
    assert (held.quantity, held.age_days, held.held_too_long, held.value) == (
        8,
        20,
        False,
        Decimal(280000),
    )


def test_goods_are_read_from_the_ledger_whatever_brought_them(
    facility, other_facility, output_officer, store, shop, trap, nest, trap_lot, today
):
    """A plain stock transfer puts goods at a partner like a handover; a product the agreement
    does not price is shown without value; another unit's partners never appear."""
    brush = make_product(facility, name="Sikat kawat", unit="buah")
    with scope(facility=[facility.pk]):
        from karya.inventory.services import stock_receive

        stock_receive(actor=output_officer, location=store, product=brush, quantity=5)
    consign(output_officer, store, shop, brush, 5)
    consign(output_officer, store, shop, nest, 3)
    theirs = make_agreement(other_facility, schemes=["konsinyasi"], name=SHOP)
    foreign_product = make_product(other_facility, name="Perangkap tikus")
    foreign_store = make_location(other_facility)
    with scope(facility=[other_facility.pk]):
        from karya.inventory.services import stock_receive

        stock_receive(
            actor=output_officer, location=foreign_store, product=foreign_product, quantity=9
        )
        foreign_shop = consignment_location(actor=output_officer, partner=theirs.partner)
    consign(output_officer, foreign_store, foreign_shop, foreign_product, 9)
    rows = _held(facility, today)
    assert [(r.product.name, r.quantity, r.agreed_price) for r in rows] == [
        ("Sarang burung lovebird", 3, Decimal(25000)),
        ("Sikat kawat", 5, None),
    ]
    assert rows[1].value is None and rows[0].age_days == 0
    overview = _overview(facility, today)
    assert [p.partner.legal_name for p in overview.partners] == [SHOP]
    assert overview.value == Decimal(75000) and overview.units == 8


def test_goods_held_too_long_are_overdue(
    facility, output_officer, store, shop, trap, trap_lot, today
):
    consign(output_officer, store, shop, trap, 4, trap_lot, days_ago=91)
    overview = _overview(facility, today)
    assert [(g.product, g.age_days) for g in overview.held_too_long] == [(trap, 91)]
    assert overview.partners[0].bands == [0, 0, 0, 4]
    assert overview.partners[0].is_overdue
    assert not _overview(facility, today - dt.timedelta(days=1)).held_too_long  # 90 days


def test_a_settlement_is_due_a_month_after_the_last_period_or_the_first_arrival(
    facility, output_officer, shop_agreement, consigned, trap, today
):
    due = _overview(facility, today).settlements_due
    assert [(d.agreement, d.since, d.settled_before) for d in due] == [
        (shop_agreement, today - dt.timedelta(days=40), False)
    ]
    report(
        output_officer,
        shop_agreement,
        [(trap, 1)],
        start=today - dt.timedelta(days=60),
        end=selectors.month_before(today) - dt.timedelta(days=1),
    )
    due = _overview(facility, today).settlements_due
    assert [(d.since, d.settled_before) for d in due] == [
        (selectors.month_before(today) - dt.timedelta(days=1), True)
    ]
    report(
        output_officer,
        shop_agreement,
        [(trap, 1)],
        start=selectors.month_before(today),
        end=today - dt.timedelta(days=3),
    )
    overview = _overview(facility, today)
    assert overview.settlements_due == [] and not overview.partners[0].settlement_due


def test_a_partner_holding_nothing_owes_no_settlement_and_appears_while_its_pks_runs(
    facility, shop_agreement, today
):
    exploring = make_agreement(facility, schemes=["konsinyasi"], name="Toko Lain")
    with scope(facility=[facility.pk]):
        exploring.status = "EXPLORATION"
        exploring.save()
    overview = _overview(facility, today)
    assert [(p.partner.legal_name, p.units, p.is_overdue) for p in overview.partners] == [
        (SHOP, 0, False)
    ]


def test_invoices_unpaid_after_their_due_date_are_overdue_until_paid(
    facility, output_officer, treasurer, shop_agreement, consigned, trap, today
):
    settlement = report(
        output_officer,
        shop_agreement,
        [(trap, 10)],
        start=today - dt.timedelta(days=20),
        end=today - dt.timedelta(days=1),
    )
    with scope(facility=[facility.pk]):
        settlement_confirm(actor=output_officer, settlement=settlement, due_on=today)
    assert _overview(facility, today).unpaid_invoices == []
    later = today + dt.timedelta(days=3)
    [invoice] = _overview(facility, later).unpaid_invoices
    assert (invoice.amount, invoice.outstanding, invoice.days_overdue) == (
        Decimal(315000),
        Decimal(315000),
        3,
    )
    sale = invoice.sale
    with scope(facility=[facility.pk]):
        payment_record(actor=treasurer, sale=sale, amount=300000, method="cash")
    [invoice] = _overview(facility, later).unpaid_invoices
    assert invoice.outstanding == Decimal(15000)
    assert _overview(facility, later).partners[0].unpaid == [invoice]
    with scope(facility=[facility.pk]):
        payment_record(actor=treasurer, sale=sale, amount=15000, method="cash")
        listed, _cursor = selectors.settlement_list(facility=facility)
    assert _overview(facility, later).unpaid_invoices == []
    assert listed[0].invoice.outstanding == 0
