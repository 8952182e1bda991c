"""Stock counts (opname): the snapshot, counting, submitting, the head's approval that posts
the differences, refusal of a stale count, rejection."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.inventory.models import StockCount, StockMove
from karya.inventory.services import stock_receive, stock_take
from karya.inventory.services.counts import (
    stock_count_add_line,
    stock_count_approve,
    stock_count_create,
    stock_count_record,
    stock_count_reject,
    stock_count_submit,
)
from karya.inventory.tests.conftest import ledger_problems, make_product, quantity_at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_scope")]


@pytest.fixture
def today(facility):
    return today_in(facility.timezone)


@pytest.fixture
def stocked(output_officer, store, broom, mat, lot):
    stock_receive(
        actor=output_officer, location=store, product=broom, quantity=40, lot=lot, unit_cost=7000
    )
    stock_receive(
        actor=output_officer, location=store, product=mat, quantity=8, kind="opening", unit_cost=5
    )
    stock_receive(actor=output_officer, location=store, product=broom, quantity=3, kind="opening")
    stock_take(actor=output_officer, location=store, product=broom, quantity=3, kind="sold")
    return store


def _lines(count):
    with scopes_disabled():
        return {(line.product.name, line.lot_id): line for line in count.lines.all()}


def test_create_snapshots_what_the_location_holds(output_officer, stocked, broom, lot, today):
    count = stock_count_create(actor=output_officer, location=stocked, counted_on=today)
    lines = _lines(count)
    # The broom without a lot is at 0 and is not expected.
    assert {key: line.expected for key, line in lines.items()} == {
        ("Sapu lidi", lot.pk): 40,
        ("Tikar anyaman pandan", None): 8,
    }
    assert all(line.counted is None for line in lines.values())
    assert count.status == "draft" and count.created_by == output_officer
    assert AuditEntry.objects.filter(facility=count.facility, action="create").count() >= 3


def test_only_one_open_count_per_location_and_none_in_the_future(
    output_officer, stocked, gallery, today
):
    with pytest.raises(DomainError) as error:
        stock_count_create(
            actor=output_officer, location=stocked, counted_on=today + dt.timedelta(days=1)
        )
    assert error.value.field == "counted_on"
    stock_count_create(actor=output_officer, location=stocked, counted_on=today)
    with pytest.raises(DomainError) as error:
        stock_count_create(actor=output_officer, location=stocked, counted_on=today)
    assert error.value.code == "count_open"
    stock_count_create(actor=output_officer, location=gallery, counted_on=today)  # another place


def test_submit_needs_every_line_counted(output_officer, stocked, broom, lot, today):
    count = stock_count_create(actor=output_officer, location=stocked, counted_on=today)
    lines = _lines(count)
    first = lines[("Sapu lidi", lot.pk)]
    stock_count_record(actor=output_officer, count=count, counted={first.pk: 38})
    with pytest.raises(DomainError) as error:
        stock_count_submit(actor=output_officer, count=count)
    assert error.value.code == "count_incomplete" and "Tikar anyaman pandan" in error.value.message
    for bad in (-1, 2.5, "x"):
        with pytest.raises(DomainError):
            stock_count_record(actor=output_officer, count=count, counted={first.pk: bad})
    with pytest.raises(DomainError):
        stock_count_record(actor=output_officer, count=count, counted={999999: 1})
    second = lines[("Tikar anyaman pandan", None)]
    count = stock_count_submit(actor=output_officer, count=count, counted={second.pk: 9})
    assert count.status == "submitted" and count.submitted_by == output_officer
    with pytest.raises(DomainError):
        stock_count_record(actor=output_officer, count=count, counted={first.pk: 1})


def _submitted(actor, location, today, counts_by_name):
    count = stock_count_create(actor=actor, location=location, counted_on=today)
    counted = {line.pk: counts_by_name[key[0]] for key, line in _lines(count).items()}
    return stock_count_submit(actor=actor, count=count, counted=counted)


def test_head_approves_and_the_differences_are_posted(
    output_officer, head, facility, stocked, broom, mat, lot, today
):
    count = _submitted(
        output_officer, stocked, today, {"Sapu lidi": 37, "Tikar anyaman pandan": 10}
    )
    with pytest.raises(DomainError) as error:
        stock_count_approve(actor=output_officer, count=count)
    assert error.value.code == "permission_denied"
    count = stock_count_approve(actor=head, count=count)
    assert count.status == "approved" and count.decided_by == head and count.decided_at
    with scopes_disabled():
        moves = {(m.product.name, m.quantity): m for m in StockMove.objects.filter(kind="adjusted")}
    assert set(moves) == {("Sapu lidi", -3), ("Tikar anyaman pandan", 2)}
    assert moves[("Sapu lidi", -3)].count == count and moves[("Sapu lidi", -3)].lot == lot
    assert moves[("Sapu lidi", -3)].unit_cost == 7000
    assert quantity_at(stocked, broom, lot) == 37 and quantity_at(stocked, mat) == 10
    assert ledger_problems(facility) == []
    with pytest.raises(DomainError):
        stock_count_approve(actor=head, count=count)  # only once


def test_a_count_whose_stock_moved_meanwhile_must_be_counted_again(
    output_officer, head, stocked, broom, mat, lot, today
):
    count = _submitted(output_officer, stocked, today, {"Sapu lidi": 40, "Tikar anyaman pandan": 7})
    stock_take(actor=output_officer, location=stocked, product=mat, quantity=2, kind="sold")
    with pytest.raises(DomainError) as error:
        stock_count_approve(actor=head, count=count)
    assert error.value.code == "count_stale"
    assert "Tikar anyaman pandan" in error.value.message and "hitung ulang" in error.value.message
    with scopes_disabled():
        assert not StockMove.objects.filter(kind="adjusted").exists()
        assert StockCount.objects.get(pk=count.pk).status == "submitted"
    stock_count_reject(actor=head, count=count, reason="Stok berubah, hitung ulang")
    again = _submitted(output_officer, stocked, today, {"Sapu lidi": 40, "Tikar anyaman pandan": 6})
    stock_count_approve(actor=head, count=again)
    assert quantity_at(stocked, mat) == 6


def test_reject_needs_the_head_and_a_reason(output_officer, head, stocked, today):
    count = stock_count_create(actor=output_officer, location=stocked, counted_on=today)
    with pytest.raises(DomainError) as error:
        stock_count_reject(actor=output_officer, count=count, reason="salah")
    assert error.value.code == "permission_denied"
    with pytest.raises(DomainError) as error:
        stock_count_reject(actor=head, count=count, reason=" ")
    assert error.value.field == "reason"
    count = stock_count_reject(actor=head, count=count, reason="Dihitung pada hari yang salah")
    assert count.status == "rejected" and count.decision_note == "Dihitung pada hari yang salah"
    with pytest.raises(DomainError):
        stock_count_approve(actor=head, count=count)
    with pytest.raises(DomainError):
        stock_count_reject(actor=head, count=count, reason="lagi")


def test_goods_found_that_were_not_expected(
    output_officer, head, facility, far_facility, stocked, today
):
    pot = make_product(facility, name="Pot gerabah", unit="buah")
    count = stock_count_create(actor=output_officer, location=stocked, counted_on=today)
    line = stock_count_add_line(actor=output_officer, count=count, product=pot)
    assert line.expected == 0
    with pytest.raises(DomainError):
        stock_count_add_line(actor=output_officer, count=count, product=pot)
    with pytest.raises(DomainError):
        stock_count_add_line(
            actor=output_officer, count=count, product=make_product(far_facility, name="Lain")
        )
    counted = {line.pk: line.expected for line in _lines(count).values()} | {line.pk: 4}
    stock_count_submit(actor=output_officer, count=count, counted=counted)
    stock_count_approve(actor=head, count=count)
    assert quantity_at(stocked, pot) == 4
    assert ledger_problems(facility) == []
