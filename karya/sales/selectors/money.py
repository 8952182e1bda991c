"""Reads of sales, invoices and payments: the lists of the sales and invoice pages (paid and
outstanding amounts annotated, so the number of queries does not grow with the rows), one sale
or invoice with its lines and payments, and what was paid per workshop and product (the
finance area's input)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from karya.core.dates import month_bounds
from karya.sales.models import Invoice, Payment, PaymentAllocation, Sale, SaleLine

MONEY = DecimalField(max_digits=14, decimal_places=0)
ZERO = Value(Decimal(0), output_field=MONEY)


class InvoiceStatus:
    """The state of an invoice, from its payments, its sale and its due date (not stored)."""

    OPEN = "open"  # something is still owed (overdue ones included)
    OVERDUE = "overdue"  # still owed after the due date
    PAID = "paid"
    CANCELLED = "cancelled"  # its sale was reversed

    ALL = (OPEN, OVERDUE, PAID, CANCELLED)


# --- payments per workshop and product (the finance area) ----------------------------------


@dataclass(frozen=True)
class PaidAmount:
    """What was received in a period for one product made by one workshop (refunds
    deducted), and the material cost of that part. `workshop_id` is None when the workshop
    could not be told."""

    workshop_id: int | None
    workshop_name: str
    product_id: int
    product_name: str
    amount: Decimal
    material_cost: Decimal


def paid_amounts(*, facility, start: dt.date, end: dt.date) -> list[PaidAmount]:
    """Per workshop and product: the sum of the payment allocations paid from `start` to `end`
    (both included, by the day in the unit's zone) and of their material cost. Refunds count
    on the day they were paid back. One query."""
    rows = (
        PaymentAllocation.objects.filter(facility=facility, paid_on__gte=start, paid_on__lte=end)
        .values("workshop_id", "workshop__name", "product_id", "product__name")
        .annotate(amount=Sum("amount"), material_cost=Sum("material_cost"))
        .order_by(
            F("workshop__name").asc(nulls_first=True), "product__name", "workshop_id", "product_id"
        )
    )
    return [
        PaidAmount(
            workshop_id=row["workshop_id"],
            workshop_name=row["workshop__name"] or "",
            product_id=row["product_id"],
            product_name=row["product__name"],
            amount=row["amount"],
            material_cost=row["material_cost"],
        )
        for row in rows
    ]


# --- sales -----------------------------------------------------------------------------------


def _paid_of_sale(ref: str = "pk"):
    """The sum of a sale's payments (refunds deducted), as a subquery on `ref`."""
    paid = (
        Payment.objects.filter(sale=OuterRef(ref))
        .order_by()
        .values("sale")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(paid, output_field=MONEY), ZERO)


def day_bounds(day: dt.date, tz_name: str) -> tuple[dt.datetime, dt.datetime]:
    """The start of the day and of the next one in the unit's zone, as aware datetimes."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(tz_name))
    return start, start + dt.timedelta(days=1)


def month_instants(month: dt.date, tz_name: str) -> tuple[dt.datetime, dt.datetime]:
    """The start of the month of `month` and of the next one in the unit's zone."""
    first, last = month_bounds(month)
    return day_bounds(first, tz_name)[0], day_bounds(last, tz_name)[1]


def sale_list(
    *, facility, channel: str = "", month: dt.date | None = None, query: str = ""
) -> QuerySet[Sale]:
    """The unit's sales of every channel, newest first, reversals included, each with `paid`
    (received, refunds deducted) and `is_reversed`. `month` keeps the sales of that month (by
    the day in the unit's zone); `query` matches the number, the customer or the event."""
    sales = Sale.objects.filter(facility=facility)
    if channel:
        sales = sales.filter(channel=channel)
    if month is not None:
        start, end = month_instants(month, facility.timezone)
        sales = sales.filter(sold_at__gte=start, sold_at__lt=end)
    if query:
        sales = sales.filter(
            Q(number__icontains=query)
            | Q(customer_name__icontains=query)
            | Q(partner__legal_name__icontains=query)
            | Q(event__icontains=query)
        )
    return (
        sales.select_related("partner", "location", "reverses")
        .annotate(
            paid=_paid_of_sale(),
            is_reversed=Exists(Sale.objects.filter(reverses=OuterRef("pk"))),
        )
        .order_by("-sold_at", "-pk")
    )


def sale_get(*, facility, pk) -> Sale | None:
    """One sale of the unit with `paid` and `is_reversed` (None for a missing one and for
    another unit's alike)."""
    return (
        sale_list(facility=facility)
        .select_related(
            "facility", "buyer_facility", "created_by", "handover", "settlement", "order"
        )
        .filter(pk=pk)
        .first()
    )


def sale_owed(sale: Sale) -> Decimal:
    """What is still owed on a sale read by `sale_list` or `sale_get` (from its annotations):
    0 for a cancelled sale and for a cancellation."""
    if sale.is_reversed or sale.reverses_id:
        return Decimal(0)
    return max(sale.total - sale.paid, Decimal(0))


def sale_lines(sale: Sale) -> list[SaleLine]:
    return list(
        SaleLine.objects.filter(facility_id=sale.facility_id, sale=sale)
        .select_related("product", "lot", "workshop")
        .order_by("pk")
    )


def sale_payments(sale: Sale) -> list[Payment]:
    """The sale's payments and refunds, oldest first, each with `refunded` (what has been
    paid back of it) and `refundable` (what can still be)."""
    payments = list(
        Payment.objects.filter(facility_id=sale.facility_id, sale=sale)
        .select_related("created_by", "reverses")
        .order_by("paid_at", "pk")
    )
    refunded: dict[int, Decimal] = {}
    for payment in payments:
        if payment.reverses_id:
            refunded[payment.reverses_id] = refunded.get(payment.reverses_id, 0) - payment.amount
    for payment in payments:
        payment.refunded = refunded.get(payment.pk, Decimal(0))
        payment.refundable = (
            Decimal(0) if payment.reverses_id else payment.amount - payment.refunded
        )
    return payments


def sale_reversal(sale: Sale) -> Sale | None:
    return Sale.objects.filter(facility_id=sale.facility_id, reverses=sale).first()


# --- invoices --------------------------------------------------------------------------------


def invoice_list(
    *,
    facility,
    today: dt.date,
    status: str = "",
    partner_id: int | None = None,
    month: dt.date | None = None,
) -> QuerySet[Invoice]:
    """The unit's invoices, newest first, each with `paid`, `outstanding`, `cancelled` and
    `status` (see InvoiceStatus) computed in the query. `month` keeps those issued that month.
    """
    invoices = Invoice.objects.filter(facility=facility)
    if partner_id:
        invoices = invoices.filter(partner_id=partner_id)
    if month is not None:
        first, last = month_bounds(month)
        invoices = invoices.filter(issued_on__gte=first, issued_on__lte=last)
    invoices = invoices.annotate(
        paid=_paid_of_sale("sale"),
        cancelled=Exists(Sale.objects.filter(reverses=OuterRef("sale"))),
    ).annotate(
        outstanding=Case(
            When(cancelled=True, then=ZERO),
            When(paid__gte=F("amount"), then=ZERO),
            default=F("amount") - F("paid"),
            output_field=MONEY,
        ),
        overdue=Case(
            When(cancelled=False, paid__lt=F("amount"), due_on__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        status=Case(
            When(cancelled=True, then=Value(InvoiceStatus.CANCELLED)),
            When(paid__gte=F("amount"), then=Value(InvoiceStatus.PAID)),
            When(due_on__lt=today, then=Value(InvoiceStatus.OVERDUE)),
            default=Value(InvoiceStatus.OPEN),
        ),
    )
    if status == InvoiceStatus.OPEN:
        invoices = invoices.filter(cancelled=False, paid__lt=F("amount"))
    elif status == InvoiceStatus.OVERDUE:
        invoices = invoices.filter(overdue=True)
    elif status == InvoiceStatus.PAID:
        invoices = invoices.filter(cancelled=False, paid__gte=F("amount"))
    elif status == InvoiceStatus.CANCELLED:
        invoices = invoices.filter(cancelled=True)
    return invoices.select_related("partner", "sale").order_by("-issued_on", "-pk")


def invoice_get(*, facility, pk, today: dt.date) -> Invoice | None:
    """One invoice of the unit with its computed amounts (None when not the unit's)."""
    return (
        invoice_list(facility=facility, today=today)
        .select_related(
            "facility",
            "sale__location",
            "sale__handover",
            "sale__settlement",
            "sale__order",
            "created_by",
        )
        .filter(pk=pk)
        .first()
    )


def invoice_totals(invoices: QuerySet[Invoice]) -> dict:
    """The sum of the amounts, payments and outstanding amounts of a list (three queries:
    Django sums several subquery annotations in one query wrongly on SQLite)."""
    rows = invoices.order_by()
    return {
        name: rows.aggregate(total=Sum(name))["total"] or Decimal(0)
        for name in ("amount", "paid", "outstanding")
    }


def payment_get(*, facility, pk) -> Payment | None:
    """One payment or refund of the unit, with its sale (None when not the unit's)."""
    return (
        Payment.objects.filter(facility=facility, pk=pk)
        .select_related(
            "facility__region", "sale__partner", "sale__invoice", "reverses", "created_by"
        )
        .first()
    )


def payment_refundable(payment: Payment) -> Decimal:
    """What can still be paid back of a payment (0 for a refund)."""
    if payment.reverses_id:
        return Decimal(0)
    refunded = -(
        Payment.objects.filter(reverses=payment).aggregate(total=Sum("amount"))["total"] or 0
    )
    return payment.amount - refunded


@dataclass(frozen=True)
class LineSummary:
    """A sale's lines of one product at one price, lots added together (for documents);
    `unit` is the unit of measure as written on documents (batang, buah, kali)."""

    product: str
    unit: str
    quantity: int
    unit_price: Decimal
    amount: Decimal


def sale_line_summary(sale: Sale) -> list[LineSummary]:
    """The sale's lines by product and price, in the order first sold (one query)."""
    merged: dict[tuple, list] = {}
    for line in sale_lines(sale):
        key = (line.product_id, line.unit_price)
        if key not in merged:
            merged[key] = [line.product, 0, Decimal(0)]
        merged[key][1] += line.quantity
        merged[key][2] += line.amount
    return [
        LineSummary(product.name, product.unit_of_measure, quantity, price, amount)
        for (_pk, price), (product, quantity, amount) in merged.items()
    ]
