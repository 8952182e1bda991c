"""A workshop's day: attendance, hours and output of every allocated inmate, read and saved
at once (in a fixed number of queries, whatever the headcount)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django_scopes import scope
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from karya.accounts.permissions import Perm
from karya.api.routers.common import facility_for
from karya.api.routers.programs.common import ERRORS, get_workshop
from karya.production.choices import UnitOfMeasure
from karya.programs.choices import AllocationStatus, AttendanceStatus
from karya.programs.selectors.attendance import attendance_day
from karya.programs.services.attendance import DayEntry, attendance_save_day

router = Router(tags=["attendance"])

Quantity = Annotated[int, Field(ge=0, le=999_999_999)]


class DayProduct(Schema):
    id: int
    name: str
    unit_of_measure: UnitOfMeasure


class DayRowOut(Schema):
    allocation_id: int
    allocation_status: AllocationStatus
    inmate_id: int
    inmate_name: str
    status: AttendanceStatus | None = Field(..., description="null: nothing recorded yet.")
    hours: Decimal | None
    note: str
    outputs: dict[int, int] = Field(..., description="Pieces made, by product id.")


class DayOut(Schema):
    workshop_id: int
    date: dt.date
    products: list[DayProduct] = Field(..., description="What the workshop makes.")
    rows: list[DayRowOut]


class DaySaveOut(DayOut):
    created: int = Field(..., description="Attendance rows recorded for the first time.")
    changed: int = Field(..., description="Rows corrected (the audit log keeps the old value).")
    unchanged: int


class DayEntryIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    allocation_id: int
    status: AttendanceStatus
    hours: Decimal = Field(Decimal(0), description="0–24, and 0 unless present.")
    note: str = Field("", max_length=200)
    outputs: dict[int, Quantity] = Field(
        {},
        description=(
            "Pieces made, by product id; a product of the workshop left out counts as 0. "
            "Only when present."
        ),
    )


class DayIn(Schema):
    model_config = ConfigDict(extra="forbid")

    entries: list[DayEntryIn] = Field(
        ..., max_length=1000, description="Allocations not listed are left as they are."
    )


def _rows(workshop, date: dt.date) -> list[DayRowOut]:
    return [
        DayRowOut(
            allocation_id=row.allocation.pk,
            allocation_status=row.allocation.status,
            inmate_id=row.allocation.inmate_id,
            inmate_name=row.allocation.inmate.name,
            status=row.attendance.status if row.attendance else None,
            hours=row.attendance.hours if row.attendance else None,
            note=row.attendance.note if row.attendance else "",
            outputs=row.outputs,
        )
        for row in attendance_day(workshop=workshop, date=date)
    ]


@router.get(
    "/{code}/workshops/{workshop_id}/days/{date}",
    response={200: DayOut, **ERRORS},
    summary="A workshop's day: who is allocated and what was recorded",
)
def day_detail(request, code: str, workshop_id: int, date: dt.date):
    facility = facility_for(request, code, Perm.ATTENDANCE_RECORD)
    with scope(facility=[facility.pk]):
        workshop = get_workshop(facility, workshop_id)
        return DayOut(
            workshop_id=workshop.pk,
            date=date,
            products=list(workshop.products.all()),
            rows=_rows(workshop, date),
        )


@router.put(
    "/{code}/workshops/{workshop_id}/days/{date}",
    response={200: DaySaveOut, **ERRORS},
    summary="Record a workshop's day: attendance, hours and output",
    description=(
        "Checks every entry first and writes nothing if one is wrong (a day still to come, an "
        "allocation not open that day, hours or output when not present). A correction keeps "
        "the earlier value in the audit log."
    ),
)
def day_save(request, code: str, workshop_id: int, date: dt.date, payload: DayIn):
    facility = facility_for(request, code, Perm.ATTENDANCE_RECORD)
    with scope(facility=[facility.pk]):
        workshop = get_workshop(facility, workshop_id)
        products = list(workshop.products.all())
        result = attendance_save_day(
            actor=request.user,
            workshop=workshop,
            date=date,
            entries=[
                DayEntry(
                    allocation_id=entry.allocation_id,
                    status=entry.status.value,
                    hours=entry.hours,
                    note=entry.note,
                    outputs={product.pk: 0 for product in products} | entry.outputs,
                )
                for entry in payload.entries
            ],
        )
        return DaySaveOut(
            workshop_id=workshop.pk,
            date=date,
            products=products,
            rows=_rows(workshop, date),
            created=result.created,
            changed=result.changed,
            unchanged=result.unchanged,
        )
