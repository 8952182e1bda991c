"""Shared checks of consignment: who may report, quantities, lots, what the partner still
holds, and the partner's stock location."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from karya.accounts.permissions import Perm, access_for
from karya.audit.services import audited_create
from karya.core.errors import DomainError
from karya.inventory.choices import LocationKind
from karya.inventory.models import StockBalance, StockLocation
from karya.inventory.services import InsufficientStock
from karya.inventory.services.moves import MAX_QUANTITY
from karya.partners.models import Agreement, Partner
from karya.sales.models import Settlement
from karya.sales.selectors import consignment as selectors

DEFAULT_DUE_DAYS = 14  # an invoice falls due two weeks after the settlement is confirmed
NOTE_MAX = 2000
REASON_MAX = Settlement._meta.get_field("decision_note").max_length
KIND_REPORTED = "consignment_reported"
KIND_REJECTED = "consignment_rejected"


@dataclass(frozen=True)
class SettlementLineInput:
    """One product reported sold: a whole quantity above zero, optionally of one lot."""

    product: object
    quantity: int
    lot: object | None = None


# --- checks ---------------------------------------------------------------------------------


def _check_staff(actor, facility) -> None:
    if not access_for(actor).can(Perm.SALES_MANAGE, facility):
        raise DomainError(_("Your role does not allow this."), code="permission_denied")


def _check_reporter(actor, agreement: Agreement, by_partner: bool) -> None:
    if not by_partner:
        _check_staff(actor, agreement.facility)
        return
    if agreement.partner_id not in {p.pk for p in access_for(actor).partners}:
        raise DomainError(
            _("This agreement is not one of your partner's."), code="not_found", field="agreement"
        )


def _clean_quantity(quantity, field: str) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise DomainError(_("Give a whole quantity above zero."), field=field)
    if quantity > MAX_QUANTITY:
        raise DomainError(
            _("A quantity may be at most %(max)s.")
            % {"max": f"{MAX_QUANTITY:,}".replace(",", ".")},
            field=field,
        )
    return quantity


def _check_lot(product, lot, field: str) -> None:
    if lot is not None and (lot.facility_id != product.facility_id or lot.product_id != product.pk):
        raise DomainError(
            _("Lot %(lot)s is not a lot of %(product)s.") % {"lot": lot.code, "product": product},
            field=field,
        )


def _what(product, lot) -> str:
    return f"{product} ({lot.code})" if lot is not None else str(product)


def _check_available(location: StockLocation, wanted: dict, *, field: str, verb: str) -> None:
    """Refuse when a (product, lot) — lot None: the product in any lot — asks for more units
    than the location holds less those reported in settlements awaiting confirmation.
    `wanted` is {(product, lot): units}."""
    balances = StockBalance.objects.filter(location=location, quantity__gt=0)
    held_lot = {(b.product_id, b.lot_id): b.quantity for b in balances}
    pending = selectors.pending_quantities(location=location)
    by_product: dict = {}
    for (product, lot), units in wanted.items():
        by_product.setdefault(product, 0)
        by_product[product] += units
        if lot is not None:
            have = held_lot.get((product.pk, lot.pk), 0)
            reserved = pending.get((product.pk, lot.pk), 0)
            _refuse_if_short(location, product, lot, have, reserved, units, field, verb)
    for product, units in by_product.items():
        have = sum(q for (p, _lot), q in held_lot.items() if p == product.pk)
        reserved = sum(q for (p, _lot), q in pending.items() if p == product.pk)
        _refuse_if_short(location, product, None, have, reserved, units, field, verb)


def _refuse_if_short(location, product, lot, have, reserved, units, field, verb) -> None:
    if units <= have - reserved:
        return
    values = {
        "location": location.name,
        "product": _what(product, lot),
        "held": have,
        "reserved": reserved,
        "free": max(have - reserved, 0),
        "wanted": units,
        "unit": product.get_unit_of_measure_display(),
    }
    if verb == "sold":
        message = (
            _(
                "%(location)s holds %(held)s %(unit)s of %(product)s, of which %(reserved)s are "
                "already reported sold in a settlement awaiting confirmation: at most %(free)s "
                "%(unit)s can be reported sold, not %(wanted)s."
            )
            if reserved
            else _(
                "%(location)s holds only %(held)s %(unit)s of %(product)s: %(wanted)s %(unit)s "
                "cannot have been sold."
            )
        )
    else:
        message = (
            _(
                "%(location)s holds %(held)s %(unit)s of %(product)s, of which %(reserved)s are "
                "reported sold in a settlement awaiting confirmation: at most %(free)s %(unit)s "
                "can come back, not %(wanted)s."
            )
            if reserved
            else _(
                "%(location)s holds only %(held)s %(unit)s of %(product)s: %(wanted)s %(unit)s "
                "cannot come back."
            )
        )
    raise DomainError(message % values, code="insufficient_stock", field=field)


def _pieces(location: StockLocation, product, lot, quantity: int) -> list[tuple[object, int]]:
    """[(lot, units)] to take `quantity` units of the product at the location: the lot given,
    else the oldest lots first (no lot first, then by production date)."""
    if lot is not None:
        return [(lot, quantity)]
    pieces, left = [], quantity
    balances = (
        StockBalance.objects.filter(location=location, product=product, quantity__gt=0)
        .select_related("lot")
        .order_by(F("lot__produced_on").asc(nulls_first=True), "lot_id", "pk")
    )
    for balance in balances:
        if left <= 0:
            break
        take = min(left, balance.quantity)
        pieces.append((balance.lot, take))
        left -= take
    if left > 0:
        held = quantity - left
        raise InsufficientStock(
            _(
                "Not enough stock of %(product)s at %(location)s: %(available)s %(unit)s "
                "available, %(wanted)s %(unit)s asked for."
            )
            % {
                "product": product,
                "location": location.name,
                "available": held,
                "wanted": quantity,
                "unit": product.get_unit_of_measure_display(),
            },
            available=held,
        )
    return pieces


# --- the partner's location -----------------------------------------------------------------


@transaction.atomic
def consignment_location(*, actor, partner: Partner) -> StockLocation:
    """The stock location where the partner holds the unit's goods: its first one in use, or
    a new one (kind partner, named after the partner, `partner` set). Side effect when new:
    the location and its audit row."""
    location = selectors.partner_location(partner=partner)
    if location is not None:
        return location
    name = partner.legal_name[:150]
    taken = StockLocation.objects.filter(facility_id=partner.facility_id, name__iexact=name)
    if taken.exists():
        name = f"{partner.legal_name[:130]} (#{partner.pk})"
    return audited_create(
        actor=actor,
        model=StockLocation,
        facility_id=partner.facility_id,
        name=name,
        kind=LocationKind.PARTNER,
        partner_name=partner.legal_name,
        partner=partner,
    )


# --- settlements ----------------------------------------------------------------------------
