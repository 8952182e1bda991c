"""A workshop's waiting list (list, apply, decline, approve several) and the suitability check
that explains the rules before allocating."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from karya.accounts.permissions import Perm, access_for
from karya.api.routers.common import facility_for
from karya.api.routers.programs.common import ERRORS, api_fields, get_inmate, get_workshop
from karya.core.dates import today_in
from karya.programs.choices import (
    AllocationStatus,
    ApplicationStatus,
    SuitabilityRule,
    WorkSession,
)
from karya.programs.models import Application
from karya.programs.selectors.allocations import application_list as select_applications
from karya.programs.services import allocations as services

router = Router(tags=["waiting list"])


# --- schemas -------------------------------------------------------------------------------


class ApplicationOut(Schema):
    id: int
    workshop_id: int
    inmate_id: int
    inmate_name: str
    session: WorkSession
    status: ApplicationStatus
    note: str
    decline_reason: str
    created_at: dt.datetime
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_inmate_name(obj):
        return obj.inmate.name


class ApplicationPage(Schema):
    items: list[ApplicationOut]
    next_cursor: int | None = Field(
        None, description="Pass as `after` to get the next page; null on the last page."
    )


class ApplicationFilter(Schema):
    status: ApplicationStatus | None = Field(
        ApplicationStatus.WAITING, description="`menunggu` (the waiting list) unless given."
    )
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(100, ge=1, le=500)


class ApplicationIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    inmate_id: int
    session: WorkSession = WorkSession.MORNING
    note: str = Field("", max_length=300)


class DeclineIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(..., max_length=300)


class ApproveIn(Schema):
    model_config = ConfigDict(extra="forbid")

    application_ids: list[int] = Field(..., min_length=1, max_length=200)
    start_date: dt.date = Field(
        ..., description="Allocations whose start date has come are started at once."
    )


class Approved(Schema):
    application_id: int
    allocation_id: int
    status: AllocationStatus


class Refused(Schema):
    application_id: int
    reason: str


class ApproveOut(Schema):
    created: list[Approved]
    refused: list[Refused] = Field(..., description="Still on the waiting list, with the reason.")


class RuleFailureOut(Schema):
    rule: SuitabilityRule
    message: str
    overridable: bool


class SuitabilityOut(Schema):
    suitable: bool
    can_override: bool = Field(
        ..., description="Whether the caller may override the overridable failures (a head)."
    )
    failures: list[RuleFailureOut]


class SuitabilityQuery(Schema):
    inmate_id: int
    session: WorkSession
    start_date: dt.date | None = Field(None, description="Today in the unit's zone unless given.")


# --- waiting list --------------------------------------------------------------------------


@router.get(
    "/{code}/workshops/{workshop_id}/applications",
    response={200: ApplicationPage, **ERRORS},
    summary="A workshop's waiting list (keyset pagination by id)",
)
def application_list(request, code: str, workshop_id: int, filters: Query[ApplicationFilter]):
    facility = facility_for(request, code, Perm.WORKSHOP_VIEW)
    with scope(facility=[facility.pk]):
        workshop = get_workshop(facility, workshop_id)
        status = filters.status.value if filters.status else ""
        applications = select_applications(workshop=workshop, status=status).order_by("pk")
        if filters.after is not None:
            applications = applications.filter(pk__gt=filters.after)
        items = list(applications[: filters.limit + 1])
    more = len(items) > filters.limit
    items = items[: filters.limit]
    return ApplicationPage(items=items, next_cursor=items[-1].pk if more else None)


@router.post(
    "/{code}/workshops/{workshop_id}/applications",
    response={201: ApplicationOut, **ERRORS},
    summary="Put an inmate on the waiting list",
)
def application_create(request, code: str, workshop_id: int, payload: ApplicationIn):
    facility = facility_for(request, code, Perm.ALLOCATION_MANAGE)
    with scope(facility=[facility.pk]), api_fields(inmate="inmate_id"):
        workshop = get_workshop(facility, workshop_id)
        application = services.application_create(
            actor=request.user,
            workshop=workshop,
            inmate=get_inmate(facility, payload.inmate_id),
            session=payload.session.value,
            note=payload.note,
        )
    return Status(201, application)


@router.post(
    "/{code}/workshops/{workshop_id}/applications/{application_id}/decline",
    response={200: ApplicationOut, **ERRORS},
    summary="Decline a waiting application, with the reason",
)
def application_decline(
    request, code: str, workshop_id: int, application_id: int, payload: DeclineIn
):
    facility = facility_for(request, code, Perm.ALLOCATION_MANAGE)
    with scope(facility=[facility.pk]):
        workshop = get_workshop(facility, workshop_id)
        application = get_object_or_404(
            Application.objects.filter(workshop=workshop).select_related("inmate"),
            pk=application_id,
        )
        return services.application_decline(
            actor=request.user, application=application, reason=payload.reason
        )


@router.post(
    "/{code}/workshops/{workshop_id}/applications/approve",
    response={200: ApproveOut, **ERRORS},
    summary="Approve several waiting applications at once",
    description=(
        "Each application that meets every rule becomes an allocation (started at once when "
        "the start date has come); the others stay on the waiting list and are listed in "
        "`refused` with the reason. Applications are taken oldest first."
    ),
)
def applications_approve(request, code: str, workshop_id: int, payload: ApproveIn):
    facility = facility_for(request, code, Perm.ALLOCATION_MANAGE)
    wanted = list(dict.fromkeys(payload.application_ids))
    with scope(facility=[facility.pk]):
        workshop = get_workshop(facility, workshop_id)
        found = list(
            Application.objects.filter(workshop=workshop, pk__in=wanted)
            .select_related("workshop__facility", "inmate")
            .order_by("created_at", "pk")
        )
        result = services.applications_approve(
            actor=request.user, applications=found, start_date=payload.start_date
        )
    known = {application.pk for application in found}
    refused = [Refused(application_id=a.pk, reason=reason) for a, reason in result.refused]
    refused += [
        Refused(application_id=pk, reason=_("Not found.")) for pk in wanted if pk not in known
    ]
    return ApproveOut(
        created=[
            Approved(application_id=a.application_id, allocation_id=a.pk, status=a.status)
            for a in result.created
        ],
        refused=refused,
    )


# --- suitability ---------------------------------------------------------------------------


@router.get(
    "/{code}/workshops/{workshop_id}/suitability",
    response={200: SuitabilityOut, **ERRORS},
    summary="The rules an inmate fails for this workshop (nothing is written)",
)
def suitability(request, code: str, workshop_id: int, query: Query[SuitabilityQuery]):
    facility = facility_for(request, code, Perm.ALLOCATION_MANAGE)
    with scope(facility=[facility.pk]), api_fields(inmate="inmate_id"):
        workshop = get_workshop(facility, workshop_id)
        failures = services.suitability_check(
            workshop=workshop,
            inmate=get_inmate(facility, query.inmate_id),
            session=query.session.value,
            start_date=query.start_date or today_in(facility.timezone),
        )
    return SuitabilityOut(
        suitable=not failures,
        can_override=access_for(request.user).can(Perm.ALLOCATION_OVERRIDE, facility),
        failures=[RuleFailureOut(**vars(failure)) for failure in failures],
    )
