"""Every move of an agreement's life and every move that is refused: the head's approval of
MoU and PKS, rejection, termination, expiry, and nothing after the end."""

import datetime as dt

import pytest
from django_scopes import scope

from karya.audit.models import AuditEntry
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.notifications.models import Notification
from karya.partners.models import Agreement
from karya.partners.services import agreements as services
from karya.partners.services.agreements import pks_end_date
from karya.partners.tests.helpers import MOU_SIGNED, PKS_SIGNED, make_agreement, make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_scope(facility):
    with scope(facility=[facility.pk]):
        yield


@pytest.fixture
def partner(facility, officer):
    return make_partner(facility, officer)


@pytest.fixture
def agreement_in(partner, officer, head):
    def make(status, **kw):
        return make_agreement(partner, officer, head, status, **kw)

    return make


@pytest.fixture
def today(facility):
    return today_in(facility.timezone)


def fresh(agreement):
    return Agreement.objects.get(pk=agreement.pk)


def audit_of(agreement):
    return list(AuditEntry.objects.for_object(agreement).order_by("pk"))


def refused(call, code=None, field=None):
    with pytest.raises(DomainError) as error:
        call()
    if code is not None:
        assert error.value.code == code
    if field is not None:
        assert error.value.field == field
    return error.value


# --- the approved moves --------------------------------------------------------------------


def test_request_waits_for_the_head_and_tells_the_heads(agreement_in, officer, head):
    agreement = agreement_in("EXPLORATION")
    services.agreement_request(actor=officer, agreement=agreement, to="MOU")
    agreement = fresh(agreement)
    assert (agreement.status, agreement.pending_status) == ("EXPLORATION", "MOU")
    assert agreement.requested_by == officer and agreement.requested_at is not None
    told = Notification.objects.get(kind="agreement-approval")
    assert told.user == head
    assert audit_of(agreement)[-1].changes["pending_status"] == ["", "MOU"]


def test_mou_then_pks_with_its_default_five_years(agreement_in, officer, head):
    agreement = agreement_in("MOU")
    assert agreement.status == "MOU" and agreement.mou_signed_on == MOU_SIGNED
    services.agreement_request(actor=officer, agreement=agreement, to="PKS")
    pks = services.agreement_approve(
        actor=head, agreement=agreement, signed_on=PKS_SIGNED, number=" 12/PKS/2025 "
    )
    pks = fresh(pks)
    assert (pks.status, pks.pending_status, pks.number) == ("PKS", "", "12/PKS/2025")
    assert pks.pks_signed_on == PKS_SIGNED
    assert (pks.start_date, pks.end_date) == (dt.date(2025, 11, 3), dt.date(2030, 11, 2))
    changes = audit_of(pks)[-1].changes
    assert changes["status"] == ["MOU", "PKS"] and audit_of(pks)[-1].actor == head


def test_pks_with_its_own_dates(agreement_in, officer, head):
    agreement = agreement_in("MOU")
    services.agreement_request(actor=officer, agreement=agreement, to="PKS")
    pks = services.agreement_approve(
        actor=head,
        agreement=agreement,
        signed_on=PKS_SIGNED,
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2028, 12, 31),
    )
    assert (pks.start_date, pks.end_date) == (dt.date(2026, 1, 1), dt.date(2028, 12, 31))


def test_a_pks_signed_on_29_february_ends_on_28_february():
    assert pks_end_date(dt.date(2024, 2, 29)) == dt.date(2029, 2, 28)
    assert pks_end_date(dt.date(2024, 3, 1)) == dt.date(2029, 2, 28)
    assert pks_end_date(dt.date(2023, 2, 28)) == dt.date(2028, 2, 27)


def test_approving_a_pks_signed_on_29_february(agreement_in):
    pks = agreement_in("PKS", pks_signed=dt.date(2024, 2, 29))
    assert pks.end_date == dt.date(2029, 2, 28)


def test_pks_ending_before_it_starts_is_refused(agreement_in, officer, head):
    agreement = agreement_in("MOU")
    services.agreement_request(actor=officer, agreement=agreement, to="PKS")
    refused(
        lambda: services.agreement_approve(
            actor=head, agreement=agreement, signed_on=PKS_SIGNED, end_date=dt.date(2025, 1, 1)
        ),
        field="end_date",
    )
    assert fresh(agreement).status == "MOU"


def test_signing_date_in_the_future_is_refused(agreement_in, officer, head, today):
    agreement = agreement_in("EXPLORATION")
    services.agreement_request(actor=officer, agreement=agreement, to="MOU")
    refused(
        lambda: services.agreement_approve(
            actor=head, agreement=agreement, signed_on=today + dt.timedelta(days=1)
        ),
        field="signed_on",
    )
    assert fresh(agreement).status == "EXPLORATION"


