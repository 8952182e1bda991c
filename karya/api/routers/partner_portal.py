"""What a partner's own user sees through the API: its partner's agreements, nothing else.
(The partner portal pages come with the sales issue; the rule is the same selector.)"""

import datetime as dt

from django.http import Http404
from django_scopes import scope
from ninja import Router, Schema

from karya.accounts.permissions import access_for
from karya.api.errors import ErrorOut
from karya.partners.selectors import agreements_visible_to_partner

router = Router(tags=["partner portal"])
ERRORS = {401: ErrorOut, 404: ErrorOut}


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
