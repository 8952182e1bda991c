"""Writes on the stock ledger: receive goods, take goods out, transfer them between locations,
write damaged goods off. Other areas call these: a finished production order calls
`stock_receive(kind=produced, lot=...)`, a sale calls `stock_take(kind=sold)`, consignment moves
goods to a partner location with `stock_transfer`.

Every function writes its moves, the balances they change and the audit rows in one
transaction. A balance only ever goes down through `_debit`: one conditional UPDATE
(`quantity = quantity - n WHERE quantity >= n`), so two officers taking the last units at the
same moment cannot both succeed; the database refuses a negative balance as well.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.accounts.permissions import Perm, access_for
from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, snapshot
from karya.core.errors import Conflict, DomainError
from karya.core.money import rupiah
from karya.inventory.choices import (
    COSTING_KINDS,
    RECEIVE_KINDS,
    TAKE_KINDS,
    LocationKind,
    MoveKind,
)
from karya.inventory.models import Lot, StockBalance, StockLocation, StockMove

MAX_QUANTITY = 1_000_000  # units in one move; far above any real delivery
MAX_UNIT_COST = Decimal(10) ** 14 - 1  # what Decimal(14, 0) holds
REFERENCE_MAX = StockMove._meta.get_field("reference").max_length
NOTE_MAX = StockMove._meta.get_field("note").max_length


class InsufficientStock(Conflict):
    """A location holds fewer units than asked for; `available` says how many it holds."""

    def __init__(self, message: str, *, available: int, field: str | None = "quantity") -> None:
        super().__init__(message, code="insufficient_stock", field=field)
        self.available = available


# --- checks ---------------------------------------------------------------------------------


def clean_quantity(quantity) -> int:
    """A whole number of units above zero, or a DomainError on the quantity field."""
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise DomainError(_("Give a whole quantity above zero."), field="quantity")
    if quantity > MAX_QUANTITY:
        raise DomainError(
            _("A quantity may be at most %(max)s.")
            % {"max": f"{MAX_QUANTITY:,}".replace(",", ".")},
            field="quantity",
        )
    return quantity


def _clean_cost(unit_cost) -> Decimal:
    try:
        cost = rupiah(unit_cost)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Give the unit cost in whole rupiah."), field="unit_cost") from exc
    if cost < 0:
        raise DomainError(_("The unit cost cannot be negative."), field="unit_cost")
    if cost > MAX_UNIT_COST:
        raise DomainError(_("The unit cost is too large."), field="unit_cost")
    return cost


def _clean_text(value: str, limit: int, field: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise DomainError(
            _("At most %(max)s characters.") % {"max": limit},
            field=field,
        )
    return value


def check_item(location: StockLocation, product, lot: Lot | None) -> None:
    """The product and lot belong to the location's unit, and the lot to the product."""
    if product is None or product.facility_id != location.facility_id:
        raise DomainError(_("Choose a product of this unit."), field="product")
    if lot is not None and (
        lot.facility_id != location.facility_id or lot.product_id != product.pk
    ):
        raise DomainError(
            _("Lot %(lot)s is not a lot of %(product)s.") % {"lot": lot.code, "product": product},
            field="lot",
        )


def _check_open(location: StockLocation, field: str = "location") -> None:
    if not location.is_active:
        raise DomainError(
            _("%(location)s is no longer in use; choose another location.")
            % {"location": location.name},
            code="location_inactive",
            field=field,
        )


# --- balances -------------------------------------------------------------------------------


def _position(location: StockLocation, product, lot: Lot | None):
    """The balance row of (location, product, lot) as a queryset (lot=None matches NULL)."""
    return StockBalance.objects.filter(location=location, product=product, lot=lot)


def _ensure_balance(location: StockLocation, product, lot: Lot | None) -> None:
    """Create the balance row at zero unless it exists; race-free (INSERT … ON CONFLICT DO
    NOTHING, which the partial unique constraints make work for a missing lot too)."""
    StockBalance.objects.bulk_create(
        [
            StockBalance(
                facility_id=location.facility_id,
                location=location,
                product=product,
                lot=lot,
                quantity=0,
            )
        ],
        ignore_conflicts=True,
    )


def _credit(location: StockLocation, product, lot: Lot | None, quantity: int) -> None:
    _ensure_balance(location, product, lot)
    updated = _position(location, product, lot).update(
        quantity=F("quantity") + quantity, updated_at=timezone.now()
    )
    if updated != 1:  # pragma: no cover - the row was just ensured
        raise RuntimeError("stock balance row missing")


