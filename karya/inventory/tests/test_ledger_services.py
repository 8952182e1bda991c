"""The stock ledger services: receiving, taking, transferring and writing goods off; every
refusal writes nothing; the balances always equal the sum of the moves."""

import uuid
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.errors import DomainError
from karya.inventory.models import StockBalance, StockMove
from karya.inventory.services import (
    InsufficientStock,
    stock_receive,
    stock_take,
    stock_transfer,
    stock_write_off,
)
from karya.inventory.services.locations import location_create, location_update, lot_create
from karya.inventory.tests.conftest import (
    ledger_problems,
    make_location,
    make_lot,
    make_product,
    quantity_at,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_scope")]


def _counts():
    with scopes_disabled():
        return StockMove.objects.count(), StockBalance.objects.count(), AuditEntry.objects.count()


def test_receive_creates_the_balance_the_move_and_an_audit_row(output_officer, store, broom, lot):
    move = stock_receive(
        actor=output_officer,
        location=store,
        product=broom,
        quantity=120,
        lot=lot,
        unit_cost=Decimal("7500"),
        reference="PO-001",
    )
    assert (move.kind, move.quantity, move.unit_cost, move.lot) == ("produced", 120, 7500, lot)
    assert move.created_by == output_officer and move.facility_id == store.facility_id
    assert quantity_at(store, broom, lot) == 120 and quantity_at(store, broom) == 0
    entry = AuditEntry.objects.for_object(move).get()
    assert entry.actor == output_officer and entry.changes["quantity"] == [None, 120]
    stock_receive(actor=output_officer, location=store, product=broom, quantity=30, lot=lot)
    assert quantity_at(store, broom, lot) == 150
    with scopes_disabled():
        assert StockBalance.objects.count() == 1
        # Left out, the cost is the product's latest.
        assert StockMove.objects.order_by("-pk").first().unit_cost == 7500


def test_receive_without_a_lot_is_its_own_balance(output_officer, store, broom, lot):
    stock_receive(actor=output_officer, location=store, product=broom, quantity=5, lot=lot)
    stock_receive(actor=output_officer, location=store, product=broom, quantity=3, kind="opening")
    stock_receive(actor=output_officer, location=store, product=broom, quantity=2, kind="opening")
    assert quantity_at(store, broom, lot) == 5 and quantity_at(store, broom) == 5
    with scopes_disabled():
        assert StockBalance.objects.filter(lot__isnull=True).count() == 1


@pytest.mark.parametrize(
    "change, field",
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": -3}, "quantity"),
        ({"quantity": 2.5}, "quantity"),
        ({"quantity": True}, "quantity"),
        ({"quantity": 2_000_000}, "quantity"),
        ({"kind": "sold"}, "kind"),
        ({"kind": "adjusted"}, "kind"),
        ({"unit_cost": -1}, "unit_cost"),
        ({"unit_cost": 1.5}, "unit_cost"),
        ({"reference": "x" * 101}, "reference"),
    ],
)
def test_receive_refuses_bad_input_and_writes_nothing(output_officer, store, broom, change, field):
    before = _counts()
    values = {"quantity": 10, "kind": "opening"} | change
    with pytest.raises(DomainError) as error:
        stock_receive(actor=output_officer, location=store, product=broom, **values)
    assert error.value.field == field
    assert _counts() == before


def test_receive_refuses_another_units_goods_and_wrong_lots(
    output_officer, facility, far_facility, store, broom, mat
):
    theirs = make_product(far_facility, name="Sapu ijuk")
    with pytest.raises(DomainError, match="produk milik UPT ini"):
        stock_receive(actor=output_officer, location=store, product=theirs, quantity=1)
    mat_lot = make_lot(mat, code="T-01")
    with pytest.raises(DomainError, match="bukan lot") as error:
        stock_receive(actor=output_officer, location=store, product=broom, quantity=1, lot=mat_lot)
    assert error.value.field == "lot"
    assert _counts()[0] == 0


def test_receive_into_a_location_no_longer_in_use_is_refused(output_officer, facility, broom):
    closed = make_location(facility, name="Gudang Lama", is_active=False)
    with pytest.raises(DomainError, match="tidak dipakai lagi"):
        stock_receive(actor=output_officer, location=closed, product=broom, quantity=1)


def test_take_refuses_more_than_is_there_in_indonesian_and_writes_nothing(
    output_officer, store, broom
):
    stock_receive(actor=output_officer, location=store, product=broom, quantity=7, kind="opening")
    before = _counts()
    with pytest.raises(InsufficientStock) as error:
        stock_take(actor=output_officer, location=store, product=broom, quantity=8, kind="sold")
    assert error.value.available == 7 and error.value.code == "insufficient_stock"
    assert error.value.status == 409
    assert error.value.message == (
        "Stok Sapu lidi di Gudang Produksi tidak cukup: tersedia 7 batang, diminta 8 batang."
    )
    assert _counts() == before and quantity_at(store, broom) == 7


