"""Partners (mitra) of a unit and their contact people."""

import datetime as dt

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, model_validator

from karya.accounts.permissions import Perm
from karya.api.routers.common import facility_for
from karya.api.routers.partners.common import ERRORS, get_partner, page
from karya.partners import selectors
from karya.partners.choices import LegalForm
from karya.partners.models import PartnerContact
from karya.partners.services import partners as services

router = Router(tags=["partners"])

NPWP = Field("", max_length=30, description="15 or 16 digits; dots, dashes and spaces are ignored.")


# --- schemas -------------------------------------------------------------------------------


class ContactOut(Schema):
    id: int
    name: str
    position: str
    phone: str
    email: str


class PartnerSummary(Schema):
    id: int
    legal_form: LegalForm
    legal_name: str
    npwp: str = Field(..., description="Digits only; empty when not known.")
    city: str
    phone: str
    email: str
    is_active: bool
    open_agreements: int = Field(..., description="Agreements in exploration, MoU or PKS.")


class PartnerOut(PartnerSummary):
    address: str
    notes: str
    created_at: dt.datetime
    contacts: list[ContactOut]

    @staticmethod
    def resolve_contacts(obj):
        return list(obj.contacts.all())


class PartnerPage(Schema):
    items: list[PartnerSummary]
    next_cursor: int | None = Field(
        None, description="Pass as `after` to get the next page; null on the last page."
    )


class PartnerFilter(Schema):
    q: str = Field("", description="Matches the legal name or the NPWP.")
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(50, ge=1, le=500)


class PartnerIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    legal_form: LegalForm
    legal_name: str = Field(..., min_length=1, max_length=200)
    npwp: str = NPWP
    address: str = Field("", max_length=2000)
    city: str = Field("", max_length=100)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    notes: str = Field("", max_length=2000)
    is_active: bool = True


class PartnerPatch(Schema):
    """Only the fields sent are changed; none of them can be null."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    legal_form: LegalForm | None = None
    legal_name: str | None = Field(None, min_length=1, max_length=200)
    npwp: str | None = Field(None, max_length=30, description=NPWP.description)
    address: str | None = Field(None, max_length=2000)
    city: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    notes: str | None = Field(None, max_length=2000)
    is_active: bool | None = None

    @model_validator(mode="after")
    def _not_null(self):
        for name in self.model_fields_set:
            if getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class ContactIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: str = Field(..., min_length=1, max_length=150)
    position: str = Field("", max_length=150)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)


# --- helpers -------------------------------------------------------------------------------


def _detail(facility, partner_id: int) -> PartnerOut:
    """The partner with its count of open agreements and its contacts (two queries)."""
    partners = selectors.partner_list(facility=facility).prefetch_related(
        Prefetch("contacts", queryset=PartnerContact.objects.filter(facility=facility))
    )
    return PartnerOut.from_orm(get_object_or_404(partners, pk=partner_id))


# --- endpoints -----------------------------------------------------------------------------


@router.get(
    "/{code}/partners",
    response={200: PartnerPage, **ERRORS},
    summary="List a unit's partners (keyset pagination by id)",
)
def partner_list(request, code: str, filters: Query[PartnerFilter]):
    facility = facility_for(request, code, Perm.PARTNER_VIEW)
    with scope(facility=[facility.pk]):
        partners = selectors.partner_list(facility=facility, query=filters.q.strip()).order_by("pk")
        if filters.after is not None:
            partners = partners.filter(pk__gt=filters.after)
        return page(PartnerPage, list(partners[: filters.limit + 1]), filters.limit)


@router.get(
    "/{code}/partners/{partner_id}",
    response={200: PartnerOut, **ERRORS},
    summary="One partner with its contacts",
)
def partner_detail(request, code: str, partner_id: int):
    facility = facility_for(request, code, Perm.PARTNER_VIEW)
    with scope(facility=[facility.pk]):
        return _detail(facility, partner_id)


@router.post(
    "/{code}/partners",
    response={201: PartnerOut, **ERRORS},
    summary="Record a partner",
    description=(
        "The legal name and the NPWP are unique in the unit (409 `duplicate`). The NPWP is "
        "stored as its 15 or 16 digits; any other count, or a letter, is a 400."
    ),
)
def partner_create(request, code: str, payload: PartnerIn):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]):
        partner = services.partner_create(
            actor=request.user, facility=facility, **payload.model_dump(mode="json")
        )
        return Status(201, _detail(facility, partner.pk))


@router.patch(
    "/{code}/partners/{partner_id}",
    response={200: PartnerOut, **ERRORS},
    summary="Change a partner (fields left out keep their value)",
)
def partner_update(request, code: str, partner_id: int, payload: PartnerPatch):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]):
        services.partner_update(
            actor=request.user,
            partner=get_partner(facility, partner_id),
            **payload.model_dump(mode="json", exclude_unset=True),
        )
        return _detail(facility, partner_id)


@router.post(
    "/{code}/partners/{partner_id}/contacts",
    response={201: ContactOut, **ERRORS},
    summary="Add a contact person to a partner",
)
def contact_add(request, code: str, partner_id: int, payload: ContactIn):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]):
        contact = services.contact_add(
            actor=request.user,
            partner=get_partner(facility, partner_id),
            **payload.model_dump(mode="json"),
        )
        return Status(201, ContactOut.from_orm(contact))
