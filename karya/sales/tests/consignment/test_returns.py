"""Unsold goods come back from the partner: never more than it holds, oldest lot first when no
lot is named, always to one of the unit's own locations."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scope, scopes_disabled

from karya.core.errors import DomainError
from karya.inventory.models import StockMove
from karya.inventory.services import stock_receive
from karya.inventory.tests.conftest import ledger_problems, make_location, make_lot, quantity_at
from karya.sales.services.consignment import consignment_return
from karya.sales.tests.consignment.conftest import consign, report

pytestmark = pytest.mark.django_db


def _return(actor, location, destination, product, quantity, lot=None, note=""):
    with scope(facility=[location.facility_id]):
        return consignment_return(
            actor=actor,
            location=location,
            destination=destination,
            product=product,
            quantity=quantity,
            lot=lot,
            note=note,
        )


def _moves() -> int:
    with scopes_disabled():
        return StockMove.objects.count()


def test_unsold_goods_come_back_to_the_store(
    facility, output_officer, store, consigned, trap, trap_lot
):
    [into] = _return(output_officer, consigned, store, trap, 30, trap_lot, note="Tidak laku")
    assert (into.location, into.kind, into.quantity, into.note) == (
        store,
        "returned",
        30,
        "Tidak laku",
    )
    assert quantity_at(consigned, trap, trap_lot) == 70
    assert quantity_at(store, trap, trap_lot) == 44 + 30
    with scopes_disabled():
        out = StockMove.objects.get(transfer_group=into.transfer_group, quantity__lt=0)
    assert (out.location, out.kind) == (consigned, "transfer_out")
    assert ledger_problems(facility) == []


def test_returning_more_than_is_held_is_refused_with_the_quantity_held(
    facility, output_officer, store, consigned, trap, nest
):
    before = _moves()
    with pytest.raises(
        DomainError, match="holds only 100 .* Perangkap tikus: 101 .* cannot come back"
    ):
        _return(output_officer, consigned, store, trap, 101)
    with pytest.raises(DomainError, match="holds only 40"):
        _return(output_officer, consigned, store, nest, 41)
    assert _moves() == before
    assert quantity_at(consigned, trap) + quantity_at(consigned, nest) == 40


def test_goods_reported_sold_and_awaiting_confirmation_cannot_come_back(
    facility, output_officer, store, shop_agreement, consigned, trap, today
):
    report(
        output_officer,
        shop_agreement,
        [(trap, 60)],
        start=today - dt.timedelta(days=10),
        end=today,
    )
    with pytest.raises(DomainError, match="60 are reported sold .* at most 40"):
        _return(output_officer, consigned, store, trap, 41)
    _return(output_officer, consigned, store, trap, 40)


def test_without_a_lot_the_oldest_goods_come_back_first(
    facility, output_officer, store, shop, trap, trap_lot
):
    newer = make_lot(trap, code="PT-2026-002", produced_on=dt.date(2026, 2, 10))
    with scope(facility=[facility.pk]):
        stock_receive(actor=output_officer, location=store, product=trap, lot=newer, quantity=5)
    consign(output_officer, store, shop, trap, 5, newer)
    consign(output_officer, store, shop, trap, 4, trap_lot)
    moves = _return(output_officer, shop, store, trap, 6)
    assert [(m.lot, m.quantity) for m in moves] == [(trap_lot, 4), (newer, 2)]
    assert quantity_at(shop, trap, newer) == 3 and quantity_at(shop, trap, trap_lot) == 0
    assert ledger_problems(facility) == []


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("to_partner", "unit's own locations"),
        ("from_store", "Choose where a partner holds"),
        ("other_unit", "location of this unit"),
        ("zero", "whole quantity above zero"),
    ],
)
def test_returns_go_from_a_partner_to_the_units_own_locations(
    facility, other_facility, output_officer, store, consigned, trap, case, message
):
    source, destination, quantity = consigned, store, 1
    if case == "to_partner":
        destination = make_location(facility, name="Toko Lain", kind="partner", partner_name="X")
    elif case == "from_store":
        source, destination = store, make_location(facility, name="Galeri", kind="gallery")
    elif case == "other_unit":
        destination = make_location(other_facility, name="Gudang")
    elif case == "zero":
        quantity = 0
    before = _moves()
    with pytest.raises(DomainError, match=message):
        _return(output_officer, source, destination, trap, quantity)
    assert _moves() == before


def test_only_staff_with_sales_manage_take_goods_back(
    facility, make_user, store, consigned, trap, trap_lot
):
    with pytest.raises(DomainError, match="role does not allow"):
        _return(make_user("treasurer", facility=facility), consigned, store, trap, 1)
    assert quantity_at(consigned, trap, trap_lot) == 100
