"""An agreement from the first contact to an active PKS, and the moves that are refused."""

import datetime as dt

import pytest
from django_scopes import scope

from karya.core.errors import DomainError
from karya.partners.services import agreement_terms as terms
from karya.partners.services import agreements as services
from karya.partners.services.partners import partner_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(facility, officer):
    with scope(facility=[facility.pk]):
        yield partner_create(
            actor=officer,
            facility=facility,
            legal_form="CV",
            legal_name="CV Rajasa Mas Jaya",
            npwp="01.234.567.8-901.000",
        )


@pytest.fixture
def exploration(partner, officer):
    return services.agreement_create(
        actor=officer, partner=partner, title="Maklon batik cap", schemes=["maklon", "pelatihan"]
    )


def test_from_exploration_to_pks(exploration, officer, head):
    assert exploration.status == "EXPLORATION"
    services.agreement_request(actor=officer, agreement=exploration, to="MOU")
    agreement = services.agreement_approve(
        actor=head, agreement=exploration, signed_on=dt.date(2025, 9, 1)
    )
    assert agreement.status == "MOU" and agreement.mou_signed_on == dt.date(2025, 9, 1)
    services.agreement_request(actor=officer, agreement=agreement, to="PKS")
    agreement = services.agreement_approve(
        actor=head, agreement=agreement, signed_on=dt.date(2025, 11, 3)
    )
    assert agreement.status == "PKS"
    assert agreement.start_date == dt.date(2025, 11, 3)
    assert agreement.end_date == dt.date(2030, 11, 2)


def test_an_officer_cannot_approve(exploration, officer):
    services.agreement_request(actor=officer, agreement=exploration, to="MOU")
    with pytest.raises(DomainError) as error:
        services.agreement_approve(
            actor=officer, agreement=exploration, signed_on=dt.date(2025, 9, 1)
        )
    assert error.value.code == "approval_forbidden"
    exploration.refresh_from_db()
    assert exploration.status == "EXPLORATION" and exploration.pending_status == "MOU"


@pytest.mark.parametrize("to", ["PKS", "EXPIRED", "EXPLORATION"])
def test_illegal_requests(exploration, officer, to):
    with pytest.raises(DomainError) as error:
        services.agreement_request(actor=officer, agreement=exploration, to=to)
    assert error.value.code == "illegal_transition"


def test_termination_needs_a_reason_and_is_final(exploration, officer):
    with pytest.raises(DomainError):
        services.agreement_end(
            actor=officer, agreement=exploration, to="TERMINATED", ended_on=dt.date(2025, 9, 1)
        )
    ended = services.agreement_end(
        actor=officer,
        agreement=exploration,
        to="TERMINATED",
        ended_on=dt.date(2025, 9, 1),
        reason="Mitra mundur",
    )
    assert ended.status == "TERMINATED"
    with pytest.raises(DomainError):
        services.agreement_request(actor=officer, agreement=ended, to="MOU")


def test_obligation_fulfilled_with_evidence(exploration, officer):
    obligation = terms.obligation_add(
        actor=officer,
        agreement=exploration,
        party="mitra",
        description="Menyediakan bahan baku kain dan malam",
        due_date=dt.date(2025, 10, 1),
    )
    with pytest.raises(DomainError):
        terms.obligation_fulfil(
            actor=officer, obligation=obligation, fulfilled_on=dt.date(2025, 9, 20), evidence=" "
        )
    done = terms.obligation_fulfil(
        actor=officer,
        obligation=obligation,
        fulfilled_on=dt.date(2025, 9, 20),
        evidence="BAST bahan baku 20/9",
    )
    assert done.fulfilled_by == officer
