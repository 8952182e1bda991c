"""Reads: what a partner may see of the agreements, the unit's due obligations, the lists."""

import datetime as dt

import pytest
from django_scopes import scope

from karya.core.dates import today_in
from karya.partners import selectors
from karya.partners.services import agreement_terms as terms
from karya.partners.services import agreements as services
from karya.partners.tests.helpers import make_agreement, make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_scope(facility):
    with scope(facility=[facility.pk]):
        yield


@pytest.fixture
def partner(facility, officer):
    return make_partner(facility, officer)


def test_a_partner_sees_only_its_own_agreements(
    facility, other_facility, partner, officer, head, make_user
):
    """The rule of the partner portal (a later issue): a partner's user sees that partner's
    agreements and never another partner's, not even one of the same unit."""
    own = [
        make_agreement(partner, officer, head, "PKS"),
        make_agreement(partner, officer, head, "EXPLORATION", title="Pelatihan membatik"),
    ]
    neighbour = make_partner(facility, officer, legal_name="Toko Acun Akuarium", legal_form="toko")
    make_agreement(neighbour, officer, head, "PKS", title="Konsinyasi akuarium")
    their_officer = make_user("officer", facility=other_facility)
    with scope(facility=[other_facility.pk]):
        # The same company, as recorded by another unit.
        same_company = make_partner(other_facility, their_officer)
        make_agreement(same_company, their_officer, None, "EXPLORATION")
    with scope(facility=[facility.pk, other_facility.pk]):
        seen = set(selectors.agreements_visible_to_partner(partner))
        assert seen == set(own)
        assert {a.partner for a in selectors.agreements_visible_to_partner(neighbour)} == {
            neighbour
        }
        assert {a.facility for a in selectors.agreements_visible_to_partner(same_company)} == {
            other_facility
        }


def test_obligations_due_or_overdue(facility, partner, officer, head):
    today = today_in(facility.timezone)
    pks = make_agreement(partner, officer, head, "PKS")
    later_ended = make_agreement(partner, officer, head, "MOU", title="Pelatihan")

    def add(description, due, agreement=pks):
        return terms.obligation_add(
            actor=officer, agreement=agreement, party="upt", description=description, due_date=due
        )

    overdue = add("Laporan triwulan", today - dt.timedelta(days=3))
    due_today = add("Serah terima", today)
    in_a_week = add("Pembayaran", today + dt.timedelta(days=7))
    add("Evaluasi tahunan", today + dt.timedelta(days=8))
    add("Tanpa tenggat", None)
    done = add("Sudah dipenuhi", today - dt.timedelta(days=1))
    terms.obligation_fulfil(actor=officer, obligation=done, fulfilled_on=today, evidence="BA")
    add("Dari kerja sama yang berakhir", today - dt.timedelta(days=1), agreement=later_ended)
    services.agreement_end(
        actor=officer, agreement=later_ended, to="TERMINATED", ended_on=today, reason="Batal"
    )
    due = selectors.obligations_due(facility=facility, today=today, within_days=7)
    assert list(due) == [overdue, due_today, in_a_week]
    assert list(selectors.obligations_due(facility=facility, today=today, within_days=0)) == [
        overdue,
        due_today,
    ]


def test_agreement_list_filters(facility, partner, officer, head):
    exploration = make_agreement(partner, officer, head)
    pks = make_agreement(partner, officer, head, "PKS", title="PKS batik")
    other = make_partner(facility, officer, legal_name="Toko Acun Akuarium", legal_form="toko")
    theirs = make_agreement(other, officer, head, "MOU", title="Konsinyasi")
    services.agreement_request(actor=officer, agreement=theirs, to="PKS")

    def listed(**filters):
        return set(selectors.agreement_list(facility=facility, **filters))

    assert listed() == {exploration, pks, theirs}
    assert listed(status="PKS") == {pks}
    assert listed(partner_id=partner.pk) == {exploration, pks}
    assert listed(awaiting_approval=True) == {theirs}
    assert listed(awaiting_approval=False) == {exploration, pks}
