"""Lookups shared by the material and order routers. Call them inside the unit's scope."""

from __future__ import annotations

from karya.api.errors import ErrorOut
from karya.api.routers.production_orders.schemas import MaterialMoveOut

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _move_out(move) -> MaterialMoveOut:
    return MaterialMoveOut(
        id=move.pk,
        material_id=move.material_id,
        kind=move.kind,
        quantity=move.quantity,
        unit_price=move.unit_price,
        amount=move.amount,
        supplier=move.supplier,
        order_id=move.order_id,
        moved_on=move.moved_on,
    )
