"""Reads on the inmate registry. Every query goes through the scoped manager."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from karya.inmates.choices import Presence
from karya.inmates.models import Inmate


def inmate_list(
    *,
    facility,
    query: str = "",
    status: str = "",
    security_class: str = "",
    stage: str = "",
    block: str = "",
    presence: str = Presence.PRESENT,
) -> QuerySet[Inmate]:
    """The unit's inmates, filtered; a query matches name or registration number."""
    inmates = Inmate.objects.filter(facility=facility)
    if query:
        inmates = inmates.filter(Q(name__icontains=query) | Q(registration_number__icontains=query))
    if status:
        inmates = inmates.filter(status=status)
    if security_class:
        inmates = inmates.filter(security_class=security_class)
    if stage:
        inmates = inmates.filter(stage=stage)
    if block:
        inmates = inmates.filter(block=block)
    if presence == Presence.PRESENT:
        inmates = inmates.filter(departed_on__isnull=True)
    elif presence == Presence.LEFT:
        inmates = inmates.filter(departed_on__isnull=False)
    return inmates.order_by("name", "registration_number")


def blocks_of(*, facility) -> list[str]:
    """The blocks in use in the unit, for the filter."""
    return list(
        Inmate.objects.filter(facility=facility)
        .exclude(block="")
        .order_by("block")
        .values_list("block", flat=True)
        .distinct()
    )


def population_summary(*, facility) -> dict[str, int]:
    """Counts for the unit's home page: present inmates by status, and those who left."""
    return Inmate.objects.filter(facility=facility).aggregate(
        present=Count("pk", filter=Q(departed_on__isnull=True)),
        prisoners=Count("pk", filter=Q(departed_on__isnull=True, status="narapidana")),
        detainees=Count("pk", filter=Q(departed_on__isnull=True, status="tahanan")),
        left=Count("pk", filter=Q(departed_on__isnull=False)),
    )
