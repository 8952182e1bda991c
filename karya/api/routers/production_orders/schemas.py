"""The answer shared by the material and order routers: one move of a raw material (bought,
supplied by a partner or used by an order)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema


class MaterialMoveOut(Schema):
    id: int
    material_id: int
    kind: str
    quantity: Decimal
    unit_price: Decimal | None
    amount: Decimal
    supplier: str
    order_id: int | None
    moved_on: dt.date
