"""Reads on customer orders: the list with each order's total, invoice, payments and state; one
order with its lines, sale, payments and timeline; what the quotation letter shows.

The state of an order is its stored status, except that a DELIVERED order whose payments cover
its invoice reads as PAID (karya.sales.services.orders explains why PAID is derived, never
stored). Every read takes a fixed number of queries whatever the number of orders or lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    DecimalField,
    ExpressionWrapper,
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

from karya.audit.models import AuditEntry
from karya.audit.selectors import history_for
from karya.production.choices import OrderStatus as ProductionStatus
from karya.production.models import ProductionOrder
from karya.sales.choices import CustomerOrderStatus
from karya.sales.models import CustomerOrder, Invoice, OrderLine, Payment, Sale

MONEY = DecimalField(max_digits=16, decimal_places=0)
QUOTATION_VALID_DAYS = 30  # a quotation holds its prices this long (printed on the letter)
DUE_SOON_DAYS = 7  # an order due within this many days is marked on the list
PAGE = 50


def _amount():
    return ExpressionWrapper(F("quantity") * F("unit_price"), output_field=MONEY)


def with_state(orders: QuerySet[CustomerOrder]) -> QuerySet[CustomerOrder]:
    """Annotate each order with `total` (its lines), `invoice_number`, `invoice_due_on`,
    `invoiced` (the delivered sale's total, None before delivery), `paid` (payments less
    refunds) and `state` (the status, or PAID when the payments cover the invoice)."""
    lines = (
        OrderLine.objects.filter(order=OuterRef("pk"))
        .values("order")
        .annotate(total=Sum(_amount()))
        .values("total")
    )
    sale = Sale.objects.filter(order=OuterRef("pk"), reverses__isnull=True).order_by("pk")
    invoice = Invoice.objects.filter(sale__order=OuterRef("pk"), sale__reverses__isnull=True)
    paid = (
        Payment.objects.filter(sale__order=OuterRef("pk"))
        .values("sale__order")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return orders.annotate(
        total=Coalesce(Subquery(lines, output_field=MONEY), Value(Decimal(0)), output_field=MONEY),
        invoiced=Subquery(sale.values("total")[:1], output_field=MONEY),
        invoice_number=Subquery(invoice.values("number")[:1], output_field=CharField()),
        invoice_due_on=Subquery(invoice.values("due_on")[:1]),
        paid=Coalesce(Subquery(paid, output_field=MONEY), Value(Decimal(0)), output_field=MONEY),
    ).annotate(
        state=Case(
            When(
                status=CustomerOrderStatus.DELIVERED,
                invoiced__isnull=False,
                paid__gte=F("invoiced"),
                then=Value(CustomerOrderStatus.PAID.value),
            ),
            default=F("status"),
            output_field=CharField(),
        )
    )


def order_state(order: CustomerOrder) -> str:
    """The state of one order (see the module)."""
    if getattr(order, "state", None):
        return order.state
    return with_state(CustomerOrder.objects.filter(pk=order.pk)).values_list("state", flat=True)[0]


def mark(order: CustomerOrder, today: dt.date) -> CustomerOrder:
    """Give an order annotated by `with_state` its marks for the pages: `state_label`,
    `is_late` (goods not delivered by the due date), `is_due_soon` (due within
    DUE_SOON_DAYS), `payment_overdue` (delivered, unpaid after the invoice's due date),
    `outstanding` (what is still owed)."""
    order.state_label = CustomerOrderStatus(order.state).label
    ordered = order.status == CustomerOrderStatus.ORDERED and order.due_on is not None
    order.is_late = ordered and order.due_on < today
    order.is_due_soon = (
        ordered and not order.is_late and order.due_on <= today + dt.timedelta(days=DUE_SOON_DAYS)
    )
    order.outstanding = (
        max(order.invoiced - order.paid, Decimal(0))
        if order.state == CustomerOrderStatus.DELIVERED and order.invoiced is not None
        else Decimal(0)
    )
    order.payment_overdue = bool(
        order.outstanding and order.invoice_due_on and order.invoice_due_on < today
    )
    return order


def order_list(
    *,
    facility,
    state: str = "",
    customer_kind: str = "",
    query: str = "",
    after: int | None = None,
) -> QuerySet[CustomerOrder]:
    """The unit's orders, newest first (by id: keyset pagination passes `after`), annotated
    by `with_state`, filtered by state (PAID included), kind of customer and a text found in
    the number, the customer's name or the e-Katalog reference."""
    orders = CustomerOrder.objects.filter(facility=facility).select_related("buyer_facility")
    if customer_kind:
        orders = orders.filter(customer_kind=customer_kind)
    if query:
        orders = orders.filter(
            Q(number__icontains=query)
            | Q(customer_name__icontains=query)
            | Q(ekatalog_reference__icontains=query)
        )
    if after:
        orders = orders.filter(pk__lt=after)
    orders = with_state(orders)
    if state:
        orders = orders.filter(state=state)
    return orders.order_by("-pk")


def order_get(*, facility, pk) -> CustomerOrder | None:
    """One order of the unit, annotated by `with_state`; None for a missing one and another
    unit's alike."""
    return (
        with_state(CustomerOrder.objects.filter(facility=facility, pk=pk))
        .select_related(
            "facility__region",
            "partner",
            "buyer_facility",
            "source",
            "production_order__product",
            "production_order__lot",
            "created_by",
        )
        .first()
    )


def order_lines(order: CustomerOrder) -> list[OrderLine]:
    """The order's lines with their product and `amount` (quantity × unit price)."""
    return list(
        OrderLine.objects.filter(facility_id=order.facility_id, order=order)
        .select_related("product")
        .annotate(amount=_amount())
        .order_by("pk")
    )


def line_get(order: CustomerOrder, pk) -> OrderLine | None:
    return (
        OrderLine.objects.filter(facility_id=order.facility_id, order=order, pk=pk)
        .select_related("product", "order")
        .first()
    )


@dataclass
class Money:
    """The money side of a delivered order: its sale and invoice, the reversal of a cancelled
    one, and every payment and refund in the order they were made."""

    sale: Sale | None
    invoice: Invoice | None
    reversal: Sale | None
    payments: list[Payment]

    @property
    def paid(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal(0))

    @property
    def paid_at(self) -> dt.datetime | None:
        """When the payments first covered the invoice (None: never, or nothing invoiced)."""
        if self.sale is None:
            return None
        running = Decimal(0)
        for payment in self.payments:
            running += payment.amount
            if running >= self.sale.total:
                return payment.paid_at
        return None


def order_money(order: CustomerOrder) -> Money:
    """The sale, invoice, reversal and payments of an order (three queries)."""
    sales = list(
        Sale.objects.filter(facility_id=order.facility_id, order=order)
        .select_related("invoice")
        .order_by("pk")
    )
    sale = next((s for s in sales if s.reverses_id is None), None)
    reversal = next((s for s in sales if s.reverses_id is not None), None)
    invoice = getattr(sale, "invoice", None) if sale is not None else None
    payments = list(
        Payment.objects.filter(facility_id=order.facility_id, sale__order=order).order_by(
            "paid_at", "pk"
        )
    )
    return Money(sale=sale, invoice=invoice, reversal=reversal, payments=payments)


@dataclass
class Event:
    key: str
    label: str
    on: dt.date | dt.datetime | None
    done: bool


def order_timeline(order: CustomerOrder, money: Money) -> list[Event]:
    """Quoted → ordered → delivered → paid, each with its date when it happened; a cancelled
    order ends with its cancellation."""
    paid_at = money.paid_at if order.status != CustomerOrderStatus.CANCELLED else None
    delivered = order.delivered_on
    events = [
        Event("quoted", CustomerOrderStatus.QUOTATION.label, order.quoted_on, True),
        Event(
            "ordered", CustomerOrderStatus.ORDERED.label, order.ordered_on, bool(order.ordered_on)
        ),
        Event("delivered", CustomerOrderStatus.DELIVERED.label, delivered, bool(delivered)),
        Event("paid", CustomerOrderStatus.PAID.label, paid_at, paid_at is not None),
    ]
    if order.status == CustomerOrderStatus.CANCELLED:
        # The cancellation is the order's last change (nothing changes a cancelled order).
        last = history_for(order).filter(action=AuditEntry.Action.UPDATE).order_by("-at").first()
        when = last.at if last else None
        events.append(Event("cancelled", CustomerOrderStatus.CANCELLED.label, when, True))
    return events


def quotation_valid_until(order: CustomerOrder) -> dt.date:
    return order.quoted_on + dt.timedelta(days=QUOTATION_VALID_DAYS)


def production_orders_for(order: CustomerOrder):
    """The unit's production orders that can make this order's goods: not cancelled, for one
    of its products, newest first."""
    products = OrderLine.objects.filter(order=order).values("product_id")
    return (
        ProductionOrder.objects.filter(facility_id=order.facility_id, product_id__in=products)
        .exclude(status=ProductionStatus.CANCELLED)
        .select_related("product", "workshop")
        .order_by("-pk")
    )
