"""Orders from people, institutions, partners, other units and the government e-catalogue
(e-Katalog LKPP): a quotation (surat penawaran harga) → an order → a delivery, with its sale and
invoice → payment. Cancelling is possible at every step; after delivery it reverses everything.

Decisions (DESIGN.md is silent on them):
- **Number.** PSN/<unit>/<yyyy>/<mm>/<nnnn> is given when the quotation is made, dated the
  quotation day, because the printed quotation carries it. A cancelled quotation keeps its
  number: numbers are never reused and have no gaps (karya.core.numbering).
- **Default unit price** (a typed price always wins): the price valid on the quotation day
  (karya.production.selectors.price_on). People, institutions and e-Katalog buyers pay the
  public price (the e-Katalog lists the public price). A partner pays the price agreed for the
  product in its active PKS valid that day, else the product's partner price; another unit buys
  at the partner price too (a fellow unit is a trade buyer, not the public).
- **Lines.** One line per product; lines change only while the order is a quotation, and a
  quotation keeps at least one line (cancel it instead). An e-Katalog order holds only products
  listed on the e-Katalog and always carries the buyer's e-Katalog order reference.
- **Delivery.** Goods leave one stock location of the unit (a store or the gallery, not goods
  held by a partner) as `sold` moves; a line takes the lot chosen for it, or else the first
  available: the lot of the linked production order, then goods without a lot (opening stock),
  then lots oldest first. Services (category jasa) take no stock. The sale (channel ORDER) and
  its invoice are made in the same transaction; the invoice falls due PAYMENT_TERM_DAYS after
  delivery unless another date is given.
- **PAID is derived, never stored.** Payments are recorded wherever the money comes in (the
  counter, an invoice page, the API) through karya.sales.services.payments, which knows nothing
  of orders, and no signal carries business rules. So the stored status stays DELIVERED and
  karya.sales.selectors.orders reads the order as PAID while the payments of its sale cover the
  invoice; a refund makes it unpaid again, and nothing can fall out of step.
- **Cancellation.** A quotation or an order is cancelled with a reason. A delivered (or paid)
  order is cancelled by a reversing sale (sale_reverse), the goods coming back to the
  locations they left (`returned` moves of the same lots at the same cost) and every payment
  refunded in full (payment_refund): one transaction, so stock and money add up exactly to
  what they were before the delivery.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, audited_create, audited_update, snapshot
from karya.core.dates import local, tanggal, today_in
from karya.core.errors import Conflict, DomainError
from karya.core.money import rupiah
from karya.core.numbering import next_number
from karya.inventory.choices import LocationKind, MoveKind
from karya.inventory.models import StockBalance, StockMove
from karya.inventory.services import InsufficientStock, stock_receive, stock_take
from karya.inventory.services.moves import available
from karya.partners.choices import AgreementStatus
from karya.partners.models import AgreementProduct
from karya.production.choices import OrderStatus as ProductionStatus
from karya.production.choices import ProductCategory
from karya.production.selectors import price_on
from karya.production.services import orders as production
from karya.sales.choices import SERIES_ORDER, Channel, CustomerKind, OrderStatus
from karya.sales.models import CustomerOrder, OrderLine, Payment, Sale
from karya.sales.services.payments import payment_refund
from karya.sales.services.sales import (
    MAX_PRICE,
    InvoiceInput,
    LineInput,
    sale_create,
    sale_reverse,
)

PAYMENT_TERM_DAYS = 30  # an order's invoice falls due this many days after delivery
MAX_QUANTITY = 1_000_000
NAME_MAX = CustomerOrder._meta.get_field("customer_name").max_length
CONTACT_MAX = CustomerOrder._meta.get_field("customer_contact").max_length
REFERENCE_MAX = CustomerOrder._meta.get_field("ekatalog_reference").max_length
REASON_MAX = CustomerOrder._meta.get_field("cancel_reason").max_length
NOTE_MAX = 2000
OPEN = (OrderStatus.QUOTATION, OrderStatus.ORDERED)


@dataclass(frozen=True)
class QuoteLine:
    """One line of a quotation: a product or service of the unit, a whole quantity above zero
    and, optionally, a unit price in whole rupiah (None: the default price, see the module)."""

    product: object
    quantity: int
    unit_price: Decimal | int | str | None = None


def is_service(product) -> bool:
    """A service (car wash…) is sold without stock."""
    return product.category == ProductCategory.JASA


# --- checks ---------------------------------------------------------------------------------


def _text(value, limit: int, field: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise DomainError(_("At most %(max)s characters.") % {"max": limit}, field=field)
    return value


def _quantity(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise DomainError(_("Give a whole quantity above zero."), field="quantity")
    if value > MAX_QUANTITY:
        raise DomainError(_("The quantity is too large."), field="quantity")
    return value


def _price(value) -> Decimal:
    try:
        price = rupiah(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Give the unit price in whole rupiah."), field="unit_price") from exc
    if price < 0 or price > MAX_PRICE:
        raise DomainError(_("Give a unit price from Rp 0."), field="unit_price")
    return price


def _date(value, field: str, today: dt.date, message: str) -> dt.date:
    if value is None:
        return today
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise DomainError(message, field=field)
    return value


def default_price(order: CustomerOrder, product) -> Decimal | None:
    """The unit price a line of `product` gets on the order when none is typed (see the
    module's decisions), or None when the product has no price on the quotation day."""
    day = order.quoted_on
    if order.customer_kind == CustomerKind.PARTNER and order.partner_id:
        agreed = (
            AgreementProduct.objects.filter(
                facility_id=order.facility_id,
                product=product,
                agreement__partner_id=order.partner_id,
                agreement__status=AgreementStatus.PKS,
            )
            .filter(Q(agreement__start_date__isnull=True) | Q(agreement__start_date__lte=day))
            .filter(Q(agreement__end_date__isnull=True) | Q(agreement__end_date__gte=day))
            .order_by("-agreement__start_date", "-pk")
            .values_list("agreed_price", flat=True)
            .first()
        )
        if agreed is not None:
            return agreed
    price = price_on(product, day)
    if price is None:
        return None
    if order.customer_kind in (CustomerKind.PARTNER, CustomerKind.UNIT):
        return price.partner_price
    return price.public_price


def _check_product(order: CustomerOrder, product) -> None:
    if product is None or product.facility_id != order.facility_id:
        raise DomainError(_("Choose a product of this unit."), field="product")
    if not product.is_active:
        raise DomainError(
            _("%(product)s is no longer in use.") % {"product": product.name}, field="product"
        )
    if order.customer_kind == CustomerKind.EKATALOG and not product.ekatalog_listed:
        raise DomainError(
            _(
                "%(product)s is not listed on the e-Katalog; an e-Katalog order holds only "
                "listed products."
            )
            % {"product": product.name},
            field="product",
        )


def _line_price(order: CustomerOrder, product, unit_price) -> Decimal:
    if unit_price is not None and unit_price != "":
        return _price(unit_price)
    price = default_price(order, product)
    if price is None:
        raise DomainError(
            _("%(product)s has no price on %(date)s; give the unit price.")
            % {"product": product.name, "date": tanggal(order.quoted_on)},
            field="unit_price",
        )
    return price


def _lock(order: CustomerOrder) -> CustomerOrder:
    return (
        CustomerOrder.objects.select_for_update()
        .select_related("facility", "partner", "buyer_facility", "production_order")
        .get(pk=order.pk)
    )


def _refuse(order: CustomerOrder, message: str) -> Conflict:
    return Conflict(
        message % {"number": order.number, "status": order.get_status_display().lower()},
        code="illegal_transition",
    )


def _only_quotation(order: CustomerOrder) -> None:
    if order.status != OrderStatus.QUOTATION:
        raise _refuse(
            order, _("Order %(number)s is %(status)s: its lines can no longer be changed.")
        )


# --- the quotation --------------------------------------------------------------------------


def _customer(facility, customer_kind, customer_name, partner, buyer_facility, reference):
    """The checked customer fields: (name, partner, buying unit, e-Katalog reference)."""
    if customer_kind not in CustomerKind.values:
        raise DomainError(_("Choose the kind of customer."), field="customer_kind")
    name = _text(customer_name, NAME_MAX, "customer_name")
    reference = _text(reference, REFERENCE_MAX, "ekatalog_reference")
    if customer_kind == CustomerKind.PARTNER:
        if partner is None or partner.facility_id != facility.pk:
            raise DomainError(_("Choose a partner of this unit."), field="partner")
        name = name or partner.legal_name
    else:
        partner = None
    if customer_kind == CustomerKind.UNIT:
        if buyer_facility is None:
            raise DomainError(_("Choose the unit that orders."), field="buyer_facility")
        if buyer_facility.pk == facility.pk:
            raise DomainError(
                _("A unit cannot order from itself; choose another unit."), field="buyer_facility"
            )
        name = name or buyer_facility.name
    else:
        buyer_facility = None
    if customer_kind == CustomerKind.EKATALOG:
        if not reference:
            raise DomainError(
                _("Give the e-Katalog order reference (the package number of the purchase)."),
                field="ekatalog_reference",
            )
    else:
        reference = ""
    if not name:
        raise DomainError(_("Give the customer's name."), field="customer_name")
    return name, partner, buyer_facility, reference


@transaction.atomic
def order_quote(
    *,
    actor,
    facility,
    customer_kind: str,
    lines: list[QuoteLine],
    customer_name: str = "",
    customer_contact: str = "",
    partner=None,
    buyer_facility=None,
    ekatalog_reference: str = "",
    quoted_on: dt.date | None = None,
    note: str = "",
) -> CustomerOrder:
    """Make a quotation for a customer with its lines, numbered PSN/<unit>/<yyyy>/<mm>/<nnnn>
    (the quotation day's month).

    A partner customer names a partner of the unit, another unit names that unit (never
    itself), an e-Katalog order its order reference; the name defaults to the partner's or the
    unit's. Each line: an active product of the unit, once, a whole quantity above zero, the
    typed unit price or the default one (see the module). The quotation day is not in the
    future. Refused otherwise, with nothing written. Side effects: the order, its lines, their
    audit rows.
    """
    today = today_in(facility.timezone)
    quoted_on = _date(quoted_on, "quoted_on", today, _("Enter the date of the quotation."))
    if quoted_on > today:
        raise DomainError(_("The quotation cannot be dated in the future."), field="quoted_on")
    name, partner, buyer_facility, reference = _customer(
        facility, customer_kind, customer_name, partner, buyer_facility, ekatalog_reference
    )
    if not lines:
        raise DomainError(_("Add at least one line."), field="lines")
    order = CustomerOrder(
        facility=facility,
        customer_kind=customer_kind,
        customer_name=name,
        partner=partner,
        buyer_facility=buyer_facility,
        ekatalog_reference=reference,
        quoted_on=quoted_on,
    )
    checked, seen = [], set()
    for line in lines:
        _check_product(order, line.product)
        if line.product.pk in seen:
            raise DomainError(
                _("%(product)s is on the quotation twice; give it one line.")
                % {"product": line.product.name},
                field="product",
            )
        seen.add(line.product.pk)
        quantity = _quantity(line.quantity)
        checked.append((line.product, quantity, _line_price(order, line.product, line.unit_price)))
    order = audited_create(
        actor=actor,
        model=CustomerOrder,
        facility=facility,
        number=next_number(facility, SERIES_ORDER, quoted_on),
        status=OrderStatus.QUOTATION,
        customer_kind=customer_kind,
        customer_name=name,
        customer_contact=_text(customer_contact, CONTACT_MAX, "customer_contact"),
        partner=partner,
        buyer_facility=buyer_facility,
        ekatalog_reference=reference,
        quoted_on=quoted_on,
        note=_text(note, NOTE_MAX, "note"),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    for product, quantity, price in checked:
        audited_create(
            actor=actor,
            model=OrderLine,
            facility=facility,
            order=order,
            product=product,
            quantity=quantity,
            unit_price=price,
        )
    return order


@transaction.atomic
def order_line_add(
    *, actor, order: CustomerOrder, product, quantity: int, unit_price=None
) -> OrderLine:
    """Add a product to a quotation (not one already on it), at the typed or default price.
    Side effects: the line, its audit row."""
    current = _lock(order)
    _only_quotation(current)
    _check_product(current, product)
    if current.lines.filter(product=product).exists():
        raise DomainError(
            _("%(product)s is already on the quotation; change its line instead.")
            % {"product": product.name},
            field="product",
        )
    return audited_create(
        actor=actor,
        model=OrderLine,
        facility=current.facility,
        order=current,
        product=product,
        quantity=_quantity(quantity),
        unit_price=_line_price(current, product, unit_price),
    )


@transaction.atomic
def order_line_change(*, actor, line: OrderLine, quantity: int, unit_price=None) -> OrderLine:
    """Change the quantity and unit price of a quotation's line (an empty price: the default
    one). Side effect: an audit row of the change."""
    current = _lock(line.order)
    _only_quotation(current)
    line = OrderLine.objects.select_for_update().select_related("product").get(pk=line.pk)
    return audited_update(
        actor=actor,
        instance=line,
        quantity=_quantity(quantity),
        unit_price=_line_price(current, line.product, unit_price),
    )


@transaction.atomic
def order_line_remove(*, actor, line: OrderLine) -> None:
    """Take a line off a quotation; the last line stays (cancel the quotation instead). Side
    effect: an audit row of the deletion."""
    current = _lock(line.order)
    _only_quotation(current)
    line = OrderLine.objects.select_related("product").get(pk=line.pk)
    if current.lines.count() <= 1:
        raise Conflict(
            _("A quotation keeps at least one line; cancel the quotation instead."),
            code="last_line",
        )
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, instance=line, before=snapshot(line))
    line.delete()


# --- the order ------------------------------------------------------------------------------


@transaction.atomic
def order_confirm(
    *,
    actor,
    order: CustomerOrder,
    due_on: dt.date,
    ordered_on: dt.date | None = None,
) -> CustomerOrder:
    """QUOTATION → ORDERED: the customer ordered on `ordered_on` (default today; not before
    the quotation, not in the future) and the goods are due on `due_on` (not before the order).
    Side effect: an audit row."""
    current = _lock(order)
    if current.status != OrderStatus.QUOTATION:
        raise _refuse(current, _("Order %(number)s is %(status)s: it cannot be confirmed."))
    today = today_in(current.facility.timezone)
    ordered_on = _date(ordered_on, "ordered_on", today, _("Enter the date of the order."))
    if ordered_on > today:
        raise DomainError(_("The order cannot be dated in the future."), field="ordered_on")
    if ordered_on < current.quoted_on:
        raise DomainError(
            _("The order cannot be before the quotation (%(date)s).")
            % {"date": tanggal(current.quoted_on)},
            field="ordered_on",
        )
    if not isinstance(due_on, dt.date) or isinstance(due_on, dt.datetime):
        raise DomainError(_("Enter the delivery due date."), field="due_on")
    if due_on < ordered_on:
        raise DomainError(
            _("The delivery cannot be due before the order (%(date)s).")
            % {"date": tanggal(ordered_on)},
            field="due_on",
        )
    return audited_update(
        actor=actor,
        instance=current,
        status=OrderStatus.ORDERED,
        ordered_on=ordered_on,
        due_on=due_on,
    )


@transaction.atomic
def order_link_production(*, actor, order: CustomerOrder, production_order) -> CustomerOrder:
    """Make the goods of a quotation or an order by a production order of the unit for one of
    its products (not a cancelled one); None unlinks. At delivery, the lot of a finished linked
    order is taken first. Side effect: an audit row."""
    current = _lock(order)
    if current.status not in OPEN:
        raise _refuse(
            current, _("Order %(number)s is %(status)s: its production can no longer change.")
        )
    if production_order is not None:
        if production_order.facility_id != current.facility_id:
            raise DomainError(
                _("Choose a production order of this unit."), field="production_order"
            )
        if production_order.status == ProductionStatus.CANCELLED:
            raise DomainError(
                _("Production order %(number)s is cancelled.")
                % {"number": production_order.number},
                field="production_order",
            )
        if not current.lines.filter(product_id=production_order.product_id).exists():
            raise DomainError(
                _("Production order %(number)s makes %(product)s, which is not on this order.")
                % {"number": production_order.number, "product": production_order.product},
                field="production_order",
            )
    return audited_update(actor=actor, instance=current, production_order=production_order)


@transaction.atomic
def order_plan_production(
    *,
    actor,
    order: CustomerOrder,
    workshop,
    product,
    start_date: dt.date,
    due_date: dt.date,
    planned_quantity: int | None = None,
) -> CustomerOrder:
    """Plan a production order for one of the order's products (by default the quantity
    ordered) in a workshop of the unit, from the unit's own material, through the production
    services, and link it to the order. Side effects: the production order, the link, their
    audit rows."""
    current = _lock(order)
    if current.status not in OPEN:
        raise _refuse(
            current, _("Order %(number)s is %(status)s: its production can no longer change.")
        )
    line = current.lines.filter(product=product).first() if product is not None else None
    if line is None:
        raise DomainError(_("Choose a product of this order."), field="product")
    planned = production.order_plan(
        actor=actor,
        facility=current.facility,
        workshop=workshop,
        product=product,
        planned_quantity=line.quantity if planned_quantity is None else planned_quantity,
        start_date=start_date,
        due_date=due_date,
        note=_("For order %(number)s") % {"number": current.number},
    )
    return order_link_production(actor=actor, order=current, production_order=planned)


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
    the first available (see the module). Refuses with InsufficientStock when the location
    holds too few; the debits themselves still check each balance in one conditional UPDATE."""
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
    current = _lock(order)
    if current.status != OrderStatus.ORDERED:
        raise _refuse(current, _("Order %(number)s is %(status)s: it cannot be delivered."))
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
        status=OrderStatus.DELIVERED,
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
    current = _lock(order)
    if current.status == OrderStatus.CANCELLED:
        raise _refuse(current, _("Order %(number)s is %(status)s: it can no longer be cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for cancelling."), field="reason")
    reason = reason[:REASON_MAX]
    if current.status == OrderStatus.DELIVERED:
        _undo_delivery(actor, current, reason, when or timezone.now())
    return audited_update(
        actor=actor, instance=current, status=OrderStatus.CANCELLED, cancel_reason=reason
    )


def _undo_delivery(actor, order: CustomerOrder, reason: str, when: dt.datetime) -> None:
    sale = delivered_sale(order)
    if sale is None:  # pragma: no cover - a delivered order always has its sale
        raise Conflict(_("The sale of this order cannot be found."), code="no_sale")
    reversal = sale_reverse(actor=actor, sale=sale, reason=reason, when=when)
    sold = StockMove.objects.filter(
        facility_id=order.facility_id, kind=MoveKind.SOLD, reference=sale.number
    ).select_related("location", "product", "lot")
    for move in sold.order_by("pk"):
        stock_receive(
            actor=actor,
            location=move.location,
            product=move.product,
            lot=move.lot,
            quantity=-move.quantity,
            kind=MoveKind.RETURNED,
            unit_cost=move.unit_cost,
            reference=reversal.number,
            note=order.number,
        )
    payments = Payment.objects.filter(sale=sale, reverses__isnull=True).order_by("pk")
    for payment in payments:
        refunded = -(payment.refunds.aggregate(total=Sum("amount"))["total"] or Decimal(0))
        if payment.amount - refunded > 0:
            payment_refund(actor=actor, payment=payment, reason=reason, paid_at=when)
