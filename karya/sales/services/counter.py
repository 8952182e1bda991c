"""The gallery and bazaar counter: goods and services sold and paid on the spot.

A counter sale is one transaction: the goods leave the counter's location (the gallery or a
bazaar stand), a numbered sale is made at the public price of the day, and the whole total is
paid (cash, transfer or QRIS, recorded and not processed). Services such as a car wash have no
stock. Cancelling reverses the sale, puts the goods back where they were taken from and pays
back what was received.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.core.dates import local, tanggal
from karya.core.errors import Conflict, DomainError
from karya.inventory.choices import LocationKind, MoveKind
from karya.inventory.models import Lot, StockBalance
from karya.inventory.services import InsufficientStock, stock_take
from karya.inventory.services.moves import MAX_QUANTITY
from karya.production.choices import ProductCategory, UnitOfMeasure
from karya.production.selectors import price_on
from karya.sales.choices import Channel, PaymentMethod
from karya.sales.models import Sale
from karya.sales.services.cancel import sale_undo
from karya.sales.services.payments import (
    REFERENCE_MAX,
    clean_tendered,
    payment_record,
)
from karya.sales.services.sales import EVENT_MAX, LineInput, sale_create

# Where a counter sells from: the gallery, or another place such as a bazaar stand.
COUNTER_LOCATION_KINDS = (LocationKind.GALLERY, LocationKind.OTHER)
CUSTOMER_MAX = Sale._meta.get_field("customer_name").max_length
FUTURE_SLACK = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class CounterLine:
    """One product or service asked for at the counter: a whole quantity above zero, and
    optionally the lot to take the goods from (otherwise the oldest lots go first)."""

    product: object
    quantity: int
    lot: object | None = None


def is_service(product) -> bool:
    """A service (a car or motorbike wash) is sold without stock."""
    return product.category == ProductCategory.JASA or product.unit_of_measure == UnitOfMeasure.KALI


def check_counter_location(location) -> None:
    """The counter sells from a gallery or another place (a bazaar stand) still in use."""
    if location is None:
        raise DomainError(_("Choose where the counter is."), field="location")
    if location.kind not in COUNTER_LOCATION_KINDS:
        raise DomainError(
            _("The counter sells from the gallery or a bazaar stand, not from %(location)s.")
            % {"location": location.name},
            field="location",
        )
    if not location.is_active:
        raise DomainError(
            _("%(location)s is no longer in use; choose another location.")
            % {"location": location.name},
            field="location",
        )


def _clean_lines(location, lines: list[CounterLine]) -> list[CounterLine]:
    """Checked lines, the same product (and lot) asked for twice added together."""
    if not lines:
        raise DomainError(_("Choose at least one product or service."), field="lines")
    merged: dict[tuple, int] = defaultdict(int)
    found = {}
    for line in lines:
        product, lot, quantity = line.product, line.lot, line.quantity
        if product is None or product.facility_id != location.facility_id:
            raise DomainError(_("Choose a product of this unit."), field="lines")
        if not product.is_active:
            raise DomainError(
                _("%(product)s is no longer sold.") % {"product": product}, field="lines"
            )
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
            raise DomainError(
                _("Give a whole quantity above zero for %(product)s.") % {"product": product},
                field="lines",
            )
        if lot is not None:
            if is_service(product):
                raise DomainError(
                    _("%(product)s is a service: it has no lot.") % {"product": product},
                    field="lines",
                )
            if lot.facility_id != location.facility_id or lot.product_id != product.pk:
                raise DomainError(
                    _("Lot %(lot)s is not a lot of %(product)s.")
                    % {"lot": lot.code, "product": product},
                    field="lines",
                )
        key = (product.pk, lot.pk if lot is not None else None)
        found[key] = (product, lot)
        merged[key] += quantity
        if merged[key] > MAX_QUANTITY:
            raise DomainError(
                _("A quantity may be at most %(max)s.")
                % {"max": f"{MAX_QUANTITY:,}".replace(",", ".")},
                field="lines",
            )
    return [CounterLine(found[key][0], merged[key], found[key][1]) for key in merged]


def _prices(lines: list[CounterLine], day: dt.date) -> dict[int, Decimal]:
    """The public price of each product on the day of the sale."""
    prices = {}
    for line in lines:
        if line.product.pk in prices:
            continue
        price = price_on(line.product, day)
        if price is None:
            raise DomainError(
                _("%(product)s has no price on %(date)s; add its price first.")
                % {"product": line.product, "date": tanggal(day)},
                field="lines",
                code="no_price",
            )
        prices[line.product.pk] = price.public_price
    return prices


def _clean_payment(method: str, reference: str, tendered, total: Decimal):
    if method not in PaymentMethod.values:
        raise DomainError(_("Choose how it was paid."), field="payment_method")
    reference = (reference or "").strip()
    if method == PaymentMethod.CASH:
        return "", clean_tendered(tendered, total, method, field="amount_tendered")
    if not reference:
        raise DomainError(
            _("Give the transfer or QRIS reference of the payment."), field="reference"
        )
    if len(reference) > REFERENCE_MAX:
        raise DomainError(
            _("At most %(max)s characters.") % {"max": REFERENCE_MAX}, field="reference"
        )
    return reference, None


def _clean_text(value: str, limit: int, field: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise DomainError(_("At most %(max)s characters.") % {"max": limit}, field=field)
    return value


def _take_plan(location, goods: list[CounterLine]) -> list[tuple[CounterLine, object, int]]:
    """Which lots the goods come from: [(line, lot, quantity)], the oldest lots first (goods
    without a lot before any lot). The balance rows are locked (PostgreSQL) in one order, so
    two counters selling the same goods wait for each other instead of deadlocking. Refused
    with InsufficientStock, naming the product, when the location holds too few."""
    if not goods:
        return []
    balances = list(
        StockBalance.objects.select_for_update()
        .filter(
            location=location,
            product_id__in=[line.product.pk for line in goods],
            quantity__gt=0,
        )
        .order_by("pk")
    )
    lot_ids = {b.lot_id for b in balances if b.lot_id}
    lots = Lot.objects.in_bulk(lot_ids) if lot_ids else {}
    plan = []
    for line in goods:
        rows = [
            b
            for b in balances
            if b.product_id == line.product.pk and (line.lot is None or b.lot_id == line.lot.pk)
        ]
        rows.sort(
            key=lambda b: (
                b.lot_id is not None,
                lots[b.lot_id].produced_on if b.lot_id else dt.date.min,
                b.lot_id or 0,
            )
        )
        held = sum(b.quantity for b in rows)
        if held < line.quantity:
            what = f"{line.product} ({line.lot.code})" if line.lot is not None else line.product
            raise InsufficientStock(
                _(
                    "Not enough %(product)s at %(location)s: %(available)s %(unit)s available, "
                    "%(wanted)s %(unit)s asked for."
                )
                % {
                    "product": what,
                    "location": location.name,
                    "available": held,
                    "wanted": line.quantity,
                    "unit": line.product.get_unit_of_measure_display(),
                },
                available=held,
                field="lines",
            )
        wanted = line.quantity
        for balance in rows:
            if not wanted:
                break
            taken = min(wanted, balance.quantity)
            plan.append((line, lots.get(balance.lot_id), taken))
            wanted -= taken
    return plan


def counter_sale(
    *,
    actor,
    location,
    lines: list[CounterLine],
    payment_method: str,
    amount_tendered: Decimal | int | str | None = None,
    reference: str = "",
    customer_name: str = "",
    event: str = "",
    sold_at: dt.datetime | None = None,
) -> Sale:
    """Sell goods and services at the counter and take the whole payment, in one transaction.

    Each product is sold at its public price valid on the day of the sale (in the unit's
    zone). Goods are taken from `location` (kind `sold`), the oldest lots first unless a
    line names its lot; services (category jasa, unit kali) have no stock. Cash may name the
    amount handed over (`amount_tendered`, at least the total; the change is the rest);
    transfer and QRIS need their reference. Refused, with nothing written: a location that
    is not a gallery or bazaar stand in use, no lines, another unit's or an inactive product,
    a quantity that is not whole above zero, a product without a price that day, a total of
    Rp 0, too little cash, a missing reference, a sale dated in the future, too little stock
    (InsufficientStock). Side effects: the stock moves, the sale (channel counter, with its
    location and event), the payment (its receipt number KW/…), their audit rows and the
    finance split (`money_received`).
    """
    check_counter_location(location)
    facility = location.facility
    lines = _clean_lines(location, lines)
    now = timezone.now()
    sold_at = sold_at or now
    if sold_at > now + FUTURE_SLACK:
        raise DomainError(_("A sale cannot be dated in the future."), field="sold_at")
    customer_name = _clean_text(customer_name, CUSTOMER_MAX, "customer_name")
    event = _clean_text(event, EVENT_MAX, "event")
    prices = _prices(lines, local(sold_at, facility.timezone).date())
    total = sum((prices[line.product.pk] * line.quantity for line in lines), Decimal(0))
    if total <= 0:
        raise DomainError(
            _("The total is Rp 0: there is nothing to pay at the counter."), field="lines"
        )
    reference, tendered = _clean_payment(payment_method, reference, amount_tendered, total)

    goods = sorted(
        (line for line in lines if not is_service(line.product)), key=lambda x: x.product.pk
    )
    with transaction.atomic():
        plan = _take_plan(location, goods)
        sale_lines = [
            LineInput(line.product, taken, prices[line.product.pk], lot)
            for line, lot, taken in plan
        ] + [
            LineInput(line.product, line.quantity, prices[line.product.pk])
            for line in lines
            if is_service(line.product)
        ]
        sale = sale_create(
            actor=actor,
            facility=facility,
            channel=Channel.COUNTER,
            lines=sale_lines,
            sold_at=sold_at,
            customer_name=customer_name,
            location=location,
            event=event,
        )
        for line, lot, taken in plan:
            stock_take(
                actor=actor,
                location=location,
                product=line.product,
                lot=lot,
                quantity=taken,
                kind=MoveKind.SOLD,
                reference=sale.number,
            )
        payment_record(
            actor=actor,
            sale=sale,
            amount=total,
            method=payment_method,
            paid_at=sold_at,
            payer_name=customer_name,
            reference=reference,
            tendered=tendered,
        )
    return sale


def counter_sale_cancel(*, actor, sale: Sale, reason: str, when: dt.datetime | None = None) -> Sale:
    """Cancel a counter sale: a reversing sale (see `sale_reverse`), the goods put back at the
    location they were sold from, in the same lots (kind `returned`), and every payment paid
    back as far as it has not been already (a refund with the reason). Refused: a sale of
    another channel, a reversal, a sale already cancelled, no reason, a location no longer
    in use. Side effects: the reversal, the stock moves, the refunds, their audit rows and
    the finance split undone. Returns the reversing sale."""
    if sale.channel != Channel.COUNTER:
        raise DomainError(_("Only a counter sale is cancelled here."), code="illegal_transition")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the sale is cancelled."), field="reason")
    when = when or timezone.now()
    with transaction.atomic():
        # Two cancellations at once: the second waits here, then finds the reversal.
        sale = Sale.objects.select_for_update().get(pk=sale.pk)
        if Sale.objects.filter(reverses=sale).exists():
            raise Conflict(_("This sale has already been cancelled."), code="already_reversed")
        return sale_undo(actor=actor, sale=sale, reason=reason, when=when)
