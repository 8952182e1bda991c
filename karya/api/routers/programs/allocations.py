"""Allocations: the list and one allocation, allocating (with a head's overrides) and the
guarded transitions start, suspend, resume and end."""

import datetime as dt
from typing import Annotated

from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from karya.accounts.permissions import Perm
from karya.api.routers.common import facility_for
from karya.api.routers.programs.common import (
    ERRORS,
    api_fields,
    get_allocation,
    get_inmate,
    get_workshop,
)
from karya.core.dates import today_in
from karya.programs.choices import AllocationStatus, EndReason, SuitabilityRule, WorkSession
from karya.programs.selectors.allocations import allocation_list as select_allocations
from karya.programs.services import allocations as services

router = Router(tags=["allocations"])

Reason = Annotated[str, Field(max_length=300)]


class OverrideOut(Schema):
    rule: SuitabilityRule
    message: str
    reason: str
    by: str = Field(..., description="Username of the head who overrode the rule.")
    at: dt.datetime


class AllocationOut(Schema):
    id: int
    workshop_id: int
    workshop_name: str
    inmate_id: int
    inmate_name: str
    session: WorkSession
    status: AllocationStatus
    start_date: dt.date
    end_date: dt.date | None
    end_reason: EndReason | None = None
    end_note: str
    suspended_with_pay: bool | None
    suspension_reason: str
    overrides: list[OverrideOut]
    application_id: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_workshop_name(obj):
        return obj.workshop.name

    @staticmethod
    def resolve_inmate_name(obj):
        return obj.inmate.name

    @staticmethod
    def resolve_end_reason(obj):
        return obj.end_reason or None


class AllocationPage(Schema):
    items: list[AllocationOut]
    next_cursor: int | None = Field(
        None, description="Pass as `after` to get the next page; null on the last page."
    )


class AllocationFilter(Schema):
    workshop_id: int | None = None
    status: AllocationStatus | None = None
    inmate_id: int | None = None
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(50, ge=1, le=500)


class AllocationIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    inmate_id: int
    session: WorkSession
    start_date: dt.date
    overrides: dict[SuitabilityRule, Reason] = Field(
        {},
        description=(
            "A written reason per failed rule to override (heads only). Check the rules first "
            "with the workshop's `suitability`."
        ),
    )


class SuspendIn(Schema):
    model_config = ConfigDict(extra="forbid")

    with_pay: bool = False
    reason: Reason


class EndIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: EndReason
    end_date: dt.date | None = Field(None, description="Today in the unit's zone unless given.")
    note: Reason = ""


@router.get(
    "/{code}/allocations",
    response={200: AllocationPage, **ERRORS},
    summary="List a unit's allocations (keyset pagination by id)",
)
def allocation_list(request, code: str, filters: Query[AllocationFilter]):
    facility = facility_for(request, code, Perm.WORKSHOP_VIEW)
    with scope(facility=[facility.pk]):
        allocations = select_allocations(
            facility=facility,
            workshop_id=filters.workshop_id,
            status=filters.status.value if filters.status else "",
            inmate_id=filters.inmate_id,
        ).order_by("pk")
        if filters.after is not None:
            allocations = allocations.filter(pk__gt=filters.after)
        items = list(allocations[: filters.limit + 1])
    more = len(items) > filters.limit
    items = items[: filters.limit]
    return AllocationPage(items=items, next_cursor=items[-1].pk if more else None)


@router.get(
    "/{code}/allocations/{allocation_id}",
    response={200: AllocationOut, **ERRORS},
    summary="One allocation",
)
def allocation_detail(request, code: str, allocation_id: int):
    facility = facility_for(request, code, Perm.WORKSHOP_VIEW)
    with scope(facility=[facility.pk]):
        return get_allocation(facility, allocation_id)


@router.post(
    "/{code}/workshops/{workshop_id}/allocations",
    response={201: AllocationOut, **ERRORS},
    summary="Allocate an inmate to a workshop (PENDING until started)",
    description=(
        "Every suitability rule is checked. A failed rule is a 400 with code `unsuitable` and "
        "the failed rules in `details`, unless overridden with a reason; only a head may "
        "override (else code `override_forbidden`)."
    ),
)
def allocation_create(request, code: str, workshop_id: int, payload: AllocationIn):
    facility = facility_for(request, code, Perm.ALLOCATION_MANAGE)
    with scope(facility=[facility.pk]), api_fields(inmate="inmate_id"):
        allocation = services.allocation_create(
            actor=request.user,
            workshop=get_workshop(facility, workshop_id),
            inmate=get_inmate(facility, payload.inmate_id),
            session=payload.session.value,
            start_date=payload.start_date,
            overrides={rule.value: reason for rule, reason in payload.overrides.items()},
        )
    return Status(201, allocation)


ILLEGAL = "An illegal transition is a 400 with code `illegal_transition`."


@router.post(
    "/{code}/allocations/{allocation_id}/start",
    response={200: AllocationOut, **ERRORS},
    summary="Start a pending allocation (on or after its start date)",
    description=ILLEGAL,
)
def allocation_start(request, code: str, allocation_id: int):
    facility = facility_for(request, code, Perm.ALLOCATION_MANAGE)
    with scope(facility=[facility.pk]):
        allocation = get_allocation(facility, allocation_id)
        return services.allocation_start(actor=request.user, allocation=allocation)


@router.post(
    "/{code}/allocations/{allocation_id}/suspend",
    response={200: AllocationOut, **ERRORS},
    summary="Suspend an active allocation, with or without pay",
    description=ILLEGAL,
)
def allocation_suspend(request, code: str, allocation_id: int, payload: SuspendIn):
    facility = facility_for(request, code, Perm.ALLOCATION_MANAGE)
    with scope(facility=[facility.pk]):
        allocation = get_allocation(facility, allocation_id)
        return services.allocation_suspend(
            actor=request.user,
            allocation=allocation,
            with_pay=payload.with_pay,
            reason=payload.reason,
        )


@router.post(
    "/{code}/allocations/{allocation_id}/resume",
    response={200: AllocationOut, **ERRORS},
    summary="Resume a suspended allocation",
    description=ILLEGAL,
)
def allocation_resume(request, code: str, allocation_id: int):
    facility = facility_for(request, code, Perm.ALLOCATION_MANAGE)
    with scope(facility=[facility.pk]):
        allocation = get_allocation(facility, allocation_id)
        return services.allocation_resume(actor=request.user, allocation=allocation)


@router.post(
    "/{code}/allocations/{allocation_id}/end",
    response={200: AllocationOut, **ERRORS},
    summary="End an allocation, with the reason",
    description=ILLEGAL,
)
def allocation_end(request, code: str, allocation_id: int, payload: EndIn):
    facility = facility_for(request, code, Perm.ALLOCATION_MANAGE)
    with scope(facility=[facility.pk]):
        allocation = get_allocation(facility, allocation_id)
        return services.allocation_end(
            actor=request.user,
            allocation=allocation,
            reason=payload.reason.value,
            end_date=payload.end_date or today_in(facility.timezone),
            note=payload.note,
        )
