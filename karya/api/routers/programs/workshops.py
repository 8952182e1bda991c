"""Workshops: the list with counts, one workshop with its products, sessions and rules, adding
and changing one."""

from typing import Annotated

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, model_validator

from karya.accounts.permissions import Perm
from karya.api.routers.common import facility_for
from karya.api.routers.programs.common import ERRORS, api_fields, get_workshop
from karya.core.errors import DomainError
from karya.inmates.choices import SecurityClass, Stage
from karya.production.models import Product
from karya.programs.choices import ContributionBasis, Sector, WorkSession
from karya.programs.selectors import workshops as selectors
from karya.programs.services import workshops as services

router = Router(tags=["workshops"])

Weekday = Annotated[int, Field(ge=0, le=6, description="0 = Monday … 6 = Sunday")]
FIELD_NAMES = {"products": "product_ids", "supervisors": "supervisor_ids"}


# --- schemas -------------------------------------------------------------------------------


class WorkshopSummary(Schema):
    id: int
    name: str
    sector: Sector
    outside_walls: bool
    capacity: int
    allocated: int = Field(..., description="Inmates allocated now (active or suspended).")
    waiting: int = Field(..., description="Applications on the waiting list.")
    is_active: bool


class WorkshopOut(WorkshopSummary):
    min_security_class: SecurityClass
    allowed_stages: list[Stage]
    release_margin_days: int
    working_days: list[int] = Field(..., description="0 = Monday … 6 = Sunday")
    sessions: list[WorkSession]
    contribution_basis: ContributionBasis
    description: str
    product_ids: list[int]
    supervisor_ids: list[int]

    @staticmethod
    def resolve_product_ids(obj):
        return [product.pk for product in obj.products.all()]

    @staticmethod
    def resolve_supervisor_ids(obj):
        return [user.pk for user in obj.supervisors.all()]


class WorkshopIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: str = Field(..., min_length=1, max_length=150)
    sector: Sector
    outside_walls: bool = False
    capacity: int = Field(..., ge=1, le=10_000)
    min_security_class: SecurityClass = SecurityClass.MEDIUM
    allowed_stages: list[Stage] = [Stage.INITIAL, Stage.ADVANCED, Stage.FINAL]
    release_margin_days: int = Field(30, ge=0, le=3650)
    working_days: list[Weekday] = [0, 1, 2, 3, 4, 5]
    sessions: list[WorkSession] = [WorkSession.MORNING]
    contribution_basis: ContributionBasis = ContributionBasis.PIECES
    product_ids: list[int] = Field([], description="The unit's products made here.")
    supervisor_ids: list[int] = Field([], description="Users: officers or the head of the unit.")
    description: str = Field("", max_length=2000)
    is_active: bool = True


class WorkshopPatch(Schema):
    """Only the fields sent are changed; none of them can be null."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=150)
    sector: Sector | None = None
    outside_walls: bool | None = None
    capacity: int | None = Field(None, ge=1, le=10_000)
    min_security_class: SecurityClass | None = None
    allowed_stages: list[Stage] | None = None
    release_margin_days: int | None = Field(None, ge=0, le=3650)
    working_days: list[Weekday] | None = None
    sessions: list[WorkSession] | None = None
    contribution_basis: ContributionBasis | None = None
    product_ids: list[int] | None = None
    supervisor_ids: list[int] | None = None
    description: str | None = Field(None, max_length=2000)
    is_active: bool | None = None

    @model_validator(mode="after")
    def _not_null(self):
        for name in self.model_fields_set:
            if getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class WorkshopFilter(Schema):
    include_inactive: bool = False


# --- helpers -------------------------------------------------------------------------------


def _detail(facility, workshop_id: int):
    """The workshop with its counts, products and supervisors (three queries)."""
    workshops = selectors.workshop_list(facility=facility, include_inactive=True)
    return get_object_or_404(workshops.prefetch_related("products", "supervisors"), pk=workshop_id)


def _service_fields(facility, data: dict) -> dict:
    """The request's fields as the service takes them: plain values, no repeats, objects."""
    for name in ("allowed_stages", "sessions"):
        if name in data:
            data[name] = list(dict.fromkeys(data[name]))
    if "working_days" in data:
        data["working_days"] = sorted(set(data["working_days"]))
    if "product_ids" in data:
        wanted = set(data.pop("product_ids"))
        products = list(Product.objects.filter(facility=facility, pk__in=wanted))
        if len(products) != len(wanted):
            raise DomainError(
                _("A workshop can only make its own unit's products."), field="product_ids"
            )
        data["products"] = products
    if "supervisor_ids" in data:
        data["supervisors"] = sorted(set(data.pop("supervisor_ids")))
    return data


# --- workshops -----------------------------------------------------------------------------


@router.get(
    "/{code}/workshops",
    response={200: list[WorkshopSummary], **ERRORS},
    summary="List a unit's workshops with their counts",
)
def workshop_list(request, code: str, filters: Query[WorkshopFilter]):
    facility = facility_for(request, code, Perm.WORKSHOP_VIEW)
    with scope(facility=[facility.pk]):
        return list(
            selectors.workshop_list(facility=facility, include_inactive=filters.include_inactive)
        )


@router.get(
    "/{code}/workshops/{workshop_id}",
    response={200: WorkshopOut, **ERRORS},
    summary="One workshop with its products, sessions and rules",
)
def workshop_detail(request, code: str, workshop_id: int):
    facility = facility_for(request, code, Perm.WORKSHOP_VIEW)
    with scope(facility=[facility.pk]):
        return _detail(facility, workshop_id)


@router.post("/{code}/workshops", response={201: WorkshopOut, **ERRORS}, summary="Add a workshop")
def workshop_create(request, code: str, payload: WorkshopIn):
    facility = facility_for(request, code, Perm.WORKSHOP_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELD_NAMES):
        fields = _service_fields(facility, payload.model_dump(mode="json"))
        workshop = services.workshop_create(actor=request.user, facility=facility, **fields)
        return Status(201, _detail(facility, workshop.pk))


@router.patch(
    "/{code}/workshops/{workshop_id}",
    response={200: WorkshopOut, **ERRORS},
    summary="Change a workshop",
)
def workshop_update(request, code: str, workshop_id: int, payload: WorkshopPatch):
    facility = facility_for(request, code, Perm.WORKSHOP_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELD_NAMES):
        workshop = get_workshop(facility, workshop_id)
        fields = _service_fields(facility, payload.model_dump(mode="json", exclude_unset=True))
        services.workshop_update(actor=request.user, workshop=workshop, **fields)
        return _detail(facility, workshop.pk)
