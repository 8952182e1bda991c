"""Stock locations: the list with what each holds, adding and changing one."""

from __future__ import annotations

from django.http import Http404
from django_scopes import scope
from ninja import Field, Router, Schema, Status

from karya.accounts.permissions import Perm
from karya.api.routers.common import facility_for
from karya.api.routers.stock.common import ERRORS
from karya.inventory import selectors
from karya.inventory.choices import LocationKind
from karya.inventory.models import StockLocation
from karya.inventory.services import locations as location_services

router = Router(tags=["stock"])


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
