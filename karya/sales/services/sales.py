"""Making and reversing sales: the one place every channel (counter, beli-putus pick-up,
consignment settlement, order delivery, maklon fee) turns goods into a numbered sale with its
lines, and, when the buyer pays later, an invoice.

These functions run inside the channel service's transaction and write no stock: the channel
moves the goods (karya.inventory.services) and calls `sale_create`; undoing a channel calls
`sale_reverse` and puts the goods back itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, snapshot
from karya.core.dates import local
from karya.core.errors import Conflict, DomainError
from karya.core.money import rupiah
from karya.core.numbering import next_number
from karya.sales.choices import SERIES_INVOICE, SERIES_SALE, Channel, CustomerKind
from karya.sales.models import Invoice, Sale, SaleLine

MAX_PRICE = Decimal(10) ** 12  # a trillion rupiah per unit: far above any real price
EVENT_MAX = Sale._meta.get_field("event").max_length


@dataclass(frozen=True)
class LineInput:
    """One line of a sale to make: a product (and lot) of the sale's unit, a whole quantity
    above zero, a unit price in whole rupiah and a discount on the line (whole rupiah, from 0
    to the line's quantity × price; a consignment settlement's share of the commission).

    `unit_cost` is the unit's material cost of one unit when the channel knows it (0 for a
    maklon fee: the partner supplied the material); None lets `sale_create` find it."""

    product: object
    quantity: int
    unit_price: Decimal | int | str
    lot: object | None = None
    discount: Decimal | int | str = 0
    unit_cost: Decimal | int | None = None


@dataclass(frozen=True)
class InvoiceInput:
    """The invoice to issue with a sale the buyer pays later."""

    bill_to: str
    due_on: dt.date
    partner: object | None = None


def _production_order(lot):
    from karya.production.models import ProductionOrder

    if lot is None:
        return None
    return ProductionOrder.objects.filter(lot=lot).select_related("workshop").first()


def workshop_for(product, lot=None, *, order=None):
    """The workshop that made the goods: the production order of the lot when there is one
    (`order`, when the caller has it), else the product's only workshop; None when that
    cannot be told (several workshops make the product and the lot does not say)."""
    order = order or _production_order(lot)
    if order is not None:
        return order.workshop
    workshops = list(product.workshops.all()[:2])
    return workshops[0] if len(workshops) == 1 else None


def _unit_cost(product, lot, order) -> Decimal:
    """The unit's material cost of one unit: none for goods made of a partner's material
    (maklon: the lot's production order used the partner's material, whose cost the unit
    never bore), else the cost of the lot's (or the product's) latest production."""
    from karya.inventory.services.moves import latest_cost
    from karya.production.choices import MaterialOwner

    if order is not None and order.material_source == MaterialOwner.PARTNER:
        return Decimal(0)
    return latest_cost(product, lot) or Decimal(0)


def _origin(line: LineInput) -> dict:
    """The workshop that made a line's goods and their material cost per unit."""
    order = _production_order(line.lot)
    cost = line.unit_cost
    if cost is None:
        cost = _unit_cost(line.product, line.lot, order)
    return {"workshop": workshop_for(line.product, line.lot, order=order), "unit_cost": cost}


def _clean_lines(facility, lines: list[LineInput]) -> list[LineInput]:
    if not lines:
        raise DomainError(_("Add at least one line."), field="lines")
    cleaned = []
    for line in lines:
        product = line.product
        if product is None or product.facility_id != facility.pk:
            raise DomainError(_("Choose a product of this unit."), field="lines")
        if line.lot is not None and (
            line.lot.facility_id != facility.pk or line.lot.product_id != product.pk
        ):
            raise DomainError(
                _("Lot %(lot)s is not a lot of %(product)s.")
                % {"lot": line.lot.code, "product": product},
                field="lines",
            )
        quantity = line.quantity
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
            raise DomainError(_("Give a whole quantity above zero."), field="lines")
        try:
            price = rupiah(line.unit_price)
        except (TypeError, ValueError) as exc:
            raise DomainError(_("Give the unit price in whole rupiah."), field="lines") from exc
        if price < 0 or price > MAX_PRICE:
            raise DomainError(_("Give a unit price from Rp 0."), field="lines")
        try:
            discount = rupiah(line.discount)
        except (TypeError, ValueError) as exc:
            raise DomainError(_("Give the discount in whole rupiah."), field="lines") from exc
        if discount < 0 or discount > quantity * price:
            raise DomainError(
                _("A discount runs from Rp 0 to the amount of its line."), field="lines"
            )
        cost = None if line.unit_cost is None else rupiah(line.unit_cost)  # set by a service
        cleaned.append(LineInput(product, quantity, price, line.lot, discount, cost))
    return cleaned


def _amount(line: LineInput) -> Decimal:
    return line.quantity * line.unit_price - line.discount


