"""Reads on workshops: the list with this month's figures, allocations, the waiting list."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet, Sum

from karya.core.dates import month_bounds
from karya.programs.choices import OPEN_ALLOCATION_STATUSES, AllocationStatus, ApplicationStatus
from karya.programs.models import Allocation, Application, Attendance, OutputRecord, Workshop


def workshop_list(*, facility, include_inactive: bool = False) -> QuerySet[Workshop]:
    workshops = Workshop.objects.filter(facility=facility)
    if not include_inactive:
        workshops = workshops.filter(is_active=True)
    return workshops.annotate(
        # Both counts join a second table: without `distinct` each one multiplies the other.
        allocated=Count(
            "allocations",
            filter=Q(allocations__status__in=[AllocationStatus.ACTIVE, AllocationStatus.SUSPENDED]),
            distinct=True,  # both counts join: without it each is multiplied by the other
        ),
        waiting=Count(
            "applications", filter=Q(applications__status=ApplicationStatus.WAITING), distinct=True
        ),
    ).order_by("name")


def workshop_month_figures(*, facility, day: dt.date) -> dict[int, dict]:
    """Per workshop, for the month of `day`: attendance rate (present / recorded days, %) and
    pieces made. Two grouped queries whatever the number of workshops."""
    first, last = month_bounds(day)
    figures: dict[int, dict] = {}
    attendance = (
        Attendance.objects.filter(facility=facility, date__range=(first, last))
        .values("allocation__workshop_id")
        .annotate(recorded=Count("pk"), present=Count("pk", filter=Q(status="hadir")))
    )
    for row in attendance:
        rate = round(100 * row["present"] / row["recorded"]) if row["recorded"] else None
        figures.setdefault(row["allocation__workshop_id"], {})["attendance_rate"] = rate
    output = (
        OutputRecord.objects.filter(facility=facility, date__range=(first, last))
        .values("allocation__workshop_id")
        .annotate(pieces=Sum("quantity"))
    )
    for row in output:
        figures.setdefault(row["allocation__workshop_id"], {})["pieces"] = row["pieces"]
    return figures


def open_allocations(*, workshop: Workshop) -> QuerySet[Allocation]:
    return (
        Allocation.objects.filter(workshop=workshop, status__in=OPEN_ALLOCATION_STATUSES)
        .select_related("inmate")
        .order_by("status", "inmate__name")
    )


def waiting_list(*, workshop: Workshop) -> QuerySet[Application]:
    return (
        Application.objects.filter(workshop=workshop, status=ApplicationStatus.WAITING)
        .select_related("inmate")
        .order_by("created_at", "pk")
    )


def allocation_history(*, inmate) -> QuerySet[Allocation]:
    return (
        Allocation.objects.filter(inmate=inmate).select_related("workshop").order_by("-start_date")
    )
