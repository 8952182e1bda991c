"""Delivering an order (the goods leave the stock, a sale with its invoice is made) and
cancelling one (a delivered order is reversed: sale, stock and payments)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.audit.services import audited_update
from karya.core.dates import local, tanggal
from karya.core.errors import Conflict, DomainError
from karya.inventory.choices import LocationKind, MoveKind
from karya.inventory.models import StockBalance
from karya.inventory.services import InsufficientStock, stock_take
from karya.inventory.services.moves import available
from karya.sales.choices import Channel, CustomerOrderStatus
from karya.sales.models import CustomerOrder, Sale
from karya.sales.services.cancel import sale_undo
from karya.sales.services.orders.common import (
    PAYMENT_TERM_DAYS,
    REASON_MAX,
    is_service,
    lock,
    refuse,
)
from karya.sales.services.sales import InvoiceInput, LineInput, sale_create

# --- delivery -------------------------------------------------------------------------------


def _short(product, location, have: int, wanted: int, lot=None) -> InsufficientStock:
    what = f"{product.name} ({lot.code})" if lot is not None else product.name
    return InsufficientStock(
        _(
            "Not enough stock of %(product)s at %(location)s: %(available)s %(unit)s "
            "available, %(wanted)s %(unit)s asked for."
        )
        % {
            "product": what,
            "location": location.name,
            "available": have,
            "wanted": wanted,
            "unit": product.get_unit_of_measure_display(),
        },
        available=have,
        field="lots" if lot is not None else "location",
    )


def _sources(order: CustomerOrder, location, product, lot, quantity: int) -> list[tuple]:
    """[(lot, quantity)] covering `quantity` of `product` at `location`: the chosen lot, or
    the first available (see the package's decisions). Refuses with InsufficientStock when
    the location holds too few; the debits themselves still check each balance in one
    conditional UPDATE."""
    if lot is not None:
        if lot.product_id != product.pk or lot.facility_id != order.facility_id:
            raise DomainError(
                _("Lot %(lot)s is not a lot of %(product)s.")
                % {"lot": lot.code, "product": product.name},
                field="lots",
            )
        have = available(location, product, lot)
        if have < quantity:
            raise _short(product, location, have, quantity, lot)
        return [(lot, quantity)]
    balances = list(
        StockBalance.objects.filter(location=location, product=product, quantity__gt=0)
        .select_related("lot")
        .order_by("lot__produced_on", "lot__code", "pk")
    )
    preferred = order.production_order.lot_id if order.production_order_id else None

    def rank(balance):
        if preferred and balance.lot_id == preferred:
            return 0
        return 1 if balance.lot_id is None else 2

    balances.sort(key=rank)  # stable: oldest lots first within their rank
    have = sum(b.quantity for b in balances)
    if have < quantity:
        raise _short(product, location, have, quantity)
    taken, left = [], quantity
    for balance in balances:
        part = min(left, balance.quantity)
        taken.append((balance.lot, part))
        left -= part
        if not left:
            break
    return taken


@transaction.atomic
def order_deliver(
    *,
    actor,
    order: CustomerOrder,
    location=None,
    lots: dict | None = None,
    delivered_at: dt.datetime | None = None,
    payment_due_on: dt.date | None = None,
) -> Sale:
    """ORDERED → DELIVERED: the goods leave `location` (a store or gallery of the unit; not
    needed when only services are ordered), each line from its chosen lot (`lots`: order line
    id → lot) or the first available; a sale (channel ORDER) is made with its invoice to the
    customer, due on `payment_due_on` (default PAYMENT_TERM_DAYS after delivery).

    Refused, with nothing written: an order not ORDERED, a delivery in the future or before
    the order, another unit's location or a partner's, a lot of another product, too little
    stock (InsufficientStock says how much there is). Side effects: the `sold` stock moves, the
    sale, its lines and invoice, the order, their audit rows.
    """
    current = lock(order)
    if current.status != CustomerOrderStatus.ORDERED:
        raise refuse(current, _("Order %(number)s is %(status)s: it cannot be delivered."))
    facility = current.facility
    now = timezone.now()
    delivered_at = delivered_at or now
    if delivered_at > now + dt.timedelta(minutes=5):
        raise DomainError(_("A delivery cannot be dated in the future."), field="delivered_at")
    day = local(delivered_at, facility.timezone).date()
    if current.ordered_on and day < current.ordered_on:
        raise DomainError(
            _("The delivery cannot be before the order (%(date)s).")
            % {"date": tanggal(current.ordered_on)},
            field="delivered_at",
        )
    due = payment_due_on or day + dt.timedelta(days=PAYMENT_TERM_DAYS)
    if due < day:
        raise DomainError(
            _("The payment cannot be due before the delivery."), field="payment_due_on"
        )
    order_lines = list(current.lines.select_related("product").order_by("pk"))
    goods = [line for line in order_lines if not is_service(line.product)]
    lots = lots or {}
    if goods:
        if location is None or location.facility_id != facility.pk:
            raise DomainError(_("Choose a stock location of this unit."), field="location")
        if location.kind == LocationKind.PARTNER:
            raise DomainError(
                _(
                    "Deliver from a store or the gallery of the unit, not from goods held by "
                    "a partner."
                ),
                field="location",
            )
    sale_lines, takes = [], []
    for line in order_lines:
        if not is_service(line.product):
            for lot, quantity in _sources(
                current, location, line.product, lots.get(line.pk), line.quantity
            ):
                sale_lines.append(LineInput(line.product, quantity, line.unit_price, lot))
                takes.append((line.product, lot, quantity))
        else:
            sale_lines.append(LineInput(line.product, line.quantity, line.unit_price))
    note = current.number
    if current.ekatalog_reference:
        note = f"{note} · e-Katalog {current.ekatalog_reference}"
    sale = sale_create(
        actor=actor,
        facility=facility,
        channel=Channel.ORDER,
        lines=sale_lines,
        sold_at=delivered_at,
        customer_kind=current.customer_kind,
        customer_name=current.customer_name,
        partner=current.partner,
        buyer_facility=current.buyer_facility,
        order=current,
        invoice=InvoiceInput(bill_to=current.customer_name, due_on=due, partner=current.partner),
        note=note,
    )
    for product, lot, quantity in takes:
        stock_take(
            actor=actor,
            location=location,
            product=product,
            lot=lot,
            quantity=quantity,
            kind=MoveKind.SOLD,
            reference=sale.number,
            note=current.number,
        )
    audited_update(
        actor=actor,
        instance=current,
        status=CustomerOrderStatus.DELIVERED,
        delivered_on=day,
        source=location if goods else None,
    )
    return sale


# --- cancellation ---------------------------------------------------------------------------


def delivered_sale(order: CustomerOrder) -> Sale | None:
    """The sale the delivery made (not its reversal), or None before delivery."""
    return (
        Sale.objects.filter(facility_id=order.facility_id, order=order, reverses__isnull=True)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def order_cancel(
    *, actor, order: CustomerOrder, reason: str, when: dt.datetime | None = None
) -> CustomerOrder:
    """Cancel an order with a reason. A quotation or an order simply becomes CANCELLED. A
    delivered (or paid) order is undone in the same transaction: its sale reversed, the goods
    back where they were taken from (same lots and cost, `returned`), every payment refunded
    in full. Side effects: the reversal, the stock moves, the refunds, the order, their audit
    rows. Refused: an order already cancelled, no reason."""
    current = lock(order)
    if current.status == CustomerOrderStatus.CANCELLED:
        raise refuse(current, _("Order %(number)s is %(status)s: it can no longer be cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for cancelling."), field="reason")
    reason = reason[:REASON_MAX]
    if current.status == CustomerOrderStatus.DELIVERED:
        _undo_delivery(actor, current, reason, when or timezone.now())
    return audited_update(
        actor=actor, instance=current, status=CustomerOrderStatus.CANCELLED, cancel_reason=reason
    )


def _undo_delivery(actor, order: CustomerOrder, reason: str, when: dt.datetime) -> None:
    sale = delivered_sale(order)
    if sale is None:  # pragma: no cover - a delivered order always has its sale
        raise Conflict(_("The sale of this order cannot be found."), code="no_sale")
    sale_undo(actor=actor, sale=sale, reason=reason, when=when, note=order.number)
