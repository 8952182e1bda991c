"""Unsold consigned goods coming back from the partner."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from karya.core.errors import DomainError
from karya.inventory.choices import LocationKind
from karya.inventory.models import StockLocation
from karya.inventory.services import stock_transfer
from karya.sales.services.consignment.checks import (
    _check_available,
    _check_lot,
    _check_staff,
    _clean_quantity,
    _pieces,
)


def consignment_return(
    *,
    actor,
    location: StockLocation,
    destination: StockLocation,
    product,
    quantity: int,
    lot=None,
    note: str = "",
):
    """Unsold goods come back from a partner's location to one of the unit's own locations: a
    stock transfer (transfer-out at the partner, returned at the destination) per lot, the
    lot given or else the oldest lots first. Returns the incoming moves.

    Refused, with nothing written: staff without Perm.SALES_MANAGE, a location that is not a
    partner's, a destination that is a partner's or another unit's, a wrong lot, a bad
    quantity, more units than the partner holds (less those reported sold in settlements
    awaiting confirmation; the message says how many it holds). Side effects: the moves, the
    balances, their audit rows.
    """
    _check_staff(actor, location.facility)
    if location.kind != LocationKind.PARTNER or location.partner_id is None:
        raise DomainError(_("Choose where a partner holds the unit's goods."), field="location")
    if destination is None or destination.facility_id != location.facility_id:
        raise DomainError(_("Choose a location of this unit."), field="destination")
    if destination.kind == LocationKind.PARTNER:
        raise DomainError(
            _("Unsold goods come back to one of the unit's own locations, not to a partner."),
            field="destination",
        )
    if product is None or product.facility_id != location.facility_id:
        raise DomainError(_("Choose a product of this unit."), field="product")
    _check_lot(product, lot, "lot")
    quantity = _clean_quantity(quantity, "quantity")
    with transaction.atomic():
        _check_available(location, {(product, lot): quantity}, field="quantity", verb="returned")
        moves = []
        for piece_lot, units in _pieces(location, product, lot, quantity):
            _out, into = stock_transfer(
                actor=actor,
                source=location,
                destination=destination,
                product=product,
                lot=piece_lot,
                quantity=units,
                note=note,
            )
            moves.append(into)
    return moves