def sale_create(
    *,
    actor,
    facility,
    channel: str,
    lines: list[LineInput],
    sold_at: dt.datetime | None = None,
    customer_kind: str = CustomerKind.PERSON,
    customer_name: str = "",
    partner=None,
    buyer_facility=None,
    handover=None,
    settlement=None,
    order=None,
    invoice: InvoiceInput | None = None,
    note: str = "",
    location=None,
    event: str = "",
) -> Sale:
    """Make a numbered sale (PJ/<unit>/<yyyy>/<mm>/<nnnn>) with its lines and, when `invoice`
    is given, its invoice (INV/…) for the total, dated the sale's day in the unit's zone. The
    total is the sum of the lines' amounts (quantity × price − discount).

    Each line records the workshop that made the goods and the material cost of one unit, for
    the finance area (the line's `unit_cost` when given; goods made of a partner's material
    cost the unit none). Refused: no lines, another unit's product or lot, a quantity that is not
    a whole number above zero, a price that is not whole rupiah from 0, a discount outside
    Rp 0 … the line's amount, a due date before the sale. Side effects: the sale, its lines,
    the invoice, their audit rows. Call inside the channel's transaction (it moves the goods).
    """
    if channel not in Channel.values:
        raise DomainError(_("Choose a sales channel."), field="channel")
    if customer_kind not in CustomerKind.values:
        raise DomainError(_("Choose the kind of customer."), field="customer_kind")
    lines = _clean_lines(facility, lines)
    if location is not None and location.facility_id != facility.pk:
        raise DomainError(_("Choose a location of this unit."), field="location")
    event = (event or "").strip()
    if len(event) > EVENT_MAX:
        raise DomainError(_("At most %(max)s characters.") % {"max": EVENT_MAX}, field="event")
    sold_at = sold_at or timezone.now()
    day = local(sold_at, facility.timezone).date()
    with transaction.atomic():
        sale = Sale.objects.create(
            facility=facility,
            number=next_number(facility, SERIES_SALE, day),
            channel=channel,
            sold_at=sold_at,
            customer_kind=customer_kind,
            customer_name=(customer_name or "").strip()[:200],
            partner=partner,
            buyer_facility=buyer_facility,
            handover=handover,
            settlement=settlement,
            order=order,
            location=location,
            event=event,
            total=sum((_amount(line) for line in lines), Decimal(0)),
            note=(note or "").strip()[:300],
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        sale_lines = SaleLine.objects.bulk_create(
            [
                SaleLine(
                    facility=facility,
                    sale=sale,
                    product=line.product,
                    lot=line.lot,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    discount=line.discount,
                    amount=_amount(line),
                    **_origin(line),
                )
                for line in lines
            ]
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            instance=sale,
            after={**snapshot(sale), "lines": [str(line) for line in sale_lines]},
        )
        if invoice is not None:
            invoice_issue(actor=actor, sale=sale, details=invoice)
    return sale


def invoice_issue(*, actor, sale: Sale, details: InvoiceInput) -> Invoice:
    """Issue the invoice of a sale for its total: INV/<unit>/<yyyy>/<mm>/<nnnn>, dated the
    sale's day. Refused: a sale that has one, a reversed sale, a due date before the sale, no
    one to bill. Side effects: the invoice and its audit row."""
    facility = sale.facility
    issued_on = local(sale.sold_at, facility.timezone).date()
    bill_to = (details.bill_to or "").strip()
    if not bill_to:
        raise DomainError(_("Say whom the invoice is for."), field="bill_to")
    if details.due_on is None or details.due_on < issued_on:
        raise DomainError(_("The due date cannot be before the sale."), field="due_on")
    if Invoice.objects.filter(sale=sale).exists():
        raise Conflict(_("This sale already has an invoice."), code="already_invoiced")
    invoice = Invoice.objects.create(
        facility=facility,
        number=next_number(facility, SERIES_INVOICE, issued_on),
        sale=sale,
        partner=details.partner,
        bill_to=bill_to[:200],
        issued_on=issued_on,
        due_on=details.due_on,
        amount=sale.total,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor, action=AuditEntry.Action.CREATE, instance=invoice, after=snapshot(invoice)
    )
    return invoice


def sale_reverse(*, actor, sale: Sale, reason: str, when: dt.datetime | None = None) -> Sale:
    """Cancel a sale by a reversing sale with the same lines negated (its own PJ number), so
    the money side adds up to zero. Payments are not touched: money already received is
    refunded with `payment_refund`. Refused: a reversal, a sale already reversed, no reason.
    Side effects: the reversing sale, its lines, the audit row. The caller puts goods back."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the sale is cancelled."), field="reason")
    if sale.reverses_id is not None:
        raise Conflict(_("A reversal cannot be reversed."), code="illegal_transition")
    if Sale.objects.filter(reverses=sale).exists():
        raise Conflict(_("This sale has already been cancelled."), code="already_reversed")
    facility = sale.facility
    when = when or timezone.now()
    with transaction.atomic():
        reversal = Sale.objects.create(
            facility=facility,
            number=next_number(facility, SERIES_SALE, local(when, facility.timezone).date()),
            channel=sale.channel,
            sold_at=when,
            customer_kind=sale.customer_kind,
            customer_name=sale.customer_name,
            partner=sale.partner,
            buyer_facility=sale.buyer_facility,
            handover=sale.handover,
            settlement=sale.settlement,
            order=sale.order,
            location_id=sale.location_id,
            event=sale.event,
            total=-sale.total,
            reverses=sale,
            reason=reason[:300],
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        SaleLine.objects.bulk_create(
            [
                SaleLine(
                    facility=facility,
                    sale=reversal,
                    product_id=line.product_id,
                    lot_id=line.lot_id,
                    workshop_id=line.workshop_id,
                    quantity=-line.quantity,
                    unit_price=line.unit_price,
                    discount=-line.discount,
                    amount=-line.amount,
                    unit_cost=line.unit_cost,
                )
                for line in sale.lines.all()
            ]
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            instance=reversal,
            after=snapshot(reversal),
            note=reason,
        )
    return reversal