def test_take_from_a_location_that_never_held_the_product(output_officer, store, mat):
    with pytest.raises(InsufficientStock) as error:
        stock_take(actor=output_officer, location=store, product=mat, quantity=1, kind="sold")
    assert error.value.available == 0
    assert _counts()[0] == 0


def test_take_of_a_lot_only_uses_that_lot(output_officer, store, broom, lot):
    stock_receive(actor=output_officer, location=store, product=broom, quantity=4, lot=lot)
    stock_receive(actor=output_officer, location=store, product=broom, quantity=9, kind="opening")
    with pytest.raises(InsufficientStock):
        stock_take(
            actor=output_officer, location=store, product=broom, quantity=5, kind="sold", lot=lot
        )
    move = stock_take(
        actor=output_officer, location=store, product=broom, quantity=4, kind="sold", lot=lot
    )
    assert move.quantity == -4 and move.kind == "sold"
    assert quantity_at(store, broom, lot) == 0 and quantity_at(store, broom) == 9


def test_take_refuses_kinds_that_are_not_takes(output_officer, store, broom):
    stock_receive(actor=output_officer, location=store, product=broom, quantity=4, kind="opening")
    for kind in ("produced", "transfer_out", "adjusted", "nonsense"):
        with pytest.raises(DomainError) as error:
            stock_take(actor=output_officer, location=store, product=broom, quantity=1, kind=kind)
        assert error.value.field == "kind"


def test_a_take_carries_the_latest_cost(output_officer, store, broom, lot):
    stock_receive(
        actor=output_officer, location=store, product=broom, quantity=4, lot=lot, unit_cost=7000
    )
    stock_receive(
        actor=output_officer, location=store, product=broom, quantity=4, lot=lot, unit_cost=8000
    )
    move = stock_take(
        actor=output_officer, location=store, product=broom, quantity=1, kind="sold", lot=lot
    )
    assert move.unit_cost == 8000


def test_transfer_writes_two_legs_of_one_group(output_officer, store, gallery, broom, lot):
    stock_receive(
        actor=output_officer, location=store, product=broom, quantity=50, lot=lot, unit_cost=6000
    )
    out, into = stock_transfer(
        actor=output_officer,
        source=store,
        destination=gallery,
        product=broom,
        lot=lot,
        quantity=20,
        note="untuk pameran",
    )
    assert (out.kind, out.quantity, out.location) == ("transfer_out", -20, store)
    assert (into.kind, into.quantity, into.location) == ("transfer_in", 20, gallery)
    assert isinstance(out.transfer_group, uuid.UUID) and out.transfer_group == into.transfer_group
    assert out.unit_cost == into.unit_cost == 6000 and into.note == "untuk pameran"
    assert quantity_at(store, broom, lot) == 30 and quantity_at(gallery, broom, lot) == 20
    assert AuditEntry.objects.filter(object_id__in=[str(out.pk), str(into.pk)]).count() == 2


def test_transfer_to_and_from_a_partner_is_consignment(output_officer, facility, store, broom):
    partner = make_location(facility, name="Toko Acun", kind="partner", partner_name="Toko Acun")
    stock_receive(actor=output_officer, location=store, product=broom, quantity=10, kind="opening")
    out, into = stock_transfer(
        actor=output_officer, source=store, destination=partner, product=broom, quantity=6
    )
    assert (out.kind, into.kind) == ("consigned_out", "transfer_in")
    out, into = stock_transfer(
        actor=output_officer, source=partner, destination=store, product=broom, quantity=2
    )
    assert (out.kind, into.kind) == ("transfer_out", "returned")
    assert quantity_at(partner, broom) == 4 and quantity_at(store, broom) == 6


def test_transfer_refusals_write_nothing(
    output_officer, facility, far_facility, store, gallery, broom
):
    stock_receive(actor=output_officer, location=store, product=broom, quantity=3, kind="opening")
    closed = make_location(facility, name="Gudang Lama", is_active=False)
    far = make_location(far_facility, name="Galeri Pamekasan", kind="gallery")
    before = _counts()
    cases = [
        ({"destination": store}, "destination"),
        ({"destination": closed}, "destination"),
        ({"destination": far}, "destination"),
        ({"quantity": 4}, "quantity"),
        ({"quantity": 0}, "quantity"),
    ]
    for change, field in cases:
        values = {"destination": gallery, "quantity": 2} | change
        with pytest.raises(DomainError) as error:
            stock_transfer(actor=output_officer, source=store, product=broom, **values)
        assert error.value.field == field, change
    assert _counts() == before
    assert quantity_at(gallery, broom) == 0


