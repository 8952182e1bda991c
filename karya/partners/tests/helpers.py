"""Builders for partner tests: a partner, and an agreement brought to a state through the
services (request by an officer, approval by the head), as a user would. Call them inside
the unit's scope."""

import datetime as dt

from karya.partners.services import agreements as services
from karya.partners.services.partners import partner_create

MOU_SIGNED = dt.date(2025, 9, 1)
PKS_SIGNED = dt.date(2025, 11, 3)
OLD_PKS_SIGNED = dt.date(2019, 1, 2)  # its 5 years ended on 1 January 2024


def make_partner(facility, actor, legal_name="CV Rajasa Mas Jaya", **fields):
    fields.setdefault("legal_form", "CV")
    return partner_create(actor=actor, facility=facility, legal_name=legal_name, **fields)


def make_agreement(partner, officer, head, status="EXPLORATION", *, pks_signed=PKS_SIGNED, **kw):
    """An agreement with `partner` in `status`: EXPLORATION, MOU, PKS, EXPIRED or TERMINATED
    (EXPIRED uses a PKS signed in 2019, already past its end)."""
    kw.setdefault("title", "Maklon batik cap")
    agreement = services.agreement_create(actor=officer, partner=partner, **kw)
    if status == "EXPLORATION":
        return agreement
    if status == "TERMINATED":
        return services.agreement_end(
            actor=officer,
            agreement=agreement,
            to="TERMINATED",
            ended_on=MOU_SIGNED,
            reason="Mitra mundur",
        )
    if status == "EXPIRED":
        pks_signed = OLD_PKS_SIGNED
    mou_signed = min(MOU_SIGNED, pks_signed)
    services.agreement_request(actor=officer, agreement=agreement, to="MOU")
    agreement = services.agreement_approve(actor=head, agreement=agreement, signed_on=mou_signed)
    if status == "MOU":
        return agreement
    services.agreement_request(actor=officer, agreement=agreement, to="PKS")
    agreement = services.agreement_approve(actor=head, agreement=agreement, signed_on=pks_signed)
    if status == "PKS":
        return agreement
    assert status == "EXPIRED", status
    return services.agreement_end(
        actor=officer,
        agreement=agreement,
        to="EXPIRED",
        ended_on=agreement.end_date + dt.timedelta(days=1),
    )
