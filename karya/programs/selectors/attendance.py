"""Reads for the day screen: every allocation of a workshop on a day with what was recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from karya.programs.models import Allocation, Attendance, OutputRecord, Workshop
from karya.programs.services.attendance import allocations_on


@dataclass
class DayRow:
    allocation: Allocation
    attendance: Attendance | None
    outputs: dict[int, int] = field(default_factory=dict)


def attendance_day(*, workshop: Workshop, date: dt.date) -> list[DayRow]:
    """One row per allocation open on the day, in three queries whatever the headcount."""
    allocations = list(allocations_on(workshop, date))
    ids = [a.pk for a in allocations]
    attendance = {
        a.allocation_id: a for a in Attendance.objects.filter(allocation_id__in=ids, date=date)
    }
    rows = {a.pk: DayRow(a, attendance.get(a.pk)) for a in allocations}
    for output in OutputRecord.objects.filter(allocation_id__in=ids, date=date):
        rows[output.allocation_id].outputs[output.product_id] = output.quantity
    return list(rows.values())
