"""The money core every channel uses: numbered sales with their lines, invoices, payments
divided over the lines (per product and workshop), refunds and cancellations."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from karya.core.errors import DomainError
from karya.core.models import AppendOnlyError
from karya.sales.models import PaymentAllocation, Sale
from karya.sales.services.payments import (
    payment_record,
    payment_refund,
    sale_outstanding,
    sale_paid,
)
from karya.sales.services.sales import InvoiceInput, LineInput, sale_create, sale_reverse
from karya.sales.signals import money_received

pytestmark = pytest.mark.usefixtures("in_scope")
SOLD = dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC)


def _sale(facility, actor, broom, lakop, lot=None, invoice=None):
    return sale_create(
        actor=actor,
        facility=facility,
        channel="counter",
        sold_at=SOLD,
        lines=[LineInput(broom, 3, 2500, lot), LineInput(lakop, 1, 15000)],
        invoice=invoice,
    )


def test_a_sale_is_numbered_per_unit_and_month_and_knows_its_workshop(
    facility, output_officer, broom, lakop, workshop, stocked
):
    first = _sale(facility, output_officer, broom, lakop, lot=stocked)
    second = _sale(facility, output_officer, broom, lakop)
    assert first.number == f"PJ/{facility.code}/2026/01/0001"
    assert second.number == f"PJ/{facility.code}/2026/01/0002"
    assert first.total == Decimal(22500)
    line = first.lines.get(product=broom)
    assert (line.amount, line.workshop, line.unit_cost) == (Decimal(7500), workshop, Decimal(1200))


def test_bad_lines_are_refused_and_nothing_is_written(
    facility, other_facility, output_officer, broom
):
    from karya.inventory.tests.conftest import make_product

    foreign = make_product(other_facility, name="Batik")
    for lines, message in [
        ([], "at least one line"),
        ([LineInput(broom, 0, 2500)], "whole quantity"),
        ([LineInput(broom, 2, "-1")], "unit price"),
        ([LineInput(broom, 2, "abc")], "whole rupiah"),
        ([LineInput(foreign, 2, 2500)], "product of this unit"),
    ]:
        with pytest.raises(DomainError, match=message):
            sale_create(actor=output_officer, facility=facility, channel="counter", lines=lines)
    with scopes_disabled():
        assert not Sale.objects.exists()


def test_an_invoice_is_issued_with_the_sale_and_not_due_before_it(
    facility, output_officer, broom, lakop
):
    sale = _sale(
        facility,
        output_officer,
        broom,
        lakop,
        invoice=InvoiceInput(bill_to="CV. Pusat Handicraft", due_on=dt.date(2026, 2, 28)),
    )
    assert sale.invoice.number == f"INV/{facility.code}/2026/01/0001"
    assert sale.invoice.amount == sale.total
    with pytest.raises(DomainError, match="due date"):
        _sale(
            facility,
            output_officer,
            broom,
            lakop,
            invoice=InvoiceInput(bill_to="X", due_on=dt.date(2026, 1, 1)),
        )


def test_a_payment_is_divided_over_the_lines_and_sent_to_finance(
    facility, treasurer, output_officer, broom, lakop, workshop
):
    sale = _sale(facility, output_officer, broom, lakop)
    heard = []
    money_received.connect(
        lambda **kw: heard.append(kw["allocations"]), weak=False, dispatch_uid="t"
    )
    try:
        payment = payment_record(
            actor=treasurer, sale=sale, amount=10001, method="cash", paid_at=SOLD
        )
    finally:
        money_received.disconnect(dispatch_uid="t")
    parts = {a.product_id: a.amount for a in payment.allocations.all()}
    assert sum(parts.values()) == Decimal(10001)
    assert parts == {broom.pk: Decimal(3334), lakop.pk: Decimal(6667)}
    assert heard and len(heard[0]) == 2
    assert payment.number == f"KW/{facility.code}/2026/01/0001"
    assert sale_outstanding(sale) == Decimal(12499)


@pytest.mark.parametrize(
    ("amount", "method", "reference", "message"),
    [
        (0, "cash", "", "above Rp 0"),
        ("1.5e3x", "cash", "", "whole rupiah"),
        (30000, "cash", "", "still owed"),
        (1000, "transfer", "", "reference"),
        (1000, "cheque", "", "how it was paid"),
    ],
)
def test_bad_payments_are_refused(
    facility, treasurer, output_officer, broom, lakop, amount, method, reference, message
):
    sale = _sale(facility, output_officer, broom, lakop)
    with pytest.raises(DomainError, match=message):
        payment_record(
            actor=treasurer, sale=sale, amount=amount, method=method, reference=reference
        )
    assert sale_paid(sale) == 0


def test_a_refund_reverses_the_allocations_exactly_and_cannot_exceed_the_payment(
    facility, treasurer, output_officer, broom, lakop
):
    sale = _sale(facility, output_officer, broom, lakop)
    payment = payment_record(
        actor=treasurer, sale=sale, amount=22500, method="qris", reference="Q1"
    )
    refund = payment_refund(actor=treasurer, payment=payment, amount=2500, reason="Salah hitung")
    assert refund.amount == Decimal(-2500)
    with pytest.raises(DomainError, match="can still be paid back"):
        payment_refund(actor=treasurer, payment=payment, amount=20001, reason="Lagi")
    payment_refund(actor=treasurer, payment=payment, reason="Batal")
    with scopes_disabled():
        total = sum(
            PaymentAllocation.objects.filter(payment__sale=sale).values_list("amount", flat=True)
        )
    assert total == 0 and sale_paid(sale) == 0


def test_a_cancelled_sale_is_mirrored_owes_nothing_and_takes_no_payment(
    facility, treasurer, output_officer, broom, lakop
):
    sale = _sale(facility, output_officer, broom, lakop)
    with pytest.raises(DomainError, match="Say why"):
        sale_reverse(actor=output_officer, sale=sale, reason=" ")
    reversal = sale_reverse(actor=output_officer, sale=sale, reason="Pembeli batal")
    assert reversal.total == -sale.total
    assert sorted(reversal.lines.values_list("quantity", flat=True)) == [-3, -1]
    assert sale_outstanding(sale) == 0
    with pytest.raises(DomainError, match="cancelled"):
        payment_record(actor=treasurer, sale=sale, amount=1000, method="cash")
    with pytest.raises(DomainError, match="already been cancelled"):
        sale_reverse(actor=output_officer, sale=sale, reason="Lagi")


def test_sales_and_payments_are_append_only(facility, treasurer, output_officer, broom, lakop):
    sale = _sale(facility, output_officer, broom, lakop)
    payment = payment_record(actor=treasurer, sale=sale, amount=1000, method="cash")
    for row in (sale, payment, sale.lines.first(), payment.allocations.first()):
        with pytest.raises(AppendOnlyError):
            row.save()
        with pytest.raises(AppendOnlyError):
            row.delete()
