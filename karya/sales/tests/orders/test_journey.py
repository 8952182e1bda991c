"""An order from quotation to payment, and back: paid when the payments cover the invoice
(whoever records them), unpaid again after a refund, and a delivered and paid order cancelled
by reversing entries that restore the stock and the money exactly."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from karya.core.errors import DomainError
from karya.inventory.models import StockBalance, StockMove
from karya.inventory.tests.conftest import ledger_problems, quantity_at
from karya.sales.models import CustomerOrder, Payment, PaymentAllocation, Sale, SaleLine
from karya.sales.selectors import orders as selectors
from karya.sales.services import orders as services
from karya.sales.services.payments import payment_record, payment_refund
from karya.sales.tests.orders.support import DELIVERED, confirm, deliver, quote

pytestmark = pytest.mark.usefixtures("in_scope")
PAID = dt.datetime(2026, 2, 10, 3, 0, tzinfo=dt.UTC)


def state(order):
    return selectors.order_get(facility=order.facility, pk=order.pk).state


def balances(facility):
    return sorted(
        StockBalance.objects.filter(facility=facility).values_list(
            "location_id", "product_id", "lot_id", "quantity"
        ),
        key=str,
    )


def test_quotation_to_payment(facility, output_officer, treasurer, store, priced, stocked):
    broom, lakop = priced
    order = quote(
        facility,
        output_officer,
        [(broom, 100), (lakop, 10)],
        customer_kind="institution",
        customer_name="Dinas Lingkungan Hidup Kabupaten Banyumas",
        customer_contact="0281-123456",
    )
    assert state(order) == "quotation"
    confirm(order, output_officer)
    assert state(order) == "ordered"
    sale = deliver(order, output_officer, store)
    assert sale.total == Decimal(100 * 15000 + 10 * 25000) == Decimal(1750000)
    assert state(order) == "delivered"

    first = payment_record(
        actor=treasurer,
        sale=sale,
        amount=1000000,
        method="transfer",
        reference="TRF-1",
        paid_at=PAID,
    )
    order_row = selectors.order_get(facility=facility, pk=order.pk)
    assert (order_row.state, order_row.paid, order_row.invoiced) == (
        "delivered",
        Decimal(1000000),
        Decimal(1750000),
    )
    assert selectors.mark(order_row, dt.date(2026, 2, 10)).outstanding == Decimal(750000)
    assert selectors.mark(order_row, dt.date(2026, 3, 3)).payment_overdue  # due 2 March
    payment_record(actor=treasurer, sale=sale, amount=750000, method="cash", paid_at=PAID)
    assert state(order) == "paid"
    assert [o.pk for o in selectors.order_list(facility=facility, state="paid")] == [order.pk]
    assert not selectors.order_list(facility=facility, state="delivered").exists()
    money = selectors.order_money(order)
    assert money.paid_at == PAID and money.invoice.number == sale.invoice.number
    timeline = selectors.order_timeline(CustomerOrder.objects.get(pk=order.pk), money)
    assert [(e.key, e.done) for e in timeline] == [
        ("quoted", True),
        ("ordered", True),
        ("delivered", True),
        ("paid", True),
    ]
    # Money paid back makes the order unpaid again: the state is always read from the money.
    payment_refund(actor=treasurer, payment=first, amount=100000, reason="Salah transfer")
    assert state(order) == "delivered"
    assert CustomerOrder.objects.get(pk=order.pk).status == "delivered"


def test_a_delivered_and_paid_order_is_cancelled_exactly(
    facility, output_officer, treasurer, store, priced, car_wash, stocked
):
    broom, lakop = priced
    before = balances(facility)
    order = quote(facility, output_officer, [(broom, 1200), (lakop, 30), (car_wash, 1)])
    confirm(order, output_officer)
    sale = deliver(order, output_officer, store)
    assert quantity_at(store, broom, stocked) == 300
    first = payment_record(actor=treasurer, sale=sale, amount=500000, method="cash", paid_at=PAID)
    payment_record(
        actor=treasurer,
        sale=sale,
        amount=sale.total - 500000,
        method="qris",
        reference="QR-77",
        paid_at=PAID,
    )
    payment_refund(actor=treasurer, payment=first, amount=20000, reason="Kembalian")
    payment_record(actor=treasurer, sale=sale, amount=20000, method="cash", paid_at=PAID)
    assert state(order) == "paid"

    services.order_cancel(actor=output_officer, order=order, reason="Pesanan dibatalkan instansi")

    order.refresh_from_db()
    assert (order.status, order.cancel_reason) == ("cancelled", "Pesanan dibatalkan instansi")
    assert state(order) == "cancelled"
    # Stock: every unit is back in its lot and location, and the ledger adds up.
    assert balances(facility) == before
    assert ledger_problems(facility) == []
    returned = StockMove.objects.filter(kind="returned").order_by("pk")
    reversal = Sale.objects.get(reverses=sale)
    assert [(m.product, m.lot, m.quantity, m.reference) for m in returned] == [
        (broom, stocked, 1200, reversal.number),
        (lakop, None, 30, reversal.number),
    ]
    # Money: the sale and its reversal, the payments and refunds, each sum to zero.
    assert Sale.objects.filter(order=order).aggregate(t=Sum("total"))["t"] == 0
    assert SaleLine.objects.filter(sale__order=order).aggregate(t=Sum("amount"))["t"] == 0
    assert Payment.objects.filter(sale=sale).aggregate(t=Sum("amount"))["t"] == 0
    assert PaymentAllocation.objects.filter(payment__sale=sale).aggregate(t=Sum("amount"))["t"] == 0
    # The refund made before, and one refund of what was left of each of the three payments.
    assert Payment.objects.filter(sale=sale, amount__lt=0).count() == 4
    assert reversal.reason == "Pesanan dibatalkan instansi"
    timeline = selectors.order_timeline(order, selectors.order_money(order))
    assert [e.key for e in timeline if e.done] == ["quoted", "ordered", "delivered", "cancelled"]
    with pytest.raises(DomainError, match="is cancelled: it can no longer be cancelled"):
        services.order_cancel(actor=output_officer, order=order, reason="lagi")


def test_a_quotation_or_an_order_is_cancelled_with_a_reason(facility, output_officer, priced):
    broom, _lakop = priced
    quotation = quote(facility, output_officer, [(broom, 10)])
    ordered = quote(facility, output_officer, [(broom, 20)])
    confirm(ordered, output_officer)
    with pytest.raises(DomainError, match="reason") as error:
        services.order_cancel(actor=output_officer, order=quotation, reason="  ")
    assert error.value.field == "reason"
    for order in (quotation, ordered):
        services.order_cancel(actor=output_officer, order=order, reason="Harga tidak cocok")
        order.refresh_from_db()
        assert (order.status, order.cancel_reason) == ("cancelled", "Harga tidak cocok")
    assert not Sale.objects.exists()
    with pytest.raises(DomainError, match="is cancelled: it cannot be confirmed"):
        confirm(quotation, output_officer)


def test_another_unit_buys_and_is_invoiced(
    facility, other_facility, output_officer, store, priced, stocked
):
    broom, _lakop = priced
    order = quote(
        facility,
        output_officer,
        [(broom, 200)],
        customer_kind="unit",
        customer_name="",
        customer_contact="Seksi Giatja",
        buyer_facility=other_facility,
    )
    confirm(order, output_officer)
    sale = deliver(order, output_officer, store, payment_due_on=dt.date(2026, 2, 28))
    assert (sale.customer_kind, sale.buyer_facility, sale.total) == (
        "unit",
        other_facility,
        Decimal(200 * 10000),
    )
    assert (sale.invoice.bill_to, sale.invoice.due_on) == (
        other_facility.name,
        dt.date(2026, 2, 28),
    )
    assert [o.pk for o in selectors.order_list(facility=facility, customer_kind="unit")] == [
        order.pk
    ]


def test_an_ekatalog_order_carries_its_reference_to_the_sale(
    facility, output_officer, treasurer, store, table
):
    from karya.inventory.services import stock_receive

    stock_receive(actor=output_officer, location=store, product=table, quantity=6)
    order = quote(
        facility,
        output_officer,
        [(table, 4)],
        customer_kind="ekatalog",
        customer_name="Dinas Pendidikan Kabupaten Banyumas",
        ekatalog_reference="EPA-P2601-0042",
    )
    confirm(order, output_officer)
    sale = deliver(order, output_officer, store)
    assert "e-Katalog EPA-P2601-0042" in sale.note and order.number in sale.note
    payment_record(
        actor=treasurer, sale=sale, amount=6000000, method="transfer", reference="SP2D-1"
    )
    assert state(order) == "paid"
    found = selectors.order_list(facility=facility, query="P2601-0042")
    assert [o.number for o in found] == [order.number]
    assert DELIVERED.date() == CustomerOrder.objects.get(pk=order.pk).delivered_on