def available(location: StockLocation, product, lot: Lot | None = None) -> int:
    """Units of the product and lot at the location now (0 when it never held any)."""
    return _position(location, product, lot).values_list("quantity", flat=True).first() or 0


def _debit(
    location: StockLocation, product, lot: Lot | None, quantity: int, field: str = "quantity"
) -> None:
    """Take `quantity` units off the balance in one conditional UPDATE, or refuse.

    Never read-then-write: the database checks and decrements in the same statement. On
    PostgreSQL a second transaction taking the same row waits for the first, then re-checks
    the condition against the committed quantity.
    """
    updated = (
        _position(location, product, lot)
        .filter(quantity__gte=quantity)
        .update(quantity=F("quantity") - quantity, updated_at=timezone.now())
    )
    if updated:
        return
    have = available(location, product, lot)
    unit = product.get_unit_of_measure_display()
    what = f"{product} ({lot.code})" if lot is not None else str(product)
    raise InsufficientStock(
        _(
            "Not enough stock of %(product)s at %(location)s: %(available)s %(unit)s available, "
            "%(wanted)s %(unit)s asked for."
        )
        % {
            "product": what,
            "location": location.name,
            "available": have,
            "wanted": quantity,
            "unit": unit,
        },
        available=have,
        field=field,
    )


def latest_cost(product, lot: Lot | None = None) -> Decimal | None:
    """The unit cost of the latest production or opening move of the product and lot (of the
    product in any lot when that lot has none), or None when the product was never costed."""
    costed = StockMove.objects.filter(product=product, kind__in=COSTING_KINDS).order_by("-pk")
    cost = costed.filter(lot=lot).values_list("unit_cost", flat=True).first()
    if cost is None:
        cost = costed.values_list("unit_cost", flat=True).first()
    return cost


# --- moves ----------------------------------------------------------------------------------


def _post(
    *,
    actor,
    location: StockLocation,
    product,
    lot: Lot | None,
    quantity: int,
    kind: str,
    unit_cost: Decimal,
    reference: str = "",
    note: str = "",
    transfer_group: uuid.UUID | None = None,
    count=None,
    field: str = "quantity",
) -> StockMove:
    """Change the balance and append the move and its audit row (inside the caller's
    transaction). A debit that the balance cannot cover raises InsufficientStock first."""
    if quantity > 0:
        _credit(location, product, lot, quantity)
    else:
        _debit(location, product, lot, -quantity, field=field)
    move = StockMove.objects.create(
        facility_id=location.facility_id,
        location=location,
        product=product,
        lot=lot,
        quantity=quantity,
        kind=kind,
        unit_cost=unit_cost,
        reference=reference,
        note=note,
        transfer_group=transfer_group,
        count=count,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=move, after=snapshot(move))
    return move


@transaction.atomic
def stock_receive(
    *,
    actor,
    location: StockLocation,
    product,
    quantity: int,
    kind: str = MoveKind.PRODUCED,
    lot: Lot | None = None,
    unit_cost: Decimal | int | str | None = None,
    reference: str = "",
    note: str = "",
) -> StockMove:
    """Put goods into a location: made (`produced`, usually with a lot), counted at the start
    (`opening`) or brought back (`returned`).

    `unit_cost` is what one unit cost to make; when left out it is the product's latest cost
    (0 if it was never costed). Refused: another unit's product or lot, a location no longer
    in use, a quantity that is not a whole number above zero. Side effects: the balance row
    (created if missing), the move, its audit row.
    """
    if kind not in RECEIVE_KINDS:
        raise DomainError(_("Choose how the goods came in."), field="kind")
    check_item(location, product, lot)
    _check_open(location)
    quantity = clean_quantity(quantity)
    if unit_cost is None or unit_cost == "":
        unit_cost = latest_cost(product, lot) or 0
    return _post(
        actor=actor,
        location=location,
        product=product,
        lot=lot,
        quantity=quantity,
        kind=kind,
        unit_cost=_clean_cost(unit_cost),
        reference=_clean_text(reference, REFERENCE_MAX, "reference"),
        note=_clean_text(note, NOTE_MAX, "note"),
    )


