"""Raw materials: the list with balance and value, adding one, buying and a partner's supply."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Router, Schema, Status

from karya.accounts.permissions import Perm
from karya.api.routers.common import facility_for, in_unit
from karya.api.routers.production_orders.common import ERRORS, _move_out
from karya.api.routers.production_orders.schemas import MaterialMoveOut
from karya.partners.models import Partner
from karya.production import selectors, services
from karya.production.choices import MaterialOwner, MaterialUnit
from karya.production.models import Material

router = Router(tags=["production"])


class MaterialOut(Schema):
    id: int
    name: str
    unit_of_measure: MaterialUnit
    owner: MaterialOwner
    partner_id: int | None
    partner_name: str
    quantity: Decimal
    is_active: bool
    average_price: Decimal | None = Field(None, description="Weighted average purchase price.")
    value: Decimal = Field(..., description="Own material at the average price; partner's: 0.")


class MaterialIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    unit_of_measure: MaterialUnit
    owner: MaterialOwner
    partner_id: int | None = None
    partner_name: str = Field("", max_length=200)


class PurchaseIn(Schema):
    quantity: Decimal
    unit_price: Decimal
    supplier: str = Field(..., max_length=200)
    moved_on: dt.date | None = None
    note: str = Field("", max_length=300)


class SupplyIn(Schema):
    quantity: Decimal
    moved_on: dt.date | None = None
    note: str = Field("", max_length=300)


def _material_out(material: Material) -> MaterialOut:
    return MaterialOut(
        id=material.pk,
        name=material.name,
        unit_of_measure=material.unit_of_measure,
        owner=material.owner,
        partner_id=material.partner_id,
        partner_name=material.partner_name,
        quantity=material.quantity,
        is_active=material.is_active,
        average_price=material.average_price,
        value=material.value,
    )


def _material(facility, pk) -> Material:
    material = selectors.material_get(facility=facility, pk=pk)
    if material is None:
        raise Http404
    return material


@router.get(
    "/{code}/materials",
    response={200: list[MaterialOut], **ERRORS},
    summary="A unit's raw materials with quantity on hand and value",
)
def material_list(request, code: str):
    facility = facility_for(request, code, Perm.WORKSHOP_VIEW)
    with scope(facility=[facility.pk]):
        return [_material_out(m) for m in selectors.material_list(facility=facility)]


@router.post(
    "/{code}/materials",
    response={201: MaterialOut, **ERRORS},
    summary="Add a raw material (own, or supplied by a partner)",
)
def material_create(request, code: str, payload: MaterialIn):
    facility = facility_for(request, code, Perm.MATERIAL_MANAGE)
    with scope(facility=[facility.pk]):
        partner = in_unit(
            Partner, facility, payload.partner_id, "partner_id", _("Choose a partner of this unit.")
        )
        material = services.material_create(
            actor=request.user,
            facility=facility,
            name=payload.name,
            unit_of_measure=payload.unit_of_measure,
            owner=payload.owner,
            partner=partner,
            partner_name=payload.partner_name,
        )
        return Status(201, _material_out(_material(facility, material.pk)))


@router.post(
    "/{code}/materials/{material_id}/purchases",
    response={201: MaterialMoveOut, **ERRORS},
    summary="Record own material bought (quantity, unit price, supplier)",
)
def material_purchase(request, code: str, material_id: int, payload: PurchaseIn):
    facility = facility_for(request, code, Perm.MATERIAL_MANAGE)
    with scope(facility=[facility.pk]):
        move = services.material_purchase(
            actor=request.user, material=_material(facility, material_id), **payload.dict()
        )
        return Status(201, _move_out(move))


@router.post(
    "/{code}/materials/{material_id}/supplies",
    response={201: MaterialMoveOut, **ERRORS},
    summary="Record partner material received (quantity only, never valued)",
)
def material_supply(request, code: str, material_id: int, payload: SupplyIn):
    facility = facility_for(request, code, Perm.MATERIAL_MANAGE)
    with scope(facility=[facility.pk]):
        move = services.material_supply(
            actor=request.user, material=_material(facility, material_id), **payload.dict()
        )
        return Status(201, _move_out(move))