@pytest.mark.parametrize(
    "status, to",
    [
        ("EXPLORATION", "PKS"),
        ("EXPLORATION", "EXPLORATION"),
        ("EXPLORATION", "EXPIRED"),
        ("EXPLORATION", "TERMINATED"),
        ("MOU", "MOU"),
        ("MOU", "EXPLORATION"),
        ("PKS", "PKS"),
        ("PKS", "MOU"),
        ("EXPIRED", "MOU"),
        ("EXPIRED", "PKS"),
        ("TERMINATED", "MOU"),
        ("TERMINATED", "PKS"),
        ("EXPLORATION", "NONSENSE"),
    ],
)
def test_illegal_requests_are_refused(agreement_in, officer, status, to):
    agreement = agreement_in(status)
    before = len(audit_of(agreement))
    error = refused(
        lambda: services.agreement_request(actor=officer, agreement=agreement, to=to),
        code="illegal_transition",
    )
    assert error.message.startswith("Kerja sama tidak dapat berubah dari ")
    assert fresh(agreement).pending_status == "" and len(audit_of(agreement)) == before


def test_a_second_request_is_refused(agreement_in, officer):
    agreement = agreement_in("EXPLORATION")
    services.agreement_request(actor=officer, agreement=agreement, to="MOU")
    refused(
        lambda: services.agreement_request(actor=officer, agreement=agreement, to="MOU"),
        code="pending",
    )


def test_approval_without_a_request_is_refused(agreement_in, head):
    agreement = agreement_in("MOU")
    refused(
        lambda: services.agreement_approve(actor=head, agreement=agreement, signed_on=PKS_SIGNED),
        code="nothing_pending",
    )
    assert fresh(agreement).status == "MOU"


@pytest.mark.parametrize("role", ["officer", "output_officer", "treasurer", "pr"])
def test_only_the_head_approves_or_rejects(agreement_in, officer, make_user, facility, role):
    agreement = agreement_in("EXPLORATION")
    services.agreement_request(actor=officer, agreement=agreement, to="MOU")
    someone = officer if role == "officer" else make_user(role, facility=facility)
    refused(
        lambda: services.agreement_approve(
            actor=someone, agreement=agreement, signed_on=MOU_SIGNED
        ),
        code="approval_forbidden",
    )
    refused(
        lambda: services.agreement_reject(actor=someone, agreement=agreement, reason="Tidak"),
        code="approval_forbidden",
    )
    agreement = fresh(agreement)
    assert (agreement.status, agreement.pending_status) == ("EXPLORATION", "MOU")


def test_the_head_of_another_unit_cannot_approve(agreement_in, officer, make_user, other_facility):
    agreement = agreement_in("EXPLORATION")
    services.agreement_request(actor=officer, agreement=agreement, to="MOU")
    stranger = make_user("head", facility=other_facility)
    refused(
        lambda: services.agreement_approve(
            actor=stranger, agreement=agreement, signed_on=MOU_SIGNED
        ),
        code="approval_forbidden",
    )


def test_rejection_needs_a_reason_and_keeps_the_status(agreement_in, officer, head):
    agreement = agreement_in("MOU")
    services.agreement_request(actor=officer, agreement=agreement, to="PKS")
    refused(
        lambda: services.agreement_reject(actor=head, agreement=agreement, reason="  "),
        field="reason",
    )
    assert fresh(agreement).pending_status == "PKS"
    services.agreement_reject(actor=head, agreement=agreement, reason="Harga belum disepakati")
    agreement = fresh(agreement)
    assert (agreement.status, agreement.pending_status) == ("MOU", "")
    last = audit_of(agreement)[-1]
    assert last.note == "Harga belum disepakati" and last.actor == head
    # Rejected, it can be asked again.
    services.agreement_request(actor=officer, agreement=agreement, to="PKS")
    assert fresh(agreement).pending_status == "PKS"


def test_rejection_without_a_request_is_refused(agreement_in, head):
    agreement = agreement_in("EXPLORATION")
    refused(
        lambda: services.agreement_reject(actor=head, agreement=agreement, reason="Tidak"),
        code="nothing_pending",
    )


