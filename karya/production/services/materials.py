"""Writes on raw materials: add a material, record a purchase (own material, with its supplier
and unit price), a partner's supply (partner material, no price), use in a production order,
and adjustments.

The balance (`Material.quantity`) only goes down through `_debit`: one conditional UPDATE
(`quantity = quantity - n WHERE quantity >= n`), so two officers using the last kilos at the
same moment cannot both succeed; the database refuses a negative balance as well.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, audited_create, snapshot
from karya.core.dates import today_in
from karya.core.errors import Conflict, DomainError
from karya.core.money import rupiah
from karya.production.choices import MaterialMoveKind, MaterialOwner, MaterialUnit
from karya.production.models import Material, MaterialMove

MAX_QUANTITY = Decimal("1000000")
MAX_PRICE = Decimal(10) ** 12
THOUSANDTH = Decimal("0.001")


def clean_quantity(value, field: str = "quantity") -> Decimal:
    """A quantity above zero with at most three decimals (2,5 kg is fine)."""
    if isinstance(value, float | bool):
        raise DomainError(_("Give the quantity as a number above zero."), field=field)
    try:
        quantity = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("Give the quantity as a number above zero."), field=field) from exc
    if not quantity.is_finite() or quantity <= 0:
        raise DomainError(_("Give the quantity as a number above zero."), field=field)
    if quantity != quantity.quantize(THOUSANDTH):
        raise DomainError(_("A quantity has at most three decimals."), field=field)
    if quantity > MAX_QUANTITY:
        raise DomainError(_("The quantity is too large."), field=field)
    return quantity.quantize(THOUSANDTH)


def _clean_price(value) -> Decimal:
    try:
        price = rupiah(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Enter an amount in whole rupiah."), field="unit_price") from exc
    if price < 0:
        raise DomainError(_("An amount cannot be negative."), field="unit_price")
    if price >= MAX_PRICE:
        raise DomainError(_("The amount is too large."), field="unit_price")
    return price


def _clean_date(material: Material, moved_on) -> dt.date:
    today = today_in(material.facility.timezone)
    if moved_on is None:
        return today
    if not isinstance(moved_on, dt.date) or isinstance(moved_on, dt.datetime):
        raise DomainError(_("Enter a date."), field="moved_on")
    if moved_on > today:
        raise DomainError(_("The date cannot be in the future."), field="moved_on")
    return moved_on


@transaction.atomic
def material_create(
    *,
    actor,
    facility,
    name: str,
    unit_of_measure: str,
    owner: str,
    partner=None,
    partner_name: str = "",
) -> Material:
    """Add a raw material to the unit. The name is unique in the unit (whatever its case); a
    partner-supplied material names its partner (a partner record of the unit, or a name).
    Side effect: an audit row."""
    name = (name or "").strip()
    partner_name = (partner_name or "").strip()
    if not name:
        raise DomainError(_("Give the material a name."), field="name")
    if unit_of_measure not in MaterialUnit.values:
        raise DomainError(_("Choose the unit of measure."), field="unit_of_measure")
    if owner not in MaterialOwner.values:
        raise DomainError(_("Choose who owns the material."), field="owner")
    if partner is not None and partner.facility_id != facility.pk:
        raise DomainError(_("Choose a partner of this unit."), field="partner")
    if owner == MaterialOwner.PARTNER:
        if partner is None and not partner_name:
            raise DomainError(
                _("Name the partner who supplies this material."), field="partner_name"
            )
    else:
        partner, partner_name = None, ""
    if Material.objects.filter(facility=facility, name__iexact=name).exists():
        raise Conflict(
            _("The unit already has a material named %(name)s.") % {"name": name},
            code="duplicate",
            field="name",
        )
    return audited_create(
        actor=actor,
        model=Material,
        facility=facility,
        name=name,
        unit_of_measure=unit_of_measure,
        owner=owner,
        partner=partner,
        partner_name=partner_name,
    )


def _credit(material: Material, quantity: Decimal) -> None:
    Material.objects.filter(pk=material.pk).update(quantity=F("quantity") + quantity)


def _debit(material: Material, quantity: Decimal, field: str = "quantity") -> None:
    """Take `quantity` off the balance in one conditional UPDATE, or refuse (nothing written)."""
    updated = Material.objects.filter(pk=material.pk, quantity__gte=quantity).update(
        quantity=F("quantity") - quantity
    )
    if updated:
        return
    have = Material.objects.filter(pk=material.pk).values_list("quantity", flat=True).first()
    raise Conflict(
        _("Not enough %(material)s: %(available)s %(unit)s on hand, %(wanted)s %(unit)s asked for.")
        % {
            "material": material.name,
            "available": format_quantity(have or 0),
            "wanted": format_quantity(quantity),
            "unit": material.unit_of_measure,
        },
        code="insufficient_material",
        field=field,
    )


def format_quantity(value) -> str:
    """2.500 → "2,5"; 1140.000 → "1.140" (Indonesian separators, no trailing zeros)."""
    value = Decimal(value).normalize()
    whole, _dot, fraction = f"{value:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}".replace(",", ".")
    return f"{sign}{whole},{fraction}" if fraction else f"{sign}{whole}"


def post_move(
    *,
    actor,
    material: Material,
    kind: str,
    quantity: Decimal,
    moved_on: dt.date,
    unit_price: Decimal | None = None,
    amount: Decimal = Decimal(0),
    supplier: str = "",
    order=None,
    note: str = "",
) -> MaterialMove:
    """Change the balance and append the move and its audit row, inside the caller's
    transaction. A debit the balance cannot cover raises Conflict before anything is written."""
    if quantity > 0:
        _credit(material, quantity)
    else:
        _debit(material, -quantity)
    move = MaterialMove.objects.create(
        facility_id=material.facility_id,
        material=material,
        kind=kind,
        quantity=quantity,
        unit_price=unit_price,
        amount=amount,
        supplier=supplier,
        order=order,
        moved_on=moved_on,
        note=(note or "").strip()[:300],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=move, after=snapshot(move))
    return move


def _check_active(material: Material) -> None:
    if not material.is_active:
        raise DomainError(
            _("%(material)s is no longer in use.") % {"material": material.name},
            field="material",
        )


@transaction.atomic
def material_purchase(
    *,
    actor,
    material: Material,
    quantity,
    unit_price,
    supplier: str,
    moved_on: dt.date | None = None,
    note: str = "",
) -> MaterialMove:
    """Record own material bought: quantity, price of one unit (whole rupiah) and supplier.
    Partner-supplied material cannot be bought. Side effects: the balance, the move, its audit
    row."""
    if material.owner != MaterialOwner.OWN:
        raise DomainError(
            _("%(material)s is supplied by a partner: record a supply, not a purchase.")
            % {"material": material.name},
            code="partner_material",
            field="material",
        )
    _check_active(material)
    quantity = clean_quantity(quantity)
    price = _clean_price(unit_price)
    supplier = (supplier or "").strip()
    if not supplier:
        raise DomainError(_("Name the supplier."), field="supplier")
    return post_move(
        actor=actor,
        material=material,
        kind=MaterialMoveKind.PURCHASE,
        quantity=quantity,
        moved_on=_clean_date(material, moved_on),
        unit_price=price,
        amount=rupiah(quantity * price),
        supplier=supplier[:200],
        note=note,
    )


@transaction.atomic
def material_supply(
    *, actor, material: Material, quantity, moved_on: dt.date | None = None, note: str = ""
) -> MaterialMove:
    """Record partner-owned material received from the partner (quantity only, no price: it
    is not the unit's stock value). Side effects: the balance, the move, its audit row."""
    if material.owner != MaterialOwner.PARTNER:
        raise DomainError(
            _("%(material)s is the unit's own material: record a purchase, not a supply.")
            % {"material": material.name},
            code="own_material",
            field="material",
        )
    _check_active(material)
    return post_move(
        actor=actor,
        material=material,
        kind=MaterialMoveKind.SUPPLIED,
        quantity=clean_quantity(quantity),
        moved_on=_clean_date(material, moved_on),
        supplier=material.supplier_label[:200],
        note=note,
    )
