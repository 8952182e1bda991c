"""Writes on production orders: plan, start, record material used, finish (goods into stock
under a new lot), cancel, and name the officers of its stages.

PLANNED → IN_PROGRESS → FINISHED, and PLANNED or IN_PROGRESS → CANCELLED with a reason. Every
transition locks the order row first, so two officers acting at once are put one after the
other and the second one sees the new state.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from karya.accounts.choices import ScopeType
from karya.accounts.models import Membership
from karya.audit.services import audited_create, audited_update
from karya.core.dates import tanggal, today_in
from karya.core.errors import Conflict, DomainError
from karya.core.money import rupiah
from karya.core.numbering import next_sequence
from karya.inventory.choices import MoveKind
from karya.inventory.models import Lot
from karya.inventory.services import stock_receive
from karya.inventory.services.locations import lot_create
from karya.production import selectors
from karya.production.choices import MaterialMoveKind, MaterialOwner, OrderStatus
from karya.production.models import Material, ProductionOrder
from karya.production.services.materials import clean_quantity, post_move

MAX_ORDER_QUANTITY = 1_000_000
OFFICER_FIELDS = ("planning_officer", "making_officer", "packaging_officer")


def _today(facility) -> dt.date:
    return today_in(facility.timezone)


def _whole(value, field: str, *, allow_zero: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(_("Give a whole number."), field=field)
    if value < 0 or (value == 0 and not allow_zero):
        raise DomainError(_("Give a whole quantity above zero."), field=field)
    if value > MAX_ORDER_QUANTITY:
        raise DomainError(_("The quantity is too large."), field=field)
    return value


def _check_officer(facility, user, field: str) -> None:
    """A stage officer works in the unit (an active membership of the unit itself)."""
    if user is None:
        return
    if not (
        Membership.objects.active()
        .filter(user=user, scope=ScopeType.FACILITY, facility=facility)
        .exists()
    ):
        raise DomainError(_("Choose an officer of this unit."), field=field)


def _lock(order: ProductionOrder) -> ProductionOrder:
    return (
        ProductionOrder.objects.select_for_update()
        .select_related("facility", "product", "workshop")
        .get(pk=order.pk)
    )


def _refuse(order: ProductionOrder, action: str) -> DomainError:
    messages = {
        "change": _("Order %(number)s is %(status)s: it can no longer be changed."),
        "start": _("Order %(number)s is %(status)s: it cannot be started."),
        "finish": _("Order %(number)s is %(status)s: it cannot be finished."),
        "cancel": _("Order %(number)s is %(status)s: it cannot be cancelled."),
    }
    return Conflict(
        messages[action] % {"number": order.number, "status": order.get_status_display().lower()},
        code="illegal_transition",
        field=None,
    )


def next_number(facility, year: int) -> str:
    """PO/<unit code>/<year>/<seq>: a yearly series of karya.core.numbering, so numbers have no
    gaps and never repeat (call inside the transaction that saves the order)."""
    return f"PO/{facility.code}/{year}/{next_sequence(facility, 'PO', str(year)):04d}"


def _check_agreement(agreement, partner) -> None:
    from karya.partners.choices import OPEN_STATUSES, Scheme

    if agreement.partner_id != partner.pk:
        raise DomainError(_("The agreement is with another partner."), field="agreement")
    if agreement.status not in OPEN_STATUSES or Scheme.MAKLON not in agreement.schemes:
        raise DomainError(_("Choose an open maklon agreement of this partner."), field="agreement")


@transaction.atomic
def order_plan(
    *,
    actor,
    facility,
    workshop,
    product,
    planned_quantity: int,
    start_date: dt.date,
    due_date: dt.date,
    material_source: str = MaterialOwner.OWN,
    partner=None,
    agreement=None,
    planning_officer=None,
    making_officer=None,
    packaging_officer=None,
    note: str = "",
) -> ProductionOrder:
    """Plan an order: a workshop of the unit makes `planned_quantity` of one of its products
    from `start_date` to `due_date` (not before the start), from own or partner material (a
    partner of the unit then, optionally under its open maklon agreement). The stage officers
    work in the unit. Side effects: the order
    with its next number, an audit row."""
    if workshop is None or workshop.facility_id != facility.pk:
        raise DomainError(_("Choose a workshop of this unit."), field="workshop")
    if product is None or product.facility_id != facility.pk:
        raise DomainError(_("Choose a product of this unit."), field="product")
    if not workshop.products.filter(pk=product.pk).exists():
        raise DomainError(
            _("%(workshop)s does not make %(product)s.")
            % {"workshop": workshop.name, "product": product.name},
            field="product",
        )
    planned_quantity = _whole(planned_quantity, "planned_quantity")
    if not isinstance(start_date, dt.date):
        raise DomainError(_("Enter the start date."), field="start_date")
    if not isinstance(due_date, dt.date):
        raise DomainError(_("Enter the due date."), field="due_date")
    if due_date < start_date:
        raise DomainError(
            _("The due date cannot be before the start date (%(date)s).")
            % {"date": tanggal(start_date)},
            field="due_date",
        )
    if material_source not in MaterialOwner.values:
        raise DomainError(_("Choose where the material comes from."), field="material_source")
    if material_source == MaterialOwner.PARTNER:
        if partner is None:
            raise DomainError(_("Choose the partner who supplies the material."), field="partner")
        if partner.facility_id != facility.pk:
            raise DomainError(_("Choose a partner of this unit."), field="partner")
        if agreement is not None:
            _check_agreement(agreement, partner)
    else:
        partner = agreement = None
    officers = {
        "planning_officer": planning_officer,
        "making_officer": making_officer,
        "packaging_officer": packaging_officer,
    }
    for field, user in officers.items():
        _check_officer(facility, user, field)
    return audited_create(
        actor=actor,
        model=ProductionOrder,
        facility=facility,
        number=next_number(facility, start_date.year),
        workshop=workshop,
        product=product,
        planned_quantity=planned_quantity,
        start_date=start_date,
        due_date=due_date,
        material_source=material_source,
        partner=partner,
        agreement=agreement,
        note=(note or "").strip()[:300],
        created_by=actor if getattr(actor, "pk", None) else None,
        **officers,
    )


@transaction.atomic
def order_assign_officers(
    *, actor, order: ProductionOrder, planning_officer, making_officer, packaging_officer
) -> ProductionOrder:
    """Name the officers supervising planning, making and packaging (users of the unit). A
    finished or cancelled order keeps its officers. Side effect: an audit row of the change."""
    current = _lock(order)
    if current.status not in (OrderStatus.PLANNED, OrderStatus.IN_PROGRESS):
        raise _refuse(current, "change")
    officers = {
        "planning_officer": planning_officer,
        "making_officer": making_officer,
        "packaging_officer": packaging_officer,
    }
    for field, user in officers.items():
        _check_officer(current.facility, user, field)
    return audited_update(actor=actor, instance=current, **officers)


@transaction.atomic
def order_start(
    *, actor, order: ProductionOrder, started_on: dt.date | None = None
) -> ProductionOrder:
    """PLANNED → IN_PROGRESS on `started_on` (default today; not in the future). Side
    effect: an audit row."""
    current = _lock(order)
    if current.status != OrderStatus.PLANNED:
        raise _refuse(current, "start")
    today = _today(current.facility)
    started_on = started_on or today
    if started_on > today:
        raise DomainError(_("The start cannot be in the future."), field="started_on")
    return audited_update(
        actor=actor, instance=current, status=OrderStatus.IN_PROGRESS, started_on=started_on
    )


@transaction.atomic
def order_consume_material(
    *,
    actor,
    order: ProductionOrder,
    material: Material,
    quantity,
    used_on: dt.date | None = None,
    note: str = "",
):
    """Record material used by an order in progress: own material for an order made from own
    stock (valued at the weighted average purchase price), the partner's material for one made
    from the partner's. Refused when the balance would go negative; nothing is written then.
    Side effects: the material's balance, the move, its audit row."""
    current = _lock(order)
    if current.status != OrderStatus.IN_PROGRESS:
        raise Conflict(
            _("Material can only be recorded for an order in progress (%(number)s is %(status)s).")
            % {"number": current.number, "status": current.get_status_display().lower()},
            code="illegal_transition",
        )
    if material is None or material.facility_id != current.facility_id:
        raise DomainError(_("Choose a material of this unit."), field="material")
    if material.owner != current.material_source:
        if current.material_source == MaterialOwner.OWN:
            message = _("This order uses the unit's own material; %(material)s is a partner's.")
        else:
            message = _("This order uses the partner's material; %(material)s is the unit's own.")
        raise DomainError(message % {"material": material.name}, field="material")
    if (
        current.material_source == MaterialOwner.PARTNER
        and material.partner_id
        and current.partner_id
        and material.partner_id != current.partner_id
    ):
        raise DomainError(
            _("%(material)s belongs to another partner.") % {"material": material.name},
            field="material",
        )
    quantity = clean_quantity(quantity)
    today = _today(current.facility)
    used_on = used_on or today
    if used_on > today or (current.started_on and used_on < current.started_on):
        raise DomainError(
            _("The date must be between the start of the order and today."), field="used_on"
        )
    amount = Decimal(0)
    if material.owner == MaterialOwner.OWN:
        average = selectors.average_purchase_price(material)
        amount = rupiah(quantity * average) if average is not None else Decimal(0)
    return post_move(
        actor=actor,
        material=material,
        kind=MaterialMoveKind.CONSUMED,
        quantity=-quantity,
        moved_on=used_on,
        amount=amount,
        order=current,
        note=note,
    )


