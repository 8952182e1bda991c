"""Stock counts (opname): starting one, recording and submitting the counted quantities, and
the head's approval (the differences are posted) or rejection."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django_scopes import scope
from ninja import Field, Router, Schema, Status

from karya.accounts.permissions import Perm
from karya.api.routers.common import facility_for
from karya.api.routers.stock.common import ERRORS, _location
from karya.inventory import selectors
from karya.inventory.choices import CountStatus
from karya.inventory.models import StockCount
from karya.inventory.services import counts as count_services

router = Router(tags=["stock"])


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
