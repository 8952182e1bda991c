"""Stock of one unit: locations, balances with value at cost, the ledger of moves (keyset
pagination), receiving, transfers, write-offs and stock counts (opname).

Reading needs Perm.STOCK_VIEW; receiving, transferring and counting Perm.STOCK_MANAGE; writing
off and deciding a count Perm.STOCK_APPROVE (the head). Amounts are whole rupiah as decimal
strings. Every query runs inside the unit's scope.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status

from karya.accounts.permissions import Perm
from karya.api.errors import ErrorOut
from karya.api.routers.common import facility_for
from karya.core.errors import DomainError
from karya.inventory import selectors
from karya.inventory.choices import CountStatus, LocationKind, MoveKind
from karya.inventory.models import Lot, StockCount, StockLocation, StockMove
from karya.inventory.services import counts as count_services
from karya.inventory.services import locations as location_services
from karya.inventory.services import moves as move_services
from karya.production.models import Product

router = Router(tags=["stock"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
RUPIAH = "Whole rupiah, as a decimal string."


class LocationOut(Schema):
    id: int
    name: str
    kind: LocationKind
    partner_name: str
    is_active: bool
    item_count: int = Field(..., description="Product and lot lines held (quantity above 0).")
    unit_count: int = Field(..., description="Units held, all products together.")


class LocationIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    kind: LocationKind
    partner_name: str = Field("", max_length=200, description="Required for kind `partner`.")
    is_active: bool = True


class LocationPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=150)
    kind: LocationKind | None = None
    partner_name: str | None = Field(None, max_length=200)
    is_active: bool | None = Field(None, description="A location holding goods stays in use.")


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


class CountLineOut(Schema):
    id: int
    product_id: int
    product_name: str
    lot_id: int | None
    expected: int
    counted: int | None
    difference: int | None


class CountOut(Schema):
    id: int
    location_id: int
    counted_on: dt.date
    status: CountStatus
    note: str
    decision_note: str
    created_by_id: int | None
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    decided_by_id: int | None
    lines: list[CountLineOut]


class CountIn(Schema):
    location_id: int
    counted_on: dt.date = Field(..., description="Not after today in the unit's time zone.")
    note: str = Field("", max_length=300)


class CountedLineIn(Schema):
    line_id: int
    counted: int = Field(..., description="Units counted, 0 or more.")


class CountSubmitIn(Schema):
    lines: list[CountedLineIn] = Field(
        [], description="Counted quantities; together with those saved, every line."
    )


class RejectIn(Schema):
    reason: str = Field(..., max_length=300)


# --- lookups inside the unit ----------------------------------------------------------------


def _in_unit(model, facility, pk, field: str, message: str):
    """A body reference to one of the unit's rows; another unit's is refused like a wrong one."""
    if pk is None:
        return None
    found = model.objects.filter(facility=facility, pk=pk).first()
    if found is None:
        raise DomainError(message, field=field)
    return found


def _location(facility, pk, field="location_id") -> StockLocation:
    return _in_unit(StockLocation, facility, pk, field, _("Choose a location of this unit."))


def _goods(facility, payload: GoodsIn) -> tuple[Product, Lot | None]:
    product = _in_unit(
        Product, facility, payload.product_id, "product_id", _("Choose a product of this unit.")
    )
    lot = _in_unit(Lot, facility, payload.lot_id, "lot_id", _("Choose a lot of this unit."))
    return product, lot


def _location_out(location: StockLocation) -> LocationOut:
    return LocationOut(
        id=location.pk,
        name=location.name,
        kind=location.kind,
        partner_name=location.partner_name,
        is_active=location.is_active,
        item_count=getattr(location, "item_count", 0),
        unit_count=getattr(location, "unit_count", 0),
    )


def _location_with_counts(facility, pk) -> LocationOut:
    return _location_out(selectors.location_list(facility=facility).get(pk=pk))


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


def _count(facility, count_id: int) -> StockCount:
    count = selectors.count_get(facility=facility, pk=count_id)
    if count is None:
        raise Http404
    return count


def _count_out(facility, count_id: int) -> CountOut:
    count = _count(facility, count_id)
    lines = [
        CountLineOut(
            id=line.pk,
            product_id=line.product_id,
            product_name=line.product.name,
            lot_id=line.lot_id,
            expected=line.expected,
            counted=line.counted,
            difference=line.difference,
        )
        for line in selectors.count_lines(count=count)
    ]
    return CountOut(
        id=count.pk,
        location_id=count.location_id,
        counted_on=count.counted_on,
        status=count.status,
        note=count.note,
        decision_note=count.decision_note,
        created_by_id=count.created_by_id,
        submitted_at=count.submitted_at,
        decided_at=count.decided_at,
        decided_by_id=count.decided_by_id,
        lines=lines,
    )


# --- locations ------------------------------------------------------------------------------


@router.get(
    "/{code}/stock-locations",
    response={200: list[LocationOut], **ERRORS},
    summary="List a unit's stock locations with what each holds",
)
def location_list(request, code: str):
    facility = facility_for(request, code, Perm.STOCK_VIEW)
    with scope(facility=[facility.pk]):
        return [_location_out(loc) for loc in selectors.location_list(facility=facility)]


@router.post(
    "/{code}/stock-locations",
    response={201: LocationOut, **ERRORS},
    summary="Add a stock location (store, gallery, partner, other)",
)
def location_create(request, code: str, payload: LocationIn):
    facility = facility_for(request, code, Perm.STOCK_MANAGE)
    with scope(facility=[facility.pk]):
        location = location_services.location_create(
            actor=request.user, facility=facility, **payload.dict()
        )
        return Status(201, _location_with_counts(facility, location.pk))


@router.patch(
    "/{code}/stock-locations/{location_id}",
    response={200: LocationOut, **ERRORS},
    summary="Change a stock location (fields left out keep their value)",
)
def location_update(request, code: str, location_id: int, payload: LocationPatch):
    facility = facility_for(request, code, Perm.STOCK_MANAGE)
    with scope(facility=[facility.pk]):
        location = selectors.location_get(facility=facility, pk=location_id)
        if location is None:
            raise Http404
        fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
        location_services.location_update(actor=request.user, location=location, **fields)
        return _location_with_counts(facility, location.pk)


# --- balances and moves ---------------------------------------------------------------------


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


# --- stock counts ---------------------------------------------------------------------------


@router.post(
    "/{code}/stock-counts",
    response={201: CountOut, **ERRORS},
    summary="Start a stock count of a location (the expected quantities are snapshotted)",
)
def count_create(request, code: str, payload: CountIn):
    facility = facility_for(request, code, Perm.STOCK_MANAGE)
    with scope(facility=[facility.pk]):
        count = count_services.stock_count_create(
            actor=request.user,
            location=_location(facility, payload.location_id),
            counted_on=payload.counted_on,
            note=payload.note,
        )
        return Status(201, _count_out(facility, count.pk))


@router.get(
    "/{code}/stock-counts/{count_id}",
    response={200: CountOut, **ERRORS},
    summary="One stock count with its lines",
)
def count_detail(request, code: str, count_id: int):
    facility = facility_for(request, code, Perm.STOCK_VIEW)
    with scope(facility=[facility.pk]):
        return _count_out(facility, count_id)


@router.post(
    "/{code}/stock-counts/{count_id}/submit",
    response={200: CountOut, **ERRORS},
    summary="Record counted quantities and submit the count to the head",
)
def count_submit(request, code: str, count_id: int, payload: CountSubmitIn):
    facility = facility_for(request, code, Perm.STOCK_MANAGE)
    with scope(facility=[facility.pk]):
        count_services.stock_count_submit(
            actor=request.user,
            count=_count(facility, count_id),
            counted={line.line_id: line.counted for line in payload.lines},
        )
        return _count_out(facility, count_id)


@router.post(
    "/{code}/stock-counts/{count_id}/approve",
    response={200: CountOut, **ERRORS},
    summary="Approve a submitted count: its differences are posted as adjustments (head)",
)
def count_approve(request, code: str, count_id: int):
    facility = facility_for(request, code, Perm.STOCK_APPROVE)
    with scope(facility=[facility.pk]):
        count_services.stock_count_approve(actor=request.user, count=_count(facility, count_id))
        return _count_out(facility, count_id)


@router.post(
    "/{code}/stock-counts/{count_id}/reject",
    response={200: CountOut, **ERRORS},
    summary="Reject an open count with a reason; nothing is posted (head)",
)
def count_reject(request, code: str, count_id: int, payload: RejectIn):
    facility = facility_for(request, code, Perm.STOCK_APPROVE)
    with scope(facility=[facility.pk]):
        count_services.stock_count_reject(
            actor=request.user, count=_count(facility, count_id), reason=payload.reason
        )
        return _count_out(facility, count_id)