# --- ending --------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["EXPLORATION", "MOU", "PKS"])
def test_any_open_agreement_can_be_terminated_with_a_reason(agreement_in, officer, status):
    agreement = agreement_in(status)
    refused(
        lambda: services.agreement_end(
            actor=officer, agreement=agreement, to="TERMINATED", ended_on=PKS_SIGNED
        ),
        field="reason",
    )
    assert fresh(agreement).status == status
    ended = services.agreement_end(
        actor=officer,
        agreement=agreement,
        to="TERMINATED",
        ended_on=PKS_SIGNED,
        reason=" Mitra tutup usaha ",
    )
    ended = fresh(ended)
    assert (ended.status, ended.ended_on, ended.end_reason) == (
        "TERMINATED",
        PKS_SIGNED,
        "Mitra tutup usaha",
    )
    assert audit_of(ended)[-1].changes["status"] == [status, "TERMINATED"]


def test_termination_clears_a_waiting_move(agreement_in, officer):
    agreement = agreement_in("EXPLORATION")
    services.agreement_request(actor=officer, agreement=agreement, to="MOU")
    ended = services.agreement_end(
        actor=officer, agreement=agreement, to="TERMINATED", ended_on=PKS_SIGNED, reason="Batal"
    )
    assert fresh(ended).pending_status == ""


def test_termination_in_the_future_is_refused(agreement_in, officer, today):
    agreement = agreement_in("PKS")
    refused(
        lambda: services.agreement_end(
            actor=officer,
            agreement=agreement,
            to="TERMINATED",
            ended_on=today + dt.timedelta(days=30),
            reason="Rencana",
        ),
        field="ended_on",
    )
    assert fresh(agreement).status == "PKS"


@pytest.mark.parametrize("status", ["EXPLORATION", "MOU"])
def test_only_a_pks_expires(agreement_in, officer, status):
    agreement = agreement_in(status)
    refused(
        lambda: services.agreement_end(
            actor=officer, agreement=agreement, to="EXPIRED", ended_on=PKS_SIGNED
        ),
        code="illegal_transition",
    )


def test_a_pks_expires_only_after_its_end_date(agreement_in, officer, today):
    running = agreement_in("PKS", pks_signed=today - dt.timedelta(days=10))
    for ended_on in (today, running.end_date, running.end_date + dt.timedelta(days=1)):
        # Today is before the end; the end date itself is still a day of the PKS; the day
        # after it is still in the future.
        refused(
            lambda ended_on=ended_on: services.agreement_end(
                actor=officer, agreement=running, to="EXPIRED", ended_on=ended_on
            ),
            field="ended_on",
        )
    assert fresh(running).status == "PKS"


def test_a_pks_past_its_end_expires(agreement_in, officer):
    old = agreement_in("PKS", pks_signed=dt.date(2019, 1, 2))
    assert old.end_date == dt.date(2024, 1, 1)
    refused(
        lambda: services.agreement_end(
            actor=officer, agreement=old, to="EXPIRED", ended_on=dt.date(2024, 1, 1)
        ),
        field="ended_on",
    )
    expired = services.agreement_end(
        actor=officer, agreement=old, to="EXPIRED", ended_on=dt.date(2024, 1, 2)
    )
    assert fresh(expired).status == "EXPIRED" and expired.ended_on == dt.date(2024, 1, 2)


def test_expire_due_marks_only_pks_past_their_end(agreement_in, facility, officer):
    old = agreement_in("PKS", pks_signed=dt.date(2019, 1, 2))
    running = agreement_in("PKS", title="Konsinyasi akuarium")
    assert services.agreements_expire_due() == 1
    assert fresh(old).status == "EXPIRED" and fresh(old).ended_on == dt.date(2024, 1, 2)
    assert audit_of(old)[-1].actor is None
    assert fresh(running).status == "PKS"
    assert services.agreements_expire_due() == 0


@pytest.mark.parametrize("status", ["EXPIRED", "TERMINATED"])
def test_nothing_moves_after_the_end(agreement_in, officer, head, status, today):
    agreement = agreement_in(status)
    for to in ("EXPLORATION", "MOU", "PKS"):
        refused(
            lambda to=to: services.agreement_request(actor=officer, agreement=agreement, to=to),
            code="illegal_transition",
        )
    for to in ("EXPIRED", "TERMINATED"):
        refused(
            lambda to=to: services.agreement_end(
                actor=officer, agreement=agreement, to=to, ended_on=today, reason="Lagi"
            ),
            code="illegal_transition",
        )
    refused(
        lambda: services.agreement_approve(actor=head, agreement=agreement, signed_on=today),
        code="nothing_pending",
    )
    refused(
        lambda: services.agreement_update(actor=officer, agreement=agreement, title="Baru"),
        code="ended",
    )
    assert fresh(agreement).status == status
