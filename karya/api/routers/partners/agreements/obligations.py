"""The rights and obligations of each side of an agreement: adding one, marking it fulfilled,
and the unit's list of those overdue or due soon."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from karya.accounts.permissions import Perm
from karya.api.routers.common import facility_for
from karya.api.routers.partners.agreements.schemas import ObligationOut
from karya.api.routers.partners.common import ERRORS, get_agreement
from karya.core.dates import today_in
from karya.partners import selectors
from karya.partners.choices import Party
from karya.partners.models import Obligation
from karya.partners.services import agreement_terms as terms

router = Router(tags=["agreements"])


class DueObligationOut(ObligationOut):
    agreement_title: str
    partner_id: int
    partner_name: str
    overdue: bool = Field(..., description="The due date has passed.")

    @staticmethod
    def resolve_agreement_title(obj):
        return obj.agreement.title

    @staticmethod
    def resolve_partner_id(obj):
        return obj.agreement.partner_id

    @staticmethod
    def resolve_partner_name(obj):
        return obj.agreement.partner.legal_name


class ObligationIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    party: Party
    description: str = Field(..., min_length=1, max_length=300)
    due_date: dt.date | None = None


class FulfilIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    fulfilled_on: dt.date | None = Field(
        None, description="Today in the unit's zone unless given; not in the future."
    )
    evidence: str = Field(..., max_length=300, description="What shows it was done.")


class DueFilter(Schema):
    within_days: int = Field(7, ge=0, le=366, description="Due by today plus this many days.")


def _obligation(agreement, obligation_id: int) -> Obligation:
    return get_object_or_404(
        Obligation.objects.filter(facility=agreement.facility, agreement=agreement),
        pk=obligation_id,
    )


@router.post(
    "/{code}/agreements/{agreement_id}/obligations",
    response={201: ObligationOut, **ERRORS},
    summary="Add a right or obligation of one side to an open agreement",
)
def obligation_add(request, code: str, agreement_id: int, payload: ObligationIn):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]):
        obligation = terms.obligation_add(
            actor=request.user,
            agreement=get_agreement(facility, agreement_id),
            party=payload.party.value,
            description=payload.description,
            due_date=payload.due_date,
        )
        return Status(201, ObligationOut.from_orm(obligation))


@router.post(
    "/{code}/agreements/{agreement_id}/obligations/{obligation_id}/fulfil",
    response={200: ObligationOut, **ERRORS},
    summary="Mark an obligation fulfilled, with its evidence (once: else 400 `fulfilled`)",
)
def obligation_fulfil(request, code: str, agreement_id: int, obligation_id: int, payload: FulfilIn):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]):
        obligation = _obligation(get_agreement(facility, agreement_id), obligation_id)
        obligation = terms.obligation_fulfil(
            actor=request.user,
            obligation=obligation,
            fulfilled_on=payload.fulfilled_on or today_in(facility.timezone),
            evidence=payload.evidence,
        )
        return ObligationOut.from_orm(obligation)


@router.get(
    "/{code}/obligations",
    response={200: list[DueObligationOut], **ERRORS},
    summary="Unfulfilled obligations of the unit's open agreements, overdue or due soon",
    description="Soonest first; `overdue` is true once the due date has passed.",
)
def obligations_due(request, code: str, filters: Query[DueFilter]):
    facility = facility_for(request, code, Perm.PARTNER_VIEW)
    today = today_in(facility.timezone)
    with scope(facility=[facility.pk]):
        due = list(
            selectors.obligations_due(
                facility=facility, today=today, within_days=filters.within_days
            )
        )
    for obligation in due:
        obligation.overdue = obligation.due_date < today
    return due  # every related row is loaded: serialising it makes no query
