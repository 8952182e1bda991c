"""The quotation and the order: making a quotation with its lines, changing its lines,
confirming it as an order, and the production order that makes its goods."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, audited_create, audited_update, snapshot
from karya.core.dates import tanggal, today_in
from karya.core.errors import Conflict, DomainError
from karya.core.numbering import next_number
from karya.inventory.services.moves import clean_quantity
from karya.production.choices import OrderStatus as ProductionStatus
from karya.production.services import orders as production
from karya.sales.choices import SERIES_ORDER, CustomerKind, CustomerOrderStatus
from karya.sales.models import CustomerOrder, OrderLine
from karya.sales.services.orders.common import (
    CONTACT_MAX,
    NAME_MAX,
    NOTE_MAX,
    OPEN,
    REFERENCE_MAX,
    QuoteLine,
    check_product,
    clean_date,
    clean_text,
    line_price,
    lock,
    only_quotation,
    refuse,
)

# --- the quotation --------------------------------------------------------------------------


def _customer(facility, customer_kind, customer_name, partner, buyer_facility, reference):
    """The checked customer fields: (name, partner, buying unit, e-Katalog reference)."""
    if customer_kind not in CustomerKind.values:
        raise DomainError(_("Choose the kind of customer."), field="customer_kind")
    name = clean_text(customer_name, NAME_MAX, "customer_name")
    reference = clean_text(reference, REFERENCE_MAX, "ekatalog_reference")
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
    typed unit price or the default one (see the package's decisions). The quotation day is
    not in the future. Refused otherwise, with nothing written. Side effects: the order, its
    lines, their audit rows.
    """
    today = today_in(facility.timezone)
    quoted_on = clean_date(quoted_on, "quoted_on", today, _("Enter the date of the quotation."))
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
        check_product(order, line.product)
        if line.product.pk in seen:
            raise DomainError(
                _("%(product)s is on the quotation twice; give it one line.")
                % {"product": line.product.name},
                field="product",
            )
        seen.add(line.product.pk)
        quantity = clean_quantity(line.quantity)
        checked.append((line.product, quantity, line_price(order, line.product, line.unit_price)))
    order = audited_create(
        actor=actor,
        model=CustomerOrder,
        facility=facility,
        number=next_number(facility, SERIES_ORDER, quoted_on),
        status=CustomerOrderStatus.QUOTATION,
        customer_kind=customer_kind,
        customer_name=name,
        customer_contact=clean_text(customer_contact, CONTACT_MAX, "customer_contact"),
        partner=partner,
        buyer_facility=buyer_facility,
        ekatalog_reference=reference,
        quoted_on=quoted_on,
        note=clean_text(note, NOTE_MAX, "note"),
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
    current = lock(order)
    only_quotation(current)
    check_product(current, product)
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
        quantity=clean_quantity(quantity),
        unit_price=line_price(current, product, unit_price),
    )


@transaction.atomic
def order_line_change(*, actor, line: OrderLine, quantity: int, unit_price=None) -> OrderLine:
    """Change the quantity and unit price of a quotation's line (an empty price: the default
    one). Side effect: an audit row of the change."""
    current = lock(line.order)
    only_quotation(current)
    line = (
        OrderLine.objects.select_for_update(of=("self",)).select_related("product").get(pk=line.pk)
    )
    return audited_update(
        actor=actor,
        instance=line,
        quantity=clean_quantity(quantity),
        unit_price=line_price(current, line.product, unit_price),
    )


@transaction.atomic
def order_line_remove(*, actor, line: OrderLine) -> None:
    """Take a line off a quotation; the last line stays (cancel the quotation instead). Side
    effect: an audit row of the deletion."""
    current = lock(line.order)
    only_quotation(current)
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
    current = lock(order)
    if current.status != CustomerOrderStatus.QUOTATION:
        raise refuse(current, _("Order %(number)s is %(status)s: it cannot be confirmed."))
    today = today_in(current.facility.timezone)
    ordered_on = clean_date(ordered_on, "ordered_on", today, _("Enter the date of the order."))
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
        status=CustomerOrderStatus.ORDERED,
        ordered_on=ordered_on,
        due_on=due_on,
    )


@transaction.atomic
def order_link_production(*, actor, order: CustomerOrder, production_order) -> CustomerOrder:
    """Make the goods of a quotation or an order by a production order of the unit for one of
    its products (not a cancelled one); None unlinks. At delivery, the lot of a finished linked
    order is taken first. Side effect: an audit row."""
    current = lock(order)
    if current.status not in OPEN:
        raise refuse(
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
    current = lock(order)
    if current.status not in OPEN:
        raise refuse(
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
