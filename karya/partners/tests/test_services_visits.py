"""Visits of or to a partner and their follow-up actions."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django_scopes import scope

from karya.audit.models import AuditEntry
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.partners.models import FollowUp, PartnerVisit
from karya.partners.services.visits import (
    follow_up_add,
    follow_up_done,
    visit_create,
    visit_update,
)
from karya.partners.tests.helpers import make_agreement, make_partner

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
START = dt.datetime(2025, 10, 7, 9, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def in_scope(facility):
    with scope(facility=[facility.pk]):
        yield


@pytest.fixture
def partner(facility, officer):
    return make_partner(facility, officer)


@pytest.fixture
def visit(partner, officer):
    return visit_create(
        actor=officer,
        partner=partner,
        kind="monitoring",
        starts_at=START,
        ends_at=START + dt.timedelta(hours=2),
        place="Bengkel batik",
        findings="Kualitas cap rapi; malam kurang",
    )


def audit_actions(instance):
    return [e.action for e in AuditEntry.objects.for_object(instance).order_by("pk")]


def test_record_a_visit(visit, officer):
    visit = PartnerVisit.objects.get(pk=visit.pk)
    assert visit.starts_at == START and visit.created_by == officer
    assert audit_actions(visit) == ["create"]


def test_a_visit_of_an_agreement_of_the_same_partner(partner, officer, head):
    agreement = make_agreement(partner, officer, head, "MOU")
    visit = visit_create(
        actor=officer, partner=partner, agreement=agreement, kind="evaluasi", starts_at=START
    )
    assert visit.agreement == agreement


def test_a_visit_cannot_end_before_it_starts(partner, officer, visit):
    with pytest.raises(DomainError) as error:
        visit_create(
            actor=officer,
            partner=partner,
            kind="penjajakan",
            starts_at=START,
            ends_at=START - dt.timedelta(minutes=1),
        )
    assert error.value.field == "ends_at"
    with pytest.raises(DomainError):
        visit_update(actor=officer, visit=visit, starts_at=START + dt.timedelta(hours=3))
    assert PartnerVisit.objects.get().starts_at == START
    assert audit_actions(visit) == ["create"]


def test_a_naive_time_is_refused(partner, officer):
    with pytest.raises(DomainError) as error:
        visit_create(
            actor=officer,
            partner=partner,
            kind="monitoring",
            starts_at=dt.datetime(2025, 10, 7, 9, 0),
        )
    assert error.value.field == "starts_at"
    assert not PartnerVisit.objects.exists()


def test_the_agreement_must_be_the_partners(facility, partner, officer, head, visit):
    other = make_partner(facility, officer, legal_name="Toko Acun Akuarium", legal_form="toko")
    theirs = make_agreement(other, officer, head)
    with pytest.raises(DomainError) as error:
        visit_create(
            actor=officer, partner=partner, agreement=theirs, kind="monitoring", starts_at=START
        )
    assert error.value.field == "agreement"
    with pytest.raises(DomainError):
        visit_update(actor=officer, visit=visit, agreement=theirs)
    assert PartnerVisit.objects.get().agreement is None


def test_an_unknown_kind_is_refused(partner, officer):
    with pytest.raises(DomainError) as error:
        visit_create(actor=officer, partner=partner, kind="arisan", starts_at=START)
    assert error.value.field == "kind"


def test_update_a_visit_with_an_audit_row(visit, officer):
    visit_update(actor=officer, visit=visit, findings="Malam sudah dikirim", participants="Tim")
    entry = AuditEntry.objects.for_object(visit).order_by("pk").last()
    assert entry.action == "update"
    assert set(entry.changes) == {"findings", "participants"}


# --- follow-ups ----------------------------------------------------------------------------


def test_a_follow_up_owned_by_someone_of_the_unit(visit, officer, head, facility):
    follow_up = follow_up_add(
        actor=head,
        visit=visit,
        action="  Kirim contoh motif baru  ",
        owner=officer,
        due_date=dt.date(2025, 10, 14),
    )
    assert follow_up.action == "Kirim contoh motif baru" and follow_up.owner == officer
    assert follow_up.facility == facility
    assert AuditEntry.objects.for_object(follow_up).get().actor == head


def test_a_follow_up_without_an_owner(visit, officer):
    assert follow_up_add(actor=officer, visit=visit, action="Rapat evaluasi").owner is None


@pytest.mark.parametrize("who", ["other unit", "regional", "left the unit", "inactive user"])
def test_the_owner_must_work_in_the_unit(visit, officer, make_user, other_facility, region, who):
    if who == "other unit":
        owner = make_user("officer", facility=other_facility)
    elif who == "regional":
        owner = make_user("regional", region=region)
    elif who == "left the unit":
        owner = make_user("officer", facility=visit.facility)
        owner.memberships.update(is_active=False)
    else:
        owner = make_user("officer", facility=visit.facility, is_active=False)
    with pytest.raises(DomainError) as error:
        follow_up_add(actor=officer, visit=visit, action="Kirim motif", owner=owner)
    assert error.value.field == "owner"
    assert error.value.message == "Penanggung jawab harus bertugas di UPT ini."
    assert not FollowUp.objects.exists()


def test_a_follow_up_needs_an_action(visit, officer):
    with pytest.raises(DomainError) as error:
        follow_up_add(actor=officer, visit=visit, action="   ")
    assert error.value.field == "action"


def test_done_once_and_not_in_the_future(visit, officer, facility):
    follow_up = follow_up_add(actor=officer, visit=visit, action="Kirim motif", owner=officer)
    today = today_in(facility.timezone)
    with pytest.raises(DomainError) as error:
        follow_up_done(actor=officer, follow_up=follow_up, done_on=today + dt.timedelta(days=1))
    assert error.value.field == "done_on"
    done = follow_up_done(actor=officer, follow_up=follow_up, done_on=today)
    assert FollowUp.objects.get().done_on == today == done.done_on
    with pytest.raises(DomainError) as error:
        follow_up_done(actor=officer, follow_up=follow_up, done_on=today)
    assert error.value.code == "done"
    assert audit_actions(follow_up) == ["create", "update"]
