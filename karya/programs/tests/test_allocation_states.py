"""Allocations move PENDING → ACTIVE ⇄ SUSPENDED → ENDED, and nowhere else."""

import datetime as dt

import pytest

from karya.audit.models import AuditEntry
from karya.core.errors import DomainError
from karya.inmates.services import inmate_update
from karya.programs.services import allocations as services

pytestmark = pytest.mark.django_db
START = dt.date(2026, 1, 5)


@pytest.fixture
def pending(in_scope, workshop, make_inmate, officer):
    return services.allocation_create(
        actor=officer, workshop=workshop, inmate=make_inmate(), session="pagi", start_date=START
    )


def test_full_life(pending, officer):
    allocation = services.allocation_start(actor=officer, allocation=pending)
    assert allocation.status == "ACTIVE"
    allocation = services.allocation_suspend(
        actor=officer, allocation=allocation, with_pay=True, reason="Sakit dirawat"
    )
    assert allocation.status == "SUSPENDED" and allocation.suspended_with_pay is True
    allocation = services.allocation_resume(actor=officer, allocation=allocation)
    assert allocation.status == "ACTIVE" and allocation.suspended_with_pay is None
    allocation = services.allocation_end(
        actor=officer, allocation=allocation, reason="selesai", end_date=dt.date(2026, 3, 1)
    )
    assert allocation.status == "ENDED" and allocation.end_reason == "selesai"
    changes = [e.changes.get("status") for e in AuditEntry.objects.for_object(allocation)]
    assert ["SUSPENDED", "ACTIVE"] in changes and ["ACTIVE", "ENDED"] in changes


def test_pending_can_end_without_starting(pending, officer):
    allocation = services.allocation_end(
        actor=officer, allocation=pending, reason="permintaan", end_date=START
    )
    assert allocation.status == "ENDED"


@pytest.mark.parametrize("move", ["suspend", "resume"])
def test_illegal_moves_from_pending(pending, officer, move):
    with pytest.raises(DomainError) as error:
        if move == "suspend":
            services.allocation_suspend(
                actor=officer, allocation=pending, with_pay=False, reason="x"
            )
        else:
            services.allocation_resume(actor=officer, allocation=pending)
    assert error.value.code == "illegal_transition"
    pending.refresh_from_db()
    assert pending.status == "PENDING"


def test_nothing_moves_after_the_end(pending, officer):
    ended = services.allocation_end(
        actor=officer, allocation=pending, reason="selesai", end_date=START
    )
    for call in (
        lambda: services.allocation_start(actor=officer, allocation=ended),
        lambda: services.allocation_resume(actor=officer, allocation=ended),
        lambda: services.allocation_end(
            actor=officer, allocation=ended, reason="selesai", end_date=START
        ),
    ):
        with pytest.raises(DomainError):
            call()


def test_active_cannot_start_again(pending, officer):
    services.allocation_start(actor=officer, allocation=pending)
    with pytest.raises(DomainError):
        services.allocation_start(actor=officer, allocation=pending)


def test_cannot_start_before_the_start_date(in_scope, workshop, make_inmate, officer):
    allocation = services.allocation_create(
        actor=officer,
        workshop=workshop,
        inmate=make_inmate(),
        session="pagi",
        start_date=dt.date.today() + dt.timedelta(days=10),
    )
    with pytest.raises(DomainError) as error:
        services.allocation_start(actor=officer, allocation=allocation)
    assert error.value.code == "not_yet"


def test_suspension_needs_a_reason_and_end_needs_a_known_reason(pending, officer):
    services.allocation_start(actor=officer, allocation=pending)
    with pytest.raises(DomainError):
        services.allocation_suspend(actor=officer, allocation=pending, with_pay=False, reason=" ")
    with pytest.raises(DomainError):
        services.allocation_end(actor=officer, allocation=pending, reason="dibuang", end_date=START)
    with pytest.raises(DomainError):
        services.allocation_end(
            actor=officer,
            allocation=pending,
            reason="selesai",
            end_date=START - dt.timedelta(days=1),
        )


@pytest.mark.parametrize(("departure", "reason"), [("bebas", "bebas"), ("pindah", "pindah")])
def test_release_or_transfer_in_the_registry_ends_allocations(pending, officer, departure, reason):
    services.allocation_start(actor=officer, allocation=pending)
    inmate = pending.inmate
    inmate_update(
        actor=officer, inmate=inmate, departed_on=dt.date(2026, 2, 10), departure=departure
    )
    pending.refresh_from_db()
    assert pending.status == "ENDED"
    assert pending.end_reason == reason and pending.end_date == dt.date(2026, 2, 10)


def test_sdp_import_marking_release_ends_allocations(pending, officer, facility):
    from karya.inmates.services import inmates_import

    services.allocation_start(actor=officer, allocation=pending)
    inmate = pending.inmate
    content = (
        "no_registrasi,nama,jenis_kelamin,status,klasifikasi,tanggal_keluar,jenis_keluar\n"
        f"{inmate.registration_number},{inmate.name},L,Narapidana,Medium,12-02-2026,Bebas\n"
    ).encode()
    inmates_import(actor=officer, facility=facility, file_name="sdp.csv", content=content)
    pending.refresh_from_db()
    assert pending.status == "ENDED" and pending.end_reason == "bebas"


def test_an_allocation_ended_while_pending_never_appears_on_a_day(pending, officer, workshop):
    from karya.programs.selectors.attendance import attendance_day

    services.allocation_end(
        actor=officer,
        allocation=pending,
        reason="permintaan",
        end_date=START + dt.timedelta(days=3),
    )
    assert attendance_day(workshop=workshop, date=START + dt.timedelta(days=1)) == []


def test_a_correction_moves_updated_at(pending, officer, workshop):
    from karya.programs.models import Attendance
    from karya.programs.services.attendance import DayEntry, attendance_save_day

    services.allocation_start(actor=officer, allocation=pending)
    day = START + dt.timedelta(days=1)
    attendance_save_day(
        actor=officer, workshop=workshop, date=day, entries=[DayEntry(pending.pk, "hadir", hours=5)]
    )
    first = Attendance.objects.get(allocation=pending, date=day).updated_at
    attendance_save_day(
        actor=officer, workshop=workshop, date=day, entries=[DayEntry(pending.pk, "sakit")]
    )
    assert Attendance.objects.get(allocation=pending, date=day).updated_at > first


def test_start_if_due_starts_an_allocation_whose_day_has_come(
    in_scope, workshop, make_inmate, officer
):
    allocation = services.allocation_create(
        actor=officer,
        workshop=workshop,
        inmate=make_inmate(),
        session="pagi",
        start_date=START,
        start_if_due=True,
    )
    assert allocation.status == "ACTIVE"
    later = services.allocation_create(
        actor=officer,
        workshop=workshop,
        inmate=make_inmate(),
        session="pagi",
        start_date=dt.date.today() + dt.timedelta(days=10),
        start_if_due=True,
    )
    assert later.status == "PENDING"
