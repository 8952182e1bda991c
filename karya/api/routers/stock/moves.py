"""Balances with value at cost, the ledger of moves (keyset pagination), receiving, transfers
and write-offs."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status

from karya.accounts.permissions import Perm
from karya.api.routers.common import facility_for, in_unit
from karya.api.routers.stock.common import ERRORS, RUPIAH, _location
from karya.inventory import selectors
from karya.inventory.choices import MoveKind
from karya.inventory.models import Lot, StockMove
from karya.inventory.services import moves as move_services
from karya.production.models import Product

router = Router(tags=["stock"])


class BalanceOut(Schema):
    location_id: int
    product_id: int
    product_name: str
    unit_of_measure: str
    lot_id: int | None
    lot_code: str | None
    quantity: int
    unit_cost: Decimal | None = Field(
        None, description=f"Latest production or opening cost; null if never costed. {RUPIAH}"
    )
    value: Decimal | None = Field(None, description=f"quantity × unit_cost. {RUPIAH}")


class BalanceFilter(Schema):
    location_id: int | None = None
    product_id: int | None = None


class MoveOut(Schema):
    id: int
    location_id: int
    product_id: int
    lot_id: int | None
    quantity: int = Field(..., description="Signed: positive in, negative out.")
    kind: MoveKind
    unit_cost: Decimal = Field(..., description=RUPIAH)
    reference: str
    note: str
    transfer_group: uuid.UUID | None = Field(None, description="Shared by a transfer's two legs.")
    count_id: int | None = Field(None, description="The stock count an adjustment comes from.")
    created_at: dt.datetime
    created_by_id: int | None


class MovePage(Schema):
    items: list[MoveOut]
    next_cursor: int | None = Field(
        None, description="Pass as `after` to get the next (older) page; null on the last page."
    )


class MoveFilter(Schema):
    location_id: int | None = None
    product_id: int | None = None
    kind: MoveKind | None = None
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(100, ge=1, le=500)


class GoodsIn(Schema):
    product_id: int
    lot_id: int | None = None
    quantity: int = Field(..., description="Whole units, above 0.")


class ReceiptIn(GoodsIn):
    location_id: int
    kind: MoveKind = Field(..., description="`opening`, `returned` or `produced`.")
    unit_cost: Decimal | None = Field(
        None, description=f"Cost of one unit; left out: the product's latest. {RUPIAH}"
    )
    reference: str = Field("", max_length=100)
    note: str = Field("", max_length=300)


class TransferIn(GoodsIn):
    source_id: int
    destination_id: int
    reference: str = Field("", max_length=100)
    note: str = Field("", max_length=300)


class TransferOut(Schema):
    out_move: MoveOut
    in_move: MoveOut


class WriteOffIn(GoodsIn):
    location_id: int
    reason: str = Field(..., max_length=300)


def _goods(facility, payload: GoodsIn) -> tuple[Product, Lot | None]:
    product = in_unit(
        Product, facility, payload.product_id, "product_id", _("Choose a product of this unit.")
    )
    lot = in_unit(Lot, facility, payload.lot_id, "lot_id", _("Choose a lot of this unit."))
    return product, lot


def _move_out(move: StockMove) -> MoveOut:
    return MoveOut(
        id=move.pk,
        location_id=move.location_id,
        product_id=move.product_id,
        lot_id=move.lot_id,
        quantity=move.quantity,
        kind=move.kind,
        unit_cost=move.unit_cost,
        reference=move.reference,
        note=move.note,
        transfer_group=move.transfer_group,
        count_id=move.count_id,
        created_at=move.created_at,
        created_by_id=move.created_by_id,
    )


@router.get(
    "/{code}/stock-balances",
    response={200: list[BalanceOut], **ERRORS},
    summary="What the unit holds (above 0), by location, product and lot, with value at cost",
)
def balance_list(request, code: str, filters: Query[BalanceFilter]):
    facility = facility_for(request, code, Perm.STOCK_VIEW)
    with scope(facility=[facility.pk]):
        rows = selectors.balances_of(
            facility=facility, location_id=filters.location_id, product_id=filters.product_id
        )
        return [
            BalanceOut(
                location_id=b.location_id,
                product_id=b.product_id,
                product_name=b.product.name,
                unit_of_measure=b.product.unit_of_measure,
                lot_id=b.lot_id,
                lot_code=b.lot.code if b.lot_id else None,
                quantity=b.quantity,
                unit_cost=b.unit_cost,
                value=b.value,
            )
            for b in rows
        ]


@router.get(
    "/{code}/stock-moves",
    response={200: MovePage, **ERRORS},
    summary="The stock ledger, newest first (keyset pagination by id)",
)
def move_list(request, code: str, filters: Query[MoveFilter]):
    facility = facility_for(request, code, Perm.STOCK_VIEW)
    with scope(facility=[facility.pk]):
        page = selectors.move_history(
            facility=facility,
            location_id=filters.location_id,
            product_id=filters.product_id,
            kind=filters.kind,
            before=filters.after,
            limit=filters.limit,
        )
        return MovePage(items=[_move_out(m) for m in page.moves], next_cursor=page.next_before)


@router.post(
    "/{code}/stock-receipts",
    response={201: MoveOut, **ERRORS},
    summary="Put goods into a location (opening stock, returned, produced)",
)
def receipt_create(request, code: str, payload: ReceiptIn):
    facility = facility_for(request, code, Perm.STOCK_MANAGE)
    with scope(facility=[facility.pk]):
        product, lot = _goods(facility, payload)
        move = move_services.stock_receive(
            actor=request.user,
            location=_location(facility, payload.location_id),
            product=product,
            lot=lot,
            quantity=payload.quantity,
            kind=payload.kind,
            unit_cost=payload.unit_cost,
            reference=payload.reference,
            note=payload.note,
        )
        return Status(201, _move_out(move))


@router.post(
    "/{code}/stock-transfers",
    response={201: TransferOut, **ERRORS},
    summary="Move goods between two locations of the unit (both legs or neither)",
)
def transfer_create(request, code: str, payload: TransferIn):
    facility = facility_for(request, code, Perm.STOCK_MANAGE)
    with scope(facility=[facility.pk]):
        product, lot = _goods(facility, payload)
        out_move, in_move = move_services.stock_transfer(
            actor=request.user,
            source=_location(facility, payload.source_id, "source_id"),
            destination=_location(facility, payload.destination_id, "destination_id"),
            product=product,
            lot=lot,
            quantity=payload.quantity,
            reference=payload.reference,
            note=payload.note,
        )
        return Status(201, TransferOut(out_move=_move_out(out_move), in_move=_move_out(in_move)))


@router.post(
    "/{code}/stock-write-offs",
    response={201: MoveOut, **ERRORS},
    summary="Write damaged goods off, with the reason (head of the unit)",
)
def write_off_create(request, code: str, payload: WriteOffIn):
    facility = facility_for(request, code, Perm.STOCK_APPROVE)
    with scope(facility=[facility.pk]):
        product, lot = _goods(facility, payload)
        move = move_services.stock_write_off(
            actor=request.user,
            location=_location(facility, payload.location_id),
            product=product,
            lot=lot,
            quantity=payload.quantity,
            reason=payload.reason,
        )
        return Status(201, _move_out(move))
