"""Visits of or to a unit's partners (exploration, monitoring, evaluation) and the follow-up
actions agreed at them. Times are sent with their zone and answered in the unit's zone."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, model_validator

from karya.accounts.permissions import Perm
from karya.api.routers.common import Moment, api_fields, facility_for
from karya.api.routers.partners.common import (
    ERRORS,
    agreement_in_body,
    get_partner,
    get_visit,
    local,
    page,
)
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.partners import selectors
from karya.partners.choices import VisitKind
from karya.partners.models import FollowUp
from karya.partners.services import visits as services

router = Router(tags=["partner visits"])

FIELD_NAMES = {"agreement": "agreement_id", "owner": "owner_id"}


# --- schemas -------------------------------------------------------------------------------


class FollowUpOut(Schema):
    id: int
    action: str
    owner_id: int | None
    owner_name: str | None

    due_date: dt.date | None
    done_on: dt.date | None

    @staticmethod
    def resolve_owner_name(obj):
        return obj.owner.full_name or obj.owner.username if obj.owner else None


class VisitOut(Schema):
    id: int
    partner_id: int
    partner_name: str
    agreement_id: int | None
    kind: VisitKind
    starts_at: dt.datetime = Field(..., description="In the unit's own zone.")
    ends_at: dt.datetime | None
    place: str
    participants: str
    monitored: str
    findings: str
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_partner_name(obj):
        return obj.partner.legal_name

    @staticmethod
    def resolve_starts_at(obj):
        return local(obj.starts_at, obj.facility)

    @staticmethod
    def resolve_ends_at(obj):
        return local(obj.ends_at, obj.facility)

    @staticmethod
    def resolve_follow_ups(obj):
        return list(obj.follow_ups.all())


class VisitPage(Schema):
    items: list[VisitOut]
    next_cursor: int | None = Field(
        None, description="Pass as `after` to get the next page; null on the last page."
    )


class VisitFilter(Schema):
    partner_id: int | None = None
    agreement_id: int | None = None
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(50, ge=1, le=500)


class VisitIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    kind: VisitKind
    starts_at: Moment = Field(..., description="With its zone, e.g. +07:00 for WIB.")
    ends_at: Moment | None = Field(None, description="Not before the start.")
    agreement_id: int | None = Field(None, description="An agreement with the same partner.")
    place: str = Field("", max_length=200)
    participants: str = Field("", max_length=2000)
    monitored: str = Field("", max_length=2000)
    findings: str = Field("", max_length=5000)


class VisitPatch(Schema):
    """Only the fields sent are changed. `null` clears the end or the agreement; the other
    fields cannot be null."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    kind: VisitKind | None = None
    starts_at: Moment | None = None
    ends_at: Moment | None = None
    agreement_id: int | None = None
    place: str | None = Field(None, max_length=200)
    participants: str | None = Field(None, max_length=2000)
    monitored: str | None = Field(None, max_length=2000)
    findings: str | None = Field(None, max_length=5000)

    @model_validator(mode="after")
    def _not_null(self):
        for name in self.model_fields_set - {"ends_at", "agreement_id"}:
            if getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class FollowUpIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    action: str = Field(..., min_length=1, max_length=300)
    owner_id: int | None = Field(None, description="A user working in the unit.")
    due_date: dt.date | None = None


class DoneIn(Schema):
    model_config = ConfigDict(extra="forbid")

    done_on: dt.date | None = Field(
        None, description="Today in the unit's zone unless given; not in the future."
    )


# --- helpers -------------------------------------------------------------------------------


def _detail(facility, visit_id: int) -> VisitOut:
    visits = selectors.visit_list(facility=facility)
    return VisitOut.from_orm(get_object_or_404(visits, pk=visit_id))


def _fields_in(facility, data: dict) -> dict:
    if "agreement_id" in data:
        data["agreement"] = agreement_in_body(facility, data.pop("agreement_id"), "agreement_id")
    if "kind" in data:
        data["kind"] = data["kind"].value
    return data


def _owner(owner_id: int | None):
    if owner_id is None:
        return None
    owner = get_user_model().objects.filter(pk=owner_id).first()
    if owner is None:
        raise DomainError(_("The owner must work in this unit."), field="owner_id")
    return owner


# --- endpoints -----------------------------------------------------------------------------


@router.get(
    "/{code}/visits",
    response={200: VisitPage, **ERRORS},
    summary="List a unit's partner visits, newest recorded first (keyset pagination by id)",
)
def visit_list(request, code: str, filters: Query[VisitFilter]):
    facility = facility_for(request, code, Perm.PARTNER_VIEW)
    with scope(facility=[facility.pk]):
        visits = selectors.visit_list(
            facility=facility, partner_id=filters.partner_id, agreement_id=filters.agreement_id
        ).order_by("-pk")
        if filters.after is not None:
            visits = visits.filter(pk__lt=filters.after)
        return page(VisitPage, list(visits[: filters.limit + 1]), filters.limit)


@router.get(
    "/{code}/visits/{visit_id}",
    response={200: VisitOut, **ERRORS},
    summary="One visit with its follow-ups",
)
def visit_detail(request, code: str, visit_id: int):
    facility = facility_for(request, code, Perm.PARTNER_VIEW)
    with scope(facility=[facility.pk]):
        return _detail(facility, visit_id)


@router.post(
    "/{code}/partners/{partner_id}/visits",
    response={201: VisitOut, **ERRORS},
    summary="Record a visit of or to a partner",
    description="A time without its zone is a 422; an end before the start is a 400.",
)
def visit_create(request, code: str, partner_id: int, payload: VisitIn):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELD_NAMES):
        visit = services.visit_create(
            actor=request.user,
            partner=get_partner(facility, partner_id),
            **_fields_in(facility, payload.model_dump(mode="python")),
        )
        return Status(201, _detail(facility, visit.pk))


@router.patch(
    "/{code}/visits/{visit_id}",
    response={200: VisitOut, **ERRORS},
    summary="Change a visit's record (fields left out keep their value)",
)
def visit_update(request, code: str, visit_id: int, payload: VisitPatch):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELD_NAMES):
        services.visit_update(
            actor=request.user,
            visit=get_visit(facility, visit_id),
            **_fields_in(facility, payload.model_dump(mode="python", exclude_unset=True)),
        )
        return _detail(facility, visit_id)


@router.post(
    "/{code}/visits/{visit_id}/follow-ups",
    response={201: FollowUpOut, **ERRORS},
    summary="Add a follow-up action to a visit, owned by someone working in the unit",
)
def follow_up_add(request, code: str, visit_id: int, payload: FollowUpIn):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELD_NAMES):
        follow_up = services.follow_up_add(
            actor=request.user,
            visit=get_visit(facility, visit_id),
            action=payload.action,
            owner=_owner(payload.owner_id),
            due_date=payload.due_date,
        )
        return Status(201, FollowUpOut.from_orm(follow_up))


@router.post(
    "/{code}/visits/{visit_id}/follow-ups/{follow_up_id}/done",
    response={200: FollowUpOut, **ERRORS},
    summary="Mark a follow-up done (once: else 400 `done`)",
)
def follow_up_done(request, code: str, visit_id: int, follow_up_id: int, payload: DoneIn):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]):
        visit = get_visit(facility, visit_id)
        follow_up = get_object_or_404(
            FollowUp.objects.filter(facility=facility, visit=visit), pk=follow_up_id
        )
        follow_up = services.follow_up_done(
            actor=request.user,
            follow_up=follow_up,
            done_on=payload.done_on or today_in(facility.timezone),
        )
        return FollowUpOut.from_orm(follow_up)