def test_write_off_is_for_the_head_with_a_reason(output_officer, head, store, broom):
    stock_receive(actor=output_officer, location=store, product=broom, quantity=5, kind="opening")
    with pytest.raises(DomainError) as error:
        stock_write_off(
            actor=output_officer, location=store, product=broom, quantity=1, reason="basah"
        )
    assert error.value.code == "permission_denied"
    with pytest.raises(DomainError) as error:
        stock_write_off(actor=head, location=store, product=broom, quantity=1, reason="  ")
    assert error.value.field == "reason"
    move = stock_write_off(
        actor=head, location=store, product=broom, quantity=2, reason="Terkena air hujan"
    )
    assert (move.kind, move.quantity, move.note) == ("damaged", -2, "Terkena air hujan")
    assert quantity_at(store, broom) == 3


def test_the_sum_of_moves_always_equals_the_balance(
    output_officer, head, facility, store, gallery, broom, mat, lot
):
    partner = make_location(facility, name="CV Pusat Handicraft", kind="partner", partner_name="CV")
    actor = output_officer
    steps = [
        lambda: stock_receive(actor=actor, location=store, product=broom, quantity=100, lot=lot),
        lambda: stock_receive(
            actor=actor, location=store, product=mat, quantity=12, kind="opening"
        ),
        lambda: stock_transfer(
            actor=actor, source=store, destination=gallery, product=broom, lot=lot, quantity=40
        ),
        lambda: stock_take(
            actor=actor, location=gallery, product=broom, lot=lot, quantity=15, kind="sold"
        ),
        lambda: stock_take(  # refused: the gallery holds 25
            actor=actor, location=gallery, product=broom, lot=lot, quantity=26, kind="sold"
        ),
        lambda: stock_transfer(
            actor=actor, source=store, destination=partner, product=mat, quantity=10
        ),
        lambda: stock_transfer(  # refused: the store holds 2 mats
            actor=actor, source=store, destination=gallery, product=mat, quantity=3
        ),
        lambda: stock_transfer(
            actor=actor, source=partner, destination=store, product=mat, quantity=4
        ),
        lambda: stock_write_off(
            actor=head, location=store, product=broom, lot=lot, quantity=5, reason="rusak"
        ),
        lambda: stock_receive(
            actor=actor, location=gallery, product=mat, quantity=1, kind="returned"
        ),
        lambda: stock_take(
            actor=actor, location=partner, product=mat, quantity=6, kind="sold", reference="LPJ-1"
        ),
    ]
    refused = 0
    for step in steps:
        try:
            step()
        except InsufficientStock:
            refused += 1
        assert ledger_problems(facility) == []
    assert refused == 2
    assert quantity_at(store, broom, lot) == 55 and quantity_at(gallery, broom, lot) == 25
    assert quantity_at(store, mat) == 6 and quantity_at(partner, mat) == 0
    assert quantity_at(gallery, mat) == 1


def test_location_rules(output_officer, facility, store, broom):
    with pytest.raises(DomainError, match="sudah mempunyai lokasi"):
        location_create(
            actor=output_officer, facility=facility, name="gudang produksi", kind="store"
        )
    with pytest.raises(DomainError) as error:
        location_create(actor=output_officer, facility=facility, name="Titipan", kind="partner")
    assert error.value.field == "partner_name"
    galeri = location_create(
        actor=output_officer, facility=facility, name=" Galeri ", kind="gallery"
    )
    assert galeri.name == "Galeri" and galeri.is_active
    assert AuditEntry.objects.for_object(galeri).get().action == "create"
    stock_receive(actor=output_officer, location=galeri, product=broom, quantity=1, kind="opening")
    with pytest.raises(DomainError, match="masih menyimpan barang"):
        location_update(actor=output_officer, location=galeri, is_active=False)
    location_update(actor=output_officer, location=store, is_active=False, name="Gudang Lama")
    store.refresh_from_db()
    assert not store.is_active and store.name == "Gudang Lama"


def test_lot_rules(output_officer, broom, lot):
    import datetime as dt

    with pytest.raises(DomainError, match="sudah mempunyai lot"):
        lot_create(
            actor=output_officer, product=broom, code="l-2026-001", produced_on=lot.produced_on
        )
    with pytest.raises(DomainError) as error:
        lot_create(
            actor=output_officer,
            product=broom,
            code="L-2",
            produced_on=dt.date(2026, 2, 1),
            expires_on=dt.date(2026, 1, 1),
        )
    assert error.value.field == "expires_on"
    new = lot_create(
        actor=output_officer, product=broom, code="L-2", produced_on=dt.date(2026, 2, 1)
    )
    assert new.facility_id == broom.facility_id and new.created_by == output_officer
