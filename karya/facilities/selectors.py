"""Reads on regions and units."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from karya.facilities.models import Facility, Region


def facility_list(*, query: str = "", region: int | str | None = None) -> QuerySet[Facility]:
    facilities = Facility.objects.select_related("region").order_by("name")
    if query:
        facilities = facilities.filter(Q(name__icontains=query) | Q(code__icontains=query))
    if region:
        facilities = facilities.filter(region_id=region)
    return facilities


def facilities_visible_to(access, *, query: str = "") -> QuerySet[Facility]:
    """The units a user's memberships cover: all for the country, a region's, or their own."""
    facilities = facility_list(query=query)
    if access.is_national:
        return facilities
    ids = {f.pk for f in access.home_facilities}
    return facilities.filter(Q(region_id__in=access.region_ids) | Q(pk__in=ids))


def region_list() -> QuerySet[Region]:
    return Region.objects.order_by("name")
