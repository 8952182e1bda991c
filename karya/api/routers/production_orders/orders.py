"""Production orders: the list, planning one, and starting, using material, finishing (the
output goes into stock as a lot) or cancelling it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status

from karya.accounts.models import User
from karya.accounts.permissions import Perm
from karya.api.routers.common import facility_for, in_unit
from karya.api.routers.production_orders.common import ERRORS, _move_out
from karya.api.routers.production_orders.schemas import MaterialMoveOut
from karya.core.errors import DomainError
from karya.inventory.models import StockLocation
from karya.partners.models import Agreement, Partner
from karya.production import selectors, services
from karya.production.choices import MaterialOwner, OrderStatus
from karya.production.models import Material, Product, ProductionOrder
from karya.programs.models import Workshop

router = Router(tags=["production"])


class OrderOut(Schema):
    id: int
    number: str
    workshop_id: int
    product_id: int
    planned_quantity: int
    start_date: dt.date
    due_date: dt.date
    material_source: MaterialOwner
    partner_id: int | None
    agreement_id: int | None
    status: OrderStatus
    planning_officer_id: int | None
    making_officer_id: int | None
    packaging_officer_id: int | None
    started_on: dt.date | None
    finished_on: dt.date | None
    good_quantity: int | None
    rejected_quantity: int | None
    lot_id: int | None
    lot_code: str | None
    cancel_reason: str
    note: str


class OrderPage(Schema):
    items: list[OrderOut]
    next_cursor: int | None = Field(None, description="Pass as `after` for the next page.")


class OrderFilter(Schema):
    status: OrderStatus | None = None
    workshop_id: int | None = None
    product_id: int | None = None
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(50, ge=1, le=200)


class OrderIn(Schema):
    workshop_id: int
    product_id: int
    planned_quantity: int
    start_date: dt.date
    due_date: dt.date
    material_source: MaterialOwner = MaterialOwner.OWN
    partner_id: int | None = None
    agreement_id: int | None = None
    planning_officer_id: int | None = None
    making_officer_id: int | None = None
    packaging_officer_id: int | None = None
    note: str = Field("", max_length=300)


class StartIn(Schema):
    started_on: dt.date | None = None


class ConsumeIn(Schema):
    material_id: int
    quantity: Decimal
    used_on: dt.date | None = None
    note: str = Field("", max_length=300)


class FinishIn(Schema):
    location_id: int | None = Field(None, description="Required when good_quantity > 0.")
    good_quantity: int
    rejected_quantity: int = 0
    finished_on: dt.date | None = None


class CancelIn(Schema):
    reason: str = Field(..., max_length=300)


def _officer(pk, field):
    if pk is None:
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise DomainError(_("Choose an officer of this unit."), field=field)
    return user


def _order_out(order: ProductionOrder) -> OrderOut:
    return OrderOut(
        id=order.pk,
        number=order.number,
        workshop_id=order.workshop_id,
        product_id=order.product_id,
        planned_quantity=order.planned_quantity,
        start_date=order.start_date,
        due_date=order.due_date,
        material_source=order.material_source,
        partner_id=order.partner_id,
        agreement_id=order.agreement_id,
        status=order.status,
        planning_officer_id=order.planning_officer_id,
        making_officer_id=order.making_officer_id,
        packaging_officer_id=order.packaging_officer_id,
        started_on=order.started_on,
        finished_on=order.finished_on,
        good_quantity=order.good_quantity,
        rejected_quantity=order.rejected_quantity,
        lot_id=order.lot_id,
        lot_code=order.lot.code if order.lot_id else None,
        cancel_reason=order.cancel_reason,
        note=order.note,
    )


def _order(facility, pk) -> ProductionOrder:
    order = selectors.order_get(facility=facility, pk=pk)
    if order is None:
        raise Http404
    return order


@router.get(
    "/{code}/production-orders",
    response={200: OrderPage, **ERRORS},
    summary="A unit's production orders, newest first (keyset pagination by id)",
)
def order_list(request, code: str, filters: Query[OrderFilter]):
    facility = facility_for(request, code, Perm.WORKSHOP_VIEW)
    with scope(facility=[facility.pk]):
        rows = list(
            selectors.order_list(
                facility=facility,
                status=filters.status or "",
                workshop_id=filters.workshop_id,
                product_id=filters.product_id,
                after=filters.after,
            )[: filters.limit + 1]
        )
        more = len(rows) > filters.limit
        rows = rows[: filters.limit]
        return OrderPage(
            items=[_order_out(o) for o in rows], next_cursor=rows[-1].pk if more else None
        )


@router.post(
    "/{code}/production-orders",
    response={201: OrderOut, **ERRORS},
    summary="Plan a production order (numbered PO/<unit>/<year>/<seq>)",
)
def order_plan(request, code: str, payload: OrderIn):
    facility = facility_for(request, code, Perm.PRODUCTION_MANAGE)
    with scope(facility=[facility.pk]):
        order = services.order_plan(
            actor=request.user,
            facility=facility,
            workshop=in_unit(
                Workshop,
                facility,
                payload.workshop_id,
                "workshop_id",
                _("Choose a workshop of this unit."),
            ),
            product=in_unit(
                Product,
                facility,
                payload.product_id,
                "product_id",
                _("Choose a product of this unit."),
            ),
            planned_quantity=payload.planned_quantity,
            start_date=payload.start_date,
            due_date=payload.due_date,
            material_source=payload.material_source,
            partner=in_unit(
                Partner,
                facility,
                payload.partner_id,
                "partner_id",
                _("Choose a partner of this unit."),
            ),
            agreement=in_unit(
                Agreement,
                facility,
                payload.agreement_id,
                "agreement_id",
                _("Choose an open maklon agreement of this partner."),
            ),
            planning_officer=_officer(payload.planning_officer_id, "planning_officer_id"),
            making_officer=_officer(payload.making_officer_id, "making_officer_id"),
            packaging_officer=_officer(payload.packaging_officer_id, "packaging_officer_id"),
            note=payload.note,
        )
        return Status(201, _order_out(_order(facility, order.pk)))


@router.get(
    "/{code}/production-orders/{order_id}",
    response={200: OrderOut, **ERRORS},
    summary="One production order",
)
def order_detail(request, code: str, order_id: int):
    facility = facility_for(request, code, Perm.WORKSHOP_VIEW)
    with scope(facility=[facility.pk]):
        return _order_out(_order(facility, order_id))


@router.post(
    "/{code}/production-orders/{order_id}/start",
    response={200: OrderOut, **ERRORS},
    summary="Start a planned order",
)
def order_start(request, code: str, order_id: int, payload: StartIn):
    facility = facility_for(request, code, Perm.PRODUCTION_MANAGE)
    with scope(facility=[facility.pk]):
        services.order_start(
            actor=request.user, order=_order(facility, order_id), started_on=payload.started_on
        )
        return _order_out(_order(facility, order_id))


@router.post(
    "/{code}/production-orders/{order_id}/consumptions",
    response={201: MaterialMoveOut, **ERRORS},
    summary="Record material used by an order in progress (refused beyond the balance)",
)
def order_consume(request, code: str, order_id: int, payload: ConsumeIn):
    facility = facility_for(request, code, Perm.PRODUCTION_MANAGE)
    with scope(facility=[facility.pk]):
        move = services.order_consume_material(
            actor=request.user,
            order=_order(facility, order_id),
            material=in_unit(
                Material,
                facility,
                payload.material_id,
                "material_id",
                _("Choose a material of this unit."),
            ),
            quantity=payload.quantity,
            used_on=payload.used_on,
            note=payload.note,
        )
        return Status(201, _move_out(move))


@router.post(
    "/{code}/production-orders/{order_id}/finish",
    response={200: OrderOut, **ERRORS},
    summary="Finish an order: good and rejected quantities; good goods into stock, new lot",
)
def order_finish(request, code: str, order_id: int, payload: FinishIn):
    facility = facility_for(request, code, Perm.PRODUCTION_MANAGE)
    with scope(facility=[facility.pk]):
        services.order_finish(
            actor=request.user,
            order=_order(facility, order_id),
            location=in_unit(
                StockLocation,
                facility,
                payload.location_id,
                "location_id",
                _("Choose a location of this unit."),
            ),
            good_quantity=payload.good_quantity,
            rejected_quantity=payload.rejected_quantity,
            finished_on=payload.finished_on,
        )
        return _order_out(_order(facility, order_id))


@router.post(
    "/{code}/production-orders/{order_id}/cancel",
    response={200: OrderOut, **ERRORS},
    summary="Cancel a planned or running order, with a reason",
)
def order_cancel(request, code: str, order_id: int, payload: CancelIn):
    facility = facility_for(request, code, Perm.PRODUCTION_MANAGE)
    with scope(facility=[facility.pk]):
        services.order_cancel(
            actor=request.user, order=_order(facility, order_id), reason=payload.reason
        )
        return _order_out(_order(facility, order_id))
