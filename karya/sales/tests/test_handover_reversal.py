"""A posted handover is corrected by a reversing one, with its own BAST number, that undoes the
stock and the money exactly; what cannot be undone is refused with a clear message."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from django_scopes import scopes_disabled

from karya.core.errors import Conflict, DomainError
from karya.inventory.models import StockBalance, StockLocation
from karya.inventory.services import stock_take
from karya.inventory.tests.conftest import ledger_problems, quantity_at
from karya.sales.models import Handover, Sale
from karya.sales.services.handovers import handover_post, handover_reverse
from karya.sales.services.payments import payment_record, payment_refund, sale_outstanding
from karya.sales.tests.handover_fixtures import moves_of, reload

pytestmark = pytest.mark.usefixtures("in_scope")
LATER = dt.datetime(2026, 2, 2, 3, 0, tzinfo=dt.UTC)  # 2 February 2026, 10.00 WIB


def _balances(facility) -> dict:
    with scopes_disabled():
        return {
            (b.location_id, b.product_id, b.lot_id): b.quantity
            for b in StockBalance.objects.filter(facility=facility)
        }


def _lines(handover) -> list[tuple]:
    return list(handover.lines.values_list("product_id", "lot_id", "quantity", "unit_price"))


def _money(facility) -> Decimal:
    with scopes_disabled():
        return Sale.objects.filter(facility=facility).aggregate(t=Sum("total"))["t"] or Decimal(0)


@pytest.mark.parametrize("scheme", ["beli_putus", "konsinyasi", "maklon"])
def test_a_reversal_restores_stock_and_money_exactly(facility, output_officer, make_draft, scheme):
    before = _balances(facility)
    posted = handover_post(actor=output_officer, handover=make_draft(scheme))
    assert _balances(facility) != before

    reversal = handover_reverse(
        actor=output_officer, handover=posted, reason="Salah jumlah", when=LATER
    )

    assert reversal.number == "BAST/LPPWT/2026/02/0001" and reversal.status == "posted"
    assert reversal.reverses == posted and reversal.reason == "Salah jumlah"
    assert reversal.scheme == scheme and reversal.partner == posted.partner
    assert _lines(reversal) == _lines(posted)
    after = {key: q for key, q in _balances(facility).items() if q}
    assert after == {key: q for key, q in before.items() if q}
    assert _money(facility) == 0
    assert ledger_problems(facility) == []
    with scopes_disabled():
        for sale in Sale.objects.filter(handover=posted, reverses__isnull=True):
            assert sale_outstanding(sale) == 0
            assert sale.reversed_by.sold_at == LATER
    assert reload(posted).reversed_by == reversal


def test_beli_putus_goods_come_back_to_the_source_as_returned(
    output_officer, make_draft, store, broom, stocked
):
    posted = handover_post(actor=output_officer, handover=make_draft())
    reversal = handover_reverse(actor=output_officer, handover=posted, reason="Batal", when=LATER)
    assert moves_of(reversal.number) == [
        ("Gudang Produksi", "returned", 1140),
        ("Gudang Produksi", "returned", 290),
    ]
    assert quantity_at(store, broom, stocked) == 1500


def test_what_cannot_be_reversed_is_refused(output_officer, make_draft):
    draft = make_draft()
    with pytest.raises(Conflict, match="Only a posted handover"):
        handover_reverse(actor=output_officer, handover=draft, reason="x")
    posted = handover_post(actor=output_officer, handover=draft)
    with pytest.raises(DomainError, match="Say why") as refused:
        handover_reverse(actor=output_officer, handover=posted, reason="  ")
    assert refused.value.field == "reason"
    with pytest.raises(DomainError, match="At most 300"):
        handover_reverse(actor=output_officer, handover=posted, reason="x" * 301)
    reversal = handover_reverse(actor=output_officer, handover=posted, reason="Batal", when=LATER)
    with pytest.raises(Conflict, match="already been reversed"):
        handover_reverse(actor=output_officer, handover=posted, reason="Lagi")
    with pytest.raises(Conflict, match="reversal cannot be reversed"):
        handover_reverse(actor=output_officer, handover=reversal, reason="Lagi")
    with scopes_disabled():
        assert Handover.objects.count() == 2


def test_money_received_must_be_paid_back_first(facility, output_officer, make_draft, store):
    posted = handover_post(actor=output_officer, handover=make_draft())
    with scopes_disabled():
        sale = Sale.objects.get(handover=posted)
    payment = payment_record(actor=output_officer, sale=sale, amount=1_000_000, method="cash")
    before = _balances(facility)
    with pytest.raises(Conflict, match="Rp 1.000.000 has been received for PJ/LPPWT/2026/01/0001"):
        handover_reverse(actor=output_officer, handover=posted, reason="Batal")
    assert _balances(facility) == before and not Handover.objects.filter(reverses=posted).exists()
    payment_refund(actor=output_officer, payment=payment, reason="Batal")
    handover_reverse(actor=output_officer, handover=posted, reason="Batal", when=LATER)
    assert _money(facility) == 0 and ledger_problems(facility) == []


def test_consigned_goods_the_partner_no_longer_holds_cannot_be_reversed(
    facility, output_officer, make_draft, lakop
):
    posted = handover_post(actor=output_officer, handover=make_draft("konsinyasi"))
    at_partner = StockLocation.objects.get(kind="partner")
    stock_take(actor=output_officer, location=at_partner, product=lakop, quantity=40, kind="sold")
    before = _balances(facility)
    with pytest.raises(Conflict) as refused:
        handover_reverse(actor=output_officer, handover=posted, reason="Batal", when=LATER)
    assert refused.value.code == "consigned_goods_gone"
    assert (
        "CV. Pusat Handicraft no longer holds all the goods of BAST/LPPWT/2026/01/0001: "
        "Sapu lakop, 250 of 290 left there." in refused.value.message
    )
    assert _balances(facility) == before
    with scopes_disabled():
        assert Handover.objects.count() == 1
    assert ledger_problems(facility) == []
