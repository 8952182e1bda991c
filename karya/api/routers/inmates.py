"""Inmates of one unit. Every query runs inside the unit's scope."""

import datetime as dt
from enum import StrEnum

from django.shortcuts import get_object_or_404
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, model_validator

from karya.accounts.permissions import Perm
from karya.api.errors import ErrorOut
from karya.api.routers.common import facility_for
from karya.inmates import selectors, services
from karya.inmates.choices import Departure, LegalStatus, Presence, SecurityClass, Sex, Stage
from karya.inmates.models import Inmate

router = Router(tags=["inmates"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class InmateOut(Schema):
    id: int
    registration_number: str
    name: str
    sex: Sex
    status: LegalStatus
    sentence_start: dt.date | None
    expected_release: dt.date | None
    security_class: SecurityClass
    stage: Stage | None = None
    asimilasi_eligible: bool
    block: str
    cell: str
    departed_on: dt.date | None
    departure: Departure | None = None

    @staticmethod
    def resolve_stage(obj):
        return obj.stage or None

    @staticmethod
    def resolve_departure(obj):
        return obj.departure or None


class InmatePage(Schema):
    items: list[InmateOut]
    next_cursor: int | None = Field(
        None, description="Pass as `after` to get the next page; null on the last page."
    )


class InmateIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    registration_number: str = Field(..., min_length=1, max_length=40)
    name: str = Field(..., min_length=1, max_length=150)
    sex: Sex
    status: LegalStatus
    sentence_start: dt.date | None = None
    expected_release: dt.date | None = None
    security_class: SecurityClass
    stage: Stage | None = None
    asimilasi_eligible: bool = False
    block: str = Field("", max_length=40)
    cell: str = Field("", max_length=40)
    departed_on: dt.date | None = None
    departure: Departure | None = None


class InmatePatch(Schema):
    """Only the fields sent are changed. `null` clears an optional field; the fields a record
    cannot be without (number, name, sex, status, classification...) cannot be null."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    registration_number: str | None = Field(None, min_length=1, max_length=40)
    name: str | None = Field(None, min_length=1, max_length=150)
    sex: Sex | None = None
    status: LegalStatus | None = None
    sentence_start: dt.date | None = None
    expected_release: dt.date | None = None
    security_class: SecurityClass | None = None
    stage: Stage | None = None
    asimilasi_eligible: bool | None = None
    block: str | None = Field(None, max_length=40)
    cell: str | None = Field(None, max_length=40)
    departed_on: dt.date | None = None
    departure: Departure | None = None

    @model_validator(mode="after")
    def _required_fields_are_not_null(self):
        for name in NOT_NULL:
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


NOT_NULL = (
    "registration_number",
    "name",
    "sex",
    "status",
    "security_class",
    "asimilasi_eligible",
    "block",
    "cell",
)


class PresenceFilter(StrEnum):
    PRESENT = Presence.PRESENT.value
    LEFT = Presence.LEFT.value
    ALL = "semua"


class InmateFilter(Schema):
    q: str = ""
    status: LegalStatus | None = None
    security_class: SecurityClass | None = None
    stage: Stage | None = None
    block: str = ""
    presence: PresenceFilter = Field(
        PresenceFilter.PRESENT, description="`ada` (in the unit), `keluar` (left) or `semua`."
    )
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(50, ge=1, le=500)


def _clean(data: dict) -> dict:
    """API nulls to the model's empty strings for optional choices."""
    for name in ("stage", "departure"):
        if name in data and data[name] is None:
            data[name] = ""
    return data


@router.get(
    "/{code}/inmates",
    response={200: InmatePage, **ERRORS},
    summary="List a unit's inmates (keyset pagination by id)",
)
def inmate_list(request, code: str, filters: Query[InmateFilter]):
    facility = facility_for(request, code, Perm.INMATE_VIEW)
    with scope(facility=[facility.pk]):
        inmates = selectors.inmate_list(
            facility=facility,
            query=filters.q.strip(),
            status=filters.status or "",
            security_class=filters.security_class or "",
            stage=filters.stage or "",
            block=filters.block,
            presence="" if filters.presence == PresenceFilter.ALL else filters.presence.value,
        ).order_by("pk")
        if filters.after is not None:
            inmates = inmates.filter(pk__gt=filters.after)
        items = list(inmates[: filters.limit + 1])
    more = len(items) > filters.limit
    items = items[: filters.limit]
    return InmatePage(items=items, next_cursor=items[-1].pk if more else None)


@router.get(
    "/{code}/inmates/{inmate_id}", response={200: InmateOut, **ERRORS}, summary="One inmate"
)
def inmate_detail(request, code: str, inmate_id: int):
    facility = facility_for(request, code, Perm.INMATE_VIEW)
    with scope(facility=[facility.pk]):
        return get_object_or_404(Inmate.objects.filter(facility=facility), pk=inmate_id)


@router.post("/{code}/inmates", response={201: InmateOut, **ERRORS}, summary="Add an inmate")
def inmate_create(request, code: str, payload: InmateIn):
    facility = facility_for(request, code, Perm.INMATE_CHANGE)
    with scope(facility=[facility.pk]):
        inmate = services.inmate_create(
            actor=request.user, facility=facility, **_clean(payload.dict())
        )
    return Status(201, inmate)


@router.patch(
    "/{code}/inmates/{inmate_id}",
    response={200: InmateOut, **ERRORS},
    summary="Change an inmate's record",
)
def inmate_update(request, code: str, inmate_id: int, payload: InmatePatch):
    facility = facility_for(request, code, Perm.INMATE_CHANGE)
    with scope(facility=[facility.pk]):
        inmate = get_object_or_404(Inmate.objects.filter(facility=facility), pk=inmate_id)
        return services.inmate_update(
            actor=request.user, inmate=inmate, **_clean(payload.dict(exclude_unset=True))
        )
