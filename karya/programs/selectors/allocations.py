"""Reads on the waiting list and allocations, filtered (for the API's lists)."""

from __future__ import annotations

from django.db.models import QuerySet

from karya.programs.models import Allocation, Application, Workshop


def application_list(*, workshop: Workshop, status: str = "") -> QuerySet[Application]:
    """A workshop's applications (all, or those of one status), oldest first."""
    applications = Application.objects.filter(workshop=workshop)
    if status:
        applications = applications.filter(status=status)
    return applications.select_related("inmate").order_by("created_at", "pk")


def allocation_list(
    *, facility, workshop_id: int | None = None, status: str = "", inmate_id: int | None = None
) -> QuerySet[Allocation]:
    """A unit's allocations, optionally of one workshop, one status or one inmate."""
    allocations = Allocation.objects.filter(facility=facility)
    if workshop_id is not None:
        allocations = allocations.filter(workshop_id=workshop_id)
    if status:
        allocations = allocations.filter(status=status)
    if inmate_id is not None:
        allocations = allocations.filter(inmate_id=inmate_id)
    return allocations.select_related("workshop", "inmate")