@transaction.atomic
def stock_take(
    *,
    actor,
    location: StockLocation,
    product,
    quantity: int,
    kind: str,
    lot: Lot | None = None,
    reference: str = "",
    note: str = "",
) -> StockMove:
    """Take goods out of a location: `sold`, `damaged` or `consigned_out` (to a partner that
    has no location of its own in Karya).

    Refused with InsufficientStock (and the quantity available) when the location holds
    fewer units; nothing is written then. The move carries the product's latest cost. Side
    effects: the balance, the move, its audit row.
    """
    if kind not in TAKE_KINDS:
        raise DomainError(_("Choose why the goods go out."), field="kind")
    check_item(location, product, lot)
    quantity = clean_quantity(quantity)
    return _post(
        actor=actor,
        location=location,
        product=product,
        lot=lot,
        quantity=-quantity,
        kind=kind,
        unit_cost=latest_cost(product, lot) or Decimal(0),
        reference=_clean_text(reference, REFERENCE_MAX, "reference"),
        note=_clean_text(note, NOTE_MAX, "note"),
    )


def transfer_kinds(source: StockLocation, destination: StockLocation) -> tuple[str, str]:
    """The kinds of the two legs: goods going to a partner are consigned out; goods coming
    back from a partner are returned; anything else is a plain transfer."""
    to_partner = destination.kind == LocationKind.PARTNER
    from_partner = source.kind == LocationKind.PARTNER
    if to_partner and not from_partner:
        return MoveKind.CONSIGNED_OUT, MoveKind.TRANSFER_IN
    if from_partner and not to_partner:
        return MoveKind.TRANSFER_OUT, MoveKind.RETURNED
    return MoveKind.TRANSFER_OUT, MoveKind.TRANSFER_IN


@transaction.atomic
def stock_transfer(
    *,
    actor,
    source: StockLocation,
    destination: StockLocation,
    product,
    quantity: int,
    lot: Lot | None = None,
    reference: str = "",
    note: str = "",
) -> tuple[StockMove, StockMove]:
    """Move goods from one location of the unit to another: an out leg and an in leg sharing
    one `transfer_group`, both or neither.

    Both balance rows are locked in a fixed order first, so two opposite transfers at once
    wait for each other instead of deadlocking. Refused: the same location twice, another
    unit's location, product or lot, a destination no longer in use, insufficient stock.
    Side effects: two balances, two moves, two audit rows.
    """
    if destination is None or destination.facility_id != source.facility_id:
        raise DomainError(_("Choose a location of this unit."), field="destination")
    if destination.pk == source.pk:
        raise DomainError(
            _("Choose a destination other than where the goods are now."), field="destination"
        )
    check_item(source, product, lot)
    _check_open(destination, field="destination")
    quantity = clean_quantity(quantity)
    reference = _clean_text(reference, REFERENCE_MAX, "reference")
    note = _clean_text(note, NOTE_MAX, "note")
    _ensure_balance(destination, product, lot)
    rows = StockBalance.objects.filter(location__in=[source, destination], product=product, lot=lot)
    list(rows.select_for_update().order_by("pk"))  # lock both rows, lowest id first
    out_kind, in_kind = transfer_kinds(source, destination)
    common = {
        "actor": actor,
        "product": product,
        "lot": lot,
        "unit_cost": latest_cost(product, lot) or Decimal(0),
        "reference": reference,
        "note": note,
        "transfer_group": uuid.uuid4(),
    }
    out_leg = _post(location=source, quantity=-quantity, kind=out_kind, **common)
    in_leg = _post(location=destination, quantity=quantity, kind=in_kind, **common)
    return out_leg, in_leg


@transaction.atomic
def stock_write_off(
    *,
    actor,
    location: StockLocation,
    product,
    quantity: int,
    reason: str,
    lot: Lot | None = None,
) -> StockMove:
    """Write damaged goods off (a `damaged` move). Only the head of the unit may, and the
    reason is required; the rest as `stock_take`."""
    if not access_for(actor).can(Perm.STOCK_APPROVE, location.facility):
        raise DomainError(
            _("Only the head of the unit may write goods off."), code="permission_denied"
        )
    reason = _clean_text(reason, NOTE_MAX, "reason")
    if not reason:
        raise DomainError(_("Say why the goods are written off."), field="reason")
    return stock_take(
        actor=actor,
        location=location,
        product=product,
        quantity=quantity,
        kind=MoveKind.DAMAGED,
        lot=lot,
        note=reason,
    )


def adjustment_post(*, actor, location, product, lot, difference: int, count) -> StockMove:
    """Post one stock count difference (inside the approving transaction)."""
    return _post(
        actor=actor,
        location=location,
        product=product,
        lot=lot,
        quantity=difference,
        kind=MoveKind.ADJUSTED,
        unit_cost=latest_cost(product, lot) or Decimal(0),
        reference=f"Opname #{count.pk}",
        count=count,
    )
