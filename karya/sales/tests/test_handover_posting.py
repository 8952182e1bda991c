"""Posting a pick-up numbers it, makes it immutable and does what its scheme implies: beli
putus → goods sold and an invoice to the partner; konsinyasi → goods moved to the partner's own
location; maklon → the partner's goods leave and the fee is invoiced."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from karya.core.errors import Conflict, DomainError
from karya.inventory.models import StockLocation
from karya.inventory.tests.conftest import ledger_problems, quantity_at
from karya.sales.models import Handover, HandoverLine, Invoice, Sale
from karya.sales.services.handovers import (
    handover_delete,
    handover_line_add,
    handover_post,
    handover_update,
)
from karya.sales.tests.handover_fixtures import moves_of, reload

pytestmark = pytest.mark.usefixtures("in_scope")


def test_beli_putus_sells_the_goods_and_invoices_the_partner(
    facility, output_officer, make_draft, store, broom, lakop, stocked, workshop
):
    draft = make_draft("beli_putus")
    assert draft.status == "draft" and draft.number == ""
    posted = handover_post(actor=output_officer, handover=draft)

    assert posted.number == "BAST/LPPWT/2026/01/0001"
    assert posted.status == "posted" and posted.posted_by == output_officer
    assert quantity_at(store, broom, stocked) == 1500 - 1140
    assert quantity_at(store, lakop) == 400 - 290
    assert moves_of(posted.number) == [
        ("Gudang Produksi", "sold", -1140),
        ("Gudang Produksi", "sold", -290),
    ]
    sale = Sale.objects.get(handover=posted)
    assert (sale.channel, sale.partner, sale.customer_kind) == (
        "handover",
        posted.partner,
        "partner",
    )
    assert sale.total == Decimal(1140 * 2500 + 290 * 7500) == Decimal(5_025_000)
    assert sale.sold_at == posted.handed_over_at
    assert [
        (line.product, line.quantity, line.unit_price, line.workshop) for line in sale.lines.all()
    ] == [
        (broom, 1140, Decimal(2500), workshop),
        (lakop, 290, Decimal(7500), workshop),
    ]
    invoice = sale.invoice
    assert invoice.bill_to == "CV. Pusat Handicraft" and invoice.partner == posted.partner
    assert invoice.amount == sale.total
    assert invoice.issued_on == dt.date(2026, 1, 31)
    assert invoice.due_on == dt.date(2026, 2, 14)  # "paling lambat 14 hari" in the terms
    assert ledger_problems(facility) == []


def test_without_days_in_the_payment_terms_the_invoice_is_due_in_30_days(
    output_officer, make_draft, agreement
):
    with scopes_disabled():
        type(agreement).objects.filter(pk=agreement.pk).update(
            payment_terms="Mitra membeli putus saat pengambilan."
        )
    posted = handover_post(actor=output_officer, handover=make_draft("beli_putus"))
    assert Invoice.objects.get(sale__handover=posted).due_on == dt.date(2026, 3, 2)


def test_konsinyasi_moves_the_goods_to_the_partners_own_location(
    facility, output_officer, make_draft, store, broom, lakop, stocked
):
    posted = handover_post(actor=output_officer, handover=make_draft("konsinyasi"))

    location = StockLocation.objects.get(kind="partner")
    assert location.partner == posted.partner and location.name == "CV. Pusat Handicraft"
    assert posted.destination == location
    assert quantity_at(location, broom, stocked) == 1140 and quantity_at(location, lakop) == 290
    assert quantity_at(store, broom, stocked) == 360 and quantity_at(store, lakop) == 110
    assert moves_of(posted.number) == [
        ("Gudang Produksi", "consigned_out", -1140),
        ("CV. Pusat Handicraft", "transfer_in", 1140),
        ("Gudang Produksi", "consigned_out", -290),
        ("CV. Pusat Handicraft", "transfer_in", 290),
    ]
    assert not Sale.objects.exists()  # the goods stay the unit's until the partner settles

    # A second consignment goes to the same location.
    second = handover_post(
        actor=output_officer, handover=make_draft("konsinyasi", lines=[(lakop, 10, None)])
    )
    assert second.destination == location and quantity_at(location, lakop) == 300
    assert StockLocation.objects.filter(kind="partner").count() == 1
    assert ledger_problems(facility) == []


def test_konsinyasi_names_a_new_location_apart_from_an_existing_one(
    facility, output_officer, make_draft
):
    with scopes_disabled():
        StockLocation.objects.create(facility=facility, name="CV. Pusat Handicraft", kind="other")
    posted = handover_post(actor=output_officer, handover=make_draft("konsinyasi"))
    partner = posted.partner
    assert posted.destination.name == f"CV. Pusat Handicraft (#{partner.pk})"
    assert posted.destination.partner == partner


def test_maklon_lets_the_goods_go_and_invoices_the_fee(
    facility, output_officer, make_draft, store, broom, lakop, stocked
):
    posted = handover_post(actor=output_officer, handover=make_draft("maklon"))

    assert [(line.quantity, line.unit_price) for line in posted.lines.all()] == [
        (1140, Decimal(1000)),
        (290, Decimal(1000)),
    ]
    assert quantity_at(store, broom, stocked) == 360 and quantity_at(store, lakop) == 110
    assert [kind for _loc, kind, _q in moves_of(posted.number)] == ["sold", "sold"]
    sale = Sale.objects.get(handover=posted)
    assert sale.channel == "maklon" and sale.total == Decimal(1430 * 1000)
    assert sale.invoice.amount == Decimal(1_430_000) and sale.invoice.partner == posted.partner
    assert ledger_problems(facility) == []


def test_insufficient_stock_names_the_product_and_what_is_there_and_writes_nothing(
    facility, output_officer, make_draft, broom, lakop, stocked, store
):
    draft = make_draft("beli_putus", lines=[(broom, 1600, stocked), (lakop, 290, None)])
    with pytest.raises(DomainError) as refused:
        handover_post(actor=output_officer, handover=draft)
    assert refused.value.code == "insufficient_stock"
    assert "Sapu lidi (L-2026-001): 1500 batang available, 1600 batang asked for" in str(
        refused.value
    )
    assert "Sapu lakop" not in str(refused.value)  # that line is covered
    draft = reload(draft)
    assert (draft.status, draft.number) == ("draft", "")
    assert quantity_at(store, broom, stocked) == 1500 and not Sale.objects.exists()
    # The number was not used: the next posting takes 0001.
    # The draft keeps its lines and can be corrected.
    with scopes_disabled():
        HandoverLine.objects.filter(handover=draft, product=broom).update(quantity=1500)
    assert handover_post(actor=output_officer, handover=draft).number.endswith("/0001")


def test_a_posted_handover_cannot_change_be_posted_again_or_be_deleted(
    output_officer, make_draft, broom
):
    posted = handover_post(actor=output_officer, handover=make_draft())
    for attempt in (
        lambda: handover_post(actor=output_officer, handover=posted),
        lambda: handover_update(actor=output_officer, handover=posted, note="x"),
        lambda: handover_line_add(actor=output_officer, handover=posted, product=broom, quantity=1),
        lambda: handover_delete(actor=output_officer, handover=posted),
    ):
        with pytest.raises(Conflict, match="can no longer be changed"):
            attempt()
    assert reload(posted).number == "BAST/LPPWT/2026/01/0001"


def test_a_draft_can_be_deleted(facility, output_officer, make_draft):
    draft = make_draft()
    handover_delete(actor=output_officer, handover=draft)
    with scopes_disabled():
        assert not Handover.objects.exists() and not HandoverLine.objects.exists()


def test_posting_is_refused_before_the_time_or_without_lines(output_officer, make_draft):
    from django.utils import timezone

    empty = make_draft(lines=[])
    with pytest.raises(DomainError, match="at least one line"):
        handover_post(actor=output_officer, handover=empty)
    future = make_draft(at=timezone.now() + dt.timedelta(days=2))
    with pytest.raises(DomainError, match="in the future"):
        handover_post(actor=output_officer, handover=future)
    assert reload(future).status == "draft"


def test_posting_is_refused_once_the_agreement_has_ended(output_officer, make_draft, agreement):
    draft = make_draft()
    with scopes_disabled():
        type(agreement).objects.filter(pk=agreement.pk).update(status="TERMINATED")
    with pytest.raises(DomainError, match="MoU or a PKS"):
        handover_post(actor=output_officer, handover=draft)


def test_numbers_follow_the_month_of_the_handover_in_the_units_zone(
    facility, output_officer, make_draft, lakop
):
    # 31 January 2026 at 23.30 WIB is still January there (16.30 UTC).
    late = dt.datetime(2026, 1, 31, 16, 30, tzinfo=dt.UTC)
    early_feb = dt.datetime(2026, 1, 31, 17, 30, tzinfo=dt.UTC)  # 1 February, 00.30 WIB
    numbers = [
        handover_post(
            actor=output_officer, handover=make_draft(lines=[(lakop, 1, None)], at=when)
        ).number
        for when in (late, early_feb, late)
    ]
    assert numbers == [
        "BAST/LPPWT/2026/01/0001",
        "BAST/LPPWT/2026/02/0001",
        "BAST/LPPWT/2026/01/0002",
    ]
    with scope(facility=[facility.pk]):
        assert Handover.objects.filter(status="posted").count() == 3