def lot_code_for(product, day: dt.date) -> str:
    """<PRODUCT-PREFIX>-<YYYYMMDD>-<seq>, the first sequence number free in the unit."""
    prefix = slugify(product.name).upper()[:20].strip("-") or "LOT"
    stem = f"{prefix}-{day:%Y%m%d}-"
    taken = set(
        code.upper()
        for code in Lot.objects.filter(
            facility_id=product.facility_id, code__istartswith=stem
        ).values_list("code", flat=True)
    )
    seq = 1
    while f"{stem}{seq}" in taken:
        seq += 1
    return f"{stem}{seq}"


@transaction.atomic
def order_finish(
    *,
    actor,
    order: ProductionOrder,
    location,
    good_quantity: int,
    rejected_quantity: int = 0,
    finished_on: dt.date | None = None,
    expires_on: dt.date | None = None,
) -> ProductionOrder:
    """IN_PROGRESS → FINISHED: record the good and rejected quantities (together above zero)
    and put the good ones into stock at `location` under a new lot.

    The unit cost of the lot is the own material used divided by the good quantity when the
    order used own material, else the product's cost price valid on the finishing day. Side
    effects: the lot, the stock move and balance, the order, their audit rows."""
    current = _lock(order)
    if current.status != OrderStatus.IN_PROGRESS:
        raise _refuse(current, "finish")
    good = _whole(good_quantity, "good_quantity", allow_zero=True)
    rejected = _whole(rejected_quantity or 0, "rejected_quantity", allow_zero=True)
    if good + rejected == 0:
        raise DomainError(
            _("Give the good or rejected quantity: together above zero."), field="good_quantity"
        )
    today = _today(current.facility)
    finished_on = finished_on or today
    if finished_on > today:
        raise DomainError(_("The finishing date cannot be in the future."), field="finished_on")
    if current.started_on and finished_on < current.started_on:
        raise DomainError(
            _("The order cannot finish before it started (%(date)s).")
            % {"date": tanggal(current.started_on)},
            field="finished_on",
        )
    lot = None
    if good:
        if location is None or location.facility_id != current.facility_id:
            raise DomainError(_("Choose a location of this unit."), field="location")
        if current.material_source == MaterialOwner.OWN:
            cost = selectors.order_material_cost(current)
            unit_cost = rupiah(cost / good)
        else:
            price = selectors.price_on(current.product, finished_on)
            unit_cost = price.cost if price is not None else Decimal(0)
        lot = lot_create(
            actor=actor,
            product=current.product,
            code=lot_code_for(current.product, finished_on),
            produced_on=finished_on,
            expires_on=expires_on,
            note=_("Production order %(number)s") % {"number": current.number},
        )
        stock_receive(
            actor=actor,
            location=location,
            product=current.product,
            quantity=good,
            kind=MoveKind.PRODUCED,
            lot=lot,
            unit_cost=unit_cost,
            reference=current.number,
        )
    return audited_update(
        actor=actor,
        instance=current,
        status=OrderStatus.FINISHED,
        good_quantity=good,
        rejected_quantity=rejected,
        finished_on=finished_on,
        lot=lot,
    )


@transaction.atomic
def order_cancel(*, actor, order: ProductionOrder, reason: str) -> ProductionOrder:
    """PLANNED or IN_PROGRESS → CANCELLED, with a reason. Material already used stays used.
    Side effect: an audit row."""
    current = _lock(order)
    if current.status not in (OrderStatus.PLANNED, OrderStatus.IN_PROGRESS):
        raise _refuse(current, "cancel")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for cancelling."), field="reason")
    return audited_update(
        actor=actor, instance=current, status=OrderStatus.CANCELLED, cancel_reason=reason[:300]
    )
