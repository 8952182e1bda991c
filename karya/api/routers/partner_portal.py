"""What a partner's own user sees through the API: its partner's agreements, the unit's goods
it holds on consignment and its settlements, and nothing else; and the sales report it sends
for a period. Another partner's records answer 404, like missing ones. (The partner portal
pages come with the sales issue; the rules are the same selectors and services.)"""

import datetime as dt

from django.http import Http404
from django_scopes import scope
from ninja import Field, Router, Schema, Status

from karya.accounts.permissions import access_for
from karya.api.errors import ErrorOut
from karya.api.routers.common import api_fields
from karya.api.routers.sales.consignment import (
    ConsignmentHoldingOut,
    SettlementOut,
    holding_out,
    settlement_lines,
    settlement_out,
)
from karya.core.dates import today_in
from karya.partners.selectors import agreements_visible_to_partner
from karya.sales.selectors import consignment as consignment_selectors
from karya.sales.services.consignment import settlement_submit

router = Router(tags=["partner portal"])
ERRORS = {401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class PortalAgreementOut(Schema):
    id: int
    title: str
    status: str
    schemes: list[str]
    start_date: dt.date | None
    end_date: dt.date | None
    unit_name: str


def _agreements(request):
    partners = access_for(request.user).partners
    if not partners:
        return []
    agreements = []
    with scope(facility=sorted({p.facility_id for p in partners})):
        for partner in partners:
            agreements += list(agreements_visible_to_partner(partner).select_related("facility"))
    return agreements


def _out(agreement) -> PortalAgreementOut:
    return PortalAgreementOut(
        id=agreement.pk,
        title=agreement.title,
        status=agreement.status,
        schemes=list(agreement.schemes),
        start_date=agreement.start_date,
        end_date=agreement.end_date,
        unit_name=agreement.facility.name,
    )


@router.get(
    "/agreements",
    response={200: list[PortalAgreementOut], **ERRORS},
    summary="The agreements of the partner this user belongs to",
)
def portal_agreements(request):
    return [_out(a) for a in _agreements(request)]


@router.get(
    "/agreements/{agreement_id}",
    response={200: PortalAgreementOut, **ERRORS},
    summary="One agreement of the user's partner (another partner's: 404)",
)
def portal_agreement(request, agreement_id: int):
    for agreement in _agreements(request):
        if agreement.pk == agreement_id:
            return _out(agreement)
    raise Http404


# --- consignment ----------------------------------------------------------------------------


class PortalSettlementLineIn(Schema):
    product_id: int
    quantity: int = Field(..., description="Whole units sold, above 0.")


class PortalSettlementIn(Schema):
    agreement_id: int = Field(..., description="A consignment agreement of the user's partner.")
    period_start: dt.date
    period_end: dt.date = Field(..., description="Not after today in the unit's time zone.")
    lines: list[PortalSettlementLineIn]
    note: str = Field("", max_length=2000)


@router.get(
    "/consignment/stock",
    response={200: list[ConsignmentHoldingOut], **ERRORS},
    summary="The unit's goods the user's partner holds on consignment, with value and age",
)
def portal_consignment_stock(request):
    rows = []
    for partner in access_for(request.user).partners:
        facility = partner.facility
        with scope(facility=[facility.pk]):
            rows += consignment_selectors.held_goods(
                facility=facility, today=today_in(facility.timezone), partner=partner
            )
    return [holding_out(item) for item in rows]


@router.get(
    "/consignment/settlements",
    response={200: list[SettlementOut], **ERRORS},
    summary="The settlements (sales reports) of the user's partner, newest first",
)
def portal_settlements(request):
    settlements = []
    for partner in access_for(request.user).partners:
        with scope(facility=[partner.facility_id]):
            settlements += consignment_selectors.settlements_of_partner(partner=partner)
    return [settlement_out(s) for s in settlements]


@router.post(
    "/consignment/settlements",
    response={201: SettlementOut, **WRITE_ERRORS},
    summary="Send the partner's sales report for a period (the unit confirms it, then invoices)",
)
def portal_settlement_submit(request, payload: PortalSettlementIn):
    for agreement in _agreements(request):
        if agreement.pk == payload.agreement_id and consignment_selectors.is_consignment(agreement):
            break
    else:
        raise Http404
    facility = agreement.facility
    with scope(facility=[facility.pk]), api_fields(agreement="agreement_id"):
        settlement = settlement_submit(
            actor=request.user,
            agreement=agreement,
            period_start=payload.period_start,
            period_end=payload.period_end,
            lines=settlement_lines(facility, payload.lines, lots=False),
            note=payload.note,
            by_partner=True,
        )
        fresh = consignment_selectors.settlement_get(facility=facility, pk=settlement.pk)
        return Status(201, settlement_out(fresh))
