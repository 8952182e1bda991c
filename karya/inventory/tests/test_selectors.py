"""Reads: value at cost, stock value per location, slow-moving stock, the move history."""

import datetime as dt
from decimal import Decimal

import pytest

from karya.core.dates import today_in
from karya.inventory import selectors
from karya.inventory.services import stock_receive, stock_take, stock_transfer, stock_write_off
from karya.inventory.tests.conftest import make_location, make_lot, make_product

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_scope")]


def test_value_is_quantity_times_the_latest_cost_of_the_lot(output_officer, store, broom, lot):
    other_lot = make_lot(broom, code="L-2026-002")
    receive = {"actor": output_officer, "location": store, "product": broom}
    stock_receive(**receive, quantity=10, lot=lot, unit_cost=7000)
    stock_receive(**receive, quantity=5, lot=lot, unit_cost=8000)
    stock_receive(**receive, quantity=4, lot=other_lot, unit_cost=6000)
    # Returned goods without a lot: valued at the product's latest cost (any lot).
    stock_receive(**receive, quantity=2, kind="returned", unit_cost=0)
    rows = {(b.lot.code if b.lot else None): b for b in selectors.balances_at(location=store)}
    assert rows["L-2026-001"].unit_cost == 8000 and rows["L-2026-001"].value == 120000
    assert rows["L-2026-002"].value == Decimal(24000)
    assert rows[None].quantity == 2 and rows[None].unit_cost == 6000


def test_a_product_never_costed_has_no_value(output_officer, store, mat):
    stock_receive(actor=output_officer, location=store, product=mat, quantity=3, kind="returned")
    (row,) = selectors.balances_at(location=store)
    assert row.unit_cost is None and row.value is None


def test_stock_value_per_location(output_officer, facility, store, gallery, broom, mat):
    partner = make_location(facility, name="Toko Acun", kind="partner", partner_name="Toko Acun")
    make_location(facility, name="Gudang Lama", is_active=False)
    stock_receive(actor=output_officer, location=store, product=broom, quantity=10, unit_cost=7500)
    stock_receive(
        actor=output_officer,
        location=store,
        product=mat,
        quantity=2,
        kind="opening",
        unit_cost=50000,
    )
    stock_transfer(
        actor=output_officer, source=store, destination=partner, product=broom, quantity=4
    )
    stock_receive(actor=output_officer, location=gallery, product=make_product(facility, "Pot"),
                  quantity=1, kind="returned")  # fmt: skip
    report = selectors.stock_value(facility=facility)
    by_name = {row.location.name: row for row in report.rows}
    assert set(by_name) == {"Gudang Produksi", "Galeri", "Toko Acun"}  # not the empty old store
    assert by_name["Gudang Produksi"].value == 6 * 7500 + 2 * 50000
    assert by_name["Toko Acun"].value == 4 * 7500 and by_name["Toko Acun"].units == 4
    assert by_name["Galeri"].uncosted == 1 and by_name["Galeri"].value == 0
    assert report.value == 10 * 7500 + 100000 and report.units == 13 and report.uncosted == 1


@pytest.fixture
def days_ago(monkeypatch):
    """days_ago(n): a context in which "now" (and so created_at) is n days back."""
    from contextlib import contextmanager

    from django.utils import timezone

    real_now = timezone.now

    @contextmanager
    def back(days):
        monkeypatch.setattr(timezone, "now", lambda: real_now() - dt.timedelta(days=days))
        yield
        monkeypatch.setattr(timezone, "now", real_now)

    return back


def test_slow_moving_stock(
    output_officer, head, facility, store, gallery, broom, mat, lot, days_ago
):
    today = today_in(facility.timezone)
    pot = make_product(facility, "Pot gerabah", unit="buah")
    actor = output_officer
    with days_ago(200):
        stock_receive(actor=actor, location=store, product=broom, quantity=20, lot=lot)
        stock_receive(actor=actor, location=store, product=mat, quantity=5, kind="opening")
        stock_receive(actor=actor, location=store, product=pot, quantity=5, kind="opening")
    with days_ago(150):
        stock_transfer(
            actor=actor, source=store, destination=gallery, product=broom, lot=lot, quantity=5
        )
    with days_ago(120):
        stock_write_off(actor=head, location=store, product=pot, quantity=1, reason="pecah")
    with days_ago(10):
        stock_take(actor=actor, location=store, product=mat, quantity=1, kind="sold")
    rows = selectors.slow_moving(facility=facility, today=today)
    # The mats were sold 10 days ago; a write-off is not a sale; the gallery's brooms count
    # from when they came in.
    assert [(r.balance.location.name, r.balance.product.name, r.days_idle) for r in rows] == [
        ("Gudang Produksi", "Pot gerabah", 200),
        ("Galeri", "Sapu lidi", 150),
        ("Gudang Produksi", "Sapu lidi", 150),
    ]
    assert not rows[0].ever_out and not rows[1].ever_out and rows[2].ever_out
    assert rows[0].idle_since == today - dt.timedelta(days=200)
    assert rows[2].balance.value is not None
    assert [r.balance.product.name for r in selectors.slow_moving(
        facility=facility, today=today, days=160)] == ["Pot gerabah"]  # fmt: skip
    assert selectors.slow_moving(facility=facility, today=today, days=201) == []


def test_move_history_is_keyset_paginated(output_officer, facility, store, gallery, broom, mat):
    for i in range(7):
        stock_receive(actor=output_officer, location=store, product=broom, quantity=i + 1)
    stock_receive(actor=output_officer, location=gallery, product=mat, quantity=1, kind="opening")
    first = selectors.move_history(facility=facility, limit=3)
    assert [m.quantity for m in first.moves] == [1, 7, 6] and first.next_before
    second = selectors.move_history(facility=facility, limit=3, before=first.next_before)
    assert [m.quantity for m in second.moves] == [5, 4, 3]
    # A move added meanwhile does not shift the older pages.
    stock_receive(actor=output_officer, location=store, product=broom, quantity=99)
    third = selectors.move_history(facility=facility, limit=3, before=second.next_before)
    assert [m.quantity for m in third.moves] == [2, 1] and third.next_before is None
    only = selectors.move_history(facility=facility, location_id=gallery.pk)
    assert [m.product for m in only.moves] == [mat]
    assert selectors.move_history(facility=facility, kind="sold").moves == []
