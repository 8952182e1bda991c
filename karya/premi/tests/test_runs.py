"""A premi run: the preview gathers the pool and every contribution and divides it exactly;
the head approves it, which credits the ledgers and closes the days it used; an approved run
never changes; corrections go into a later run."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django_scopes import scope, scopes_disabled

from karya.core.errors import Conflict, DomainError
from karya.premi.models import (
    ApprovedRunError,
    InmateLedgerEntry,
    PremiAdjustment,
    PremiRun,
    PremiShare,
)
from karya.premi.periods import Period
from karya.premi.services import runs
from karya.premi.services.terms import premi_setting_save, premi_terms_save
from karya.premi.tests.conftest import MONDAY, WEEK
from karya.programs.services.attendance import DayEntry, attendance_save_day

pytestmark = pytest.mark.django_db


def shares_of(run):
    with scopes_disabled():
        return [
            (s.inmate.name.split()[0], s.points, s.amount)
            for s in PremiShare.objects.filter(run=run).select_related("inmate")
        ]


def entries():
    with scopes_disabled():
        return sorted(
            InmateLedgerEntry.objects.values_list(
                "inmate__name", "kind", "amount", "spendable", "savings"
            )
        )


def test_the_preview_divides_the_pool_by_weighted_pieces(sapu, treasurer, proceeds, in_scope):
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = 100_000
    run = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
    assert (run.status, run.number, run.basis) == ("preview", "", "pieces")
    assert (run.pool_proceeds, run.pool_piece_rates, run.pool, run.total) == (
        100_000,
        0,
        100_000,
        100_000,
    )
    assert run.total_points == 240
    assert shares_of(run) == [("Agus", 180, 75_000), ("Budi", 60, 25_000), ("Citra", 0, 0)]
    with scopes_disabled():
        agus = PremiShare.objects.get(run=run, inmate=sapu.agus)
        citra = PremiShare.objects.get(run=run, inmate=sapu.citra)
    # Stored in the installation's language, as the head saw it.
    assert agus.explanation == (
        "120 Sapu lidi × bobot 1 + 20 Sapu lakop × bobot 3 = 180 poin dari 240 poin → "
        "75,00% × Rp 100.000 = Rp 75.000"
    )
    assert agus.measure == 140
    assert {b["product"]: b["quantity"] for b in agus.breakdown} == {
        "Sapu lidi": "120",
        "Sapu lakop": "20",
    }
    assert citra.explanation == "Tidak ada kontribusi pada periode ini → Rp 0"
    assert entries() == []  # nothing is credited before the head approves


@pytest.mark.parametrize(
    ("basis", "expected"),
    [
        ("hours", [("Agus", 10, 54_054), ("Budi", 8.5, 45_946), ("Citra", 5, 0)]),
        ("days", [("Agus", 2, 40_000), ("Budi", 2, 40_000), ("Citra", 1, 20_000)]),
    ],
)
def test_hours_or_days_as_the_workshop_is_set_up(
    facility, officer, treasurer, proceeds, basis, expected
):
    from karya.premi.tests.conftest import make_sapu

    sapu = make_sapu(facility, officer, basis=basis)
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = 100_000
    with scope(facility=[facility.pk]):
        run = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
    got = shares_of(run)
    if basis == "hours":
        # Citra's 5 hours count: Agus 10, Budi 8.5, Citra 5 of 23.5 hours.
        expected = [("Agus", 10, 42_553), ("Budi", Decimal("8.5"), 36_170), ("Citra", 5, 21_277)]
    assert got == [(n, Decimal(str(p)), Decimal(a)) for n, p, a in expected]
    assert sum(a for _n, _p, a in got) == 100_000


def test_piece_rates_add_to_the_pool(sapu, treasurer, officer, proceeds, in_scope):
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = 100_000
    premi_terms_save(
        actor=officer, workshop=sapu.workshop, product=sapu.lidi, weight=1, piece_rate=100
    )
    run = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
    # 180 sapu lidi made × Rp 100.
    assert (run.pool_proceeds, run.pool_piece_rates, run.pool) == (100_000, 18_000, 118_000)
    assert sum(a for *_x, a in shares_of(run)) == 118_000


def test_previewing_again_replaces_the_preview(sapu, treasurer, proceeds, in_scope):
    first = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
    assert [a for *_x, a in shares_of(first)] == [0, 0, 0]
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = 40_000
    again = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
    assert again.pk == first.pk
    assert shares_of(again) == [("Agus", 180, 30_000), ("Budi", 60, 10_000), ("Citra", 0, 0)]
    with scopes_disabled():
        assert PremiRun.objects.count() == 1 and PremiShare.objects.count() == 3


def test_overlapping_runs_are_refused(sapu, treasurer, head, proceeds, in_scope):
    runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
    month = Period.containing("month", MONDAY)
    with pytest.raises(Conflict) as refused:
        runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=month)
    assert refused.value.code == "overlapping_run"
    assert "19 January 2026 – 25 January 2026 (preview)" in refused.value.message
    future = Period.containing("week", dt.date(2027, 1, 4))
    with pytest.raises(DomainError, match="has not begun"):
        runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=future)


def test_the_head_approves_and_the_ledgers_are_credited(sapu, treasurer, head, proceeds, in_scope):
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = 100_000
    run = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
    with pytest.raises(DomainError) as refused:
        runs.premi_run_approve(actor=treasurer, run=run)
    assert refused.value.code == "approval_forbidden"
    assert entries() == []

    approved = runs.premi_run_approve(actor=head, run=run)
    assert approved.status == "approved" and approved.approved_by == head
    assert approved.number.startswith("PRM/LPPWT/") and approved.number.endswith("/0001")
    assert approved.spendable_percent == 25
    # 25% spendable, the rest saved for the release; Citra earned nothing, so no entry.
    assert entries() == [
        ("Agus Sapulidi", "credit", 75_000, 18_750, 56_250),
        ("Budi Anyamsari", "credit", 25_000, 6_250, 18_750),
    ]
    with pytest.raises(Conflict):
        runs.premi_run_approve(actor=head, run=approved)
    with pytest.raises(Conflict) as again:
        runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
    assert again.value.code == "overlapping_run"


def test_the_units_spendable_share_applies(sapu, treasurer, head, proceeds, in_scope):
    premi_setting_save(
        actor=treasurer, facility=sapu.facility, spendable_percent=40, payout_channel="emoney"
    )
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = 100_001
    run = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
    runs.premi_run_approve(actor=head, run=run)
    assert entries() == [
        ("Agus Sapulidi", "credit", 75_001, 30_000, 45_001),
        ("Budi Anyamsari", "credit", 25_000, 10_000, 15_000),
    ]


def test_approval_closes_the_days_the_run_used(sapu, treasurer, head, officer, proceeds, in_scope):
    run = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
    runs.premi_run_approve(actor=head, run=run)
    correction = [DayEntry(sapu.allocations["budi"].pk, "hadir", hours=4, outputs={})]
    with pytest.raises(Conflict) as refused:
        attendance_save_day(actor=officer, workshop=sapu.workshop, date=MONDAY, entries=correction)
    assert refused.value.code == "day_locked"
    assert run.number in refused.value.message
    assert "19 January 2026" in refused.value.message
    # A day after the period is still open.
    result = attendance_save_day(
        actor=officer, workshop=sapu.workshop, date=dt.date(2026, 1, 26), entries=correction
    )
    assert result.created == 1


def test_records_changed_after_the_preview_must_be_previewed_again(
    sapu, treasurer, head, officer, proceeds, in_scope
):
    run = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
    attendance_save_day(
        actor=officer,
        workshop=sapu.workshop,
        date=MONDAY,
        entries=[
            DayEntry(sapu.allocations["budi"].pk, "hadir", hours=4, outputs={sapu.lidi.pk: 31})
        ],
    )
    with pytest.raises(Conflict) as refused:
        runs.premi_run_approve(actor=head, run=run)
    assert refused.value.code == "stale_preview"
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = 5_000
    run = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
    with pytest.raises(Conflict, match="changed after the preview"):
        proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = 6_000
        runs.premi_run_approve(actor=head, run=run)


def test_a_pool_nobody_earned_is_not_approved(facility, treasurer, head, proceeds, in_scope):
    from karya.programs.models import Workshop

    with scopes_disabled():
        empty = Workshop.objects.create(
            facility=facility, name="Kosong", sector="batik", capacity=2
        )
    proceeds[(empty.pk, WEEK.start, WEEK.end)] = 10_000
    run = runs.premi_run_preview(actor=treasurer, workshop=empty, period=WEEK)
    with pytest.raises(DomainError) as refused:
        runs.premi_run_approve(actor=head, run=run)
    assert refused.value.code == "nothing_to_share"


def test_an_approved_run_never_changes(sapu, treasurer, head, proceeds, in_scope):
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = 100_000
    run = runs.premi_run_approve(
        actor=head,
        run=runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK),
    )
    run.pool = 1
    with pytest.raises(ApprovedRunError):
        run.save()
    with pytest.raises(ApprovedRunError):
        run.delete()
    with pytest.raises(ApprovedRunError):
        PremiRun.objects.filter(pk=run.pk).update(pool=1)
    with pytest.raises(ApprovedRunError):
        PremiRun.objects.filter(pk=run.pk).delete()
    share = PremiShare.objects.filter(run=run).first()
    share.amount = 1
    with pytest.raises(ApprovedRunError):
        share.save()
    with pytest.raises(ApprovedRunError):
        PremiShare.objects.filter(run=run).update(amount=0)
    with pytest.raises(ApprovedRunError):
        PremiShare.objects.filter(run=run).delete()
    with pytest.raises(Conflict):
        runs.premi_run_discard(actor=treasurer, run=run)
    stored = PremiRun.objects.get(pk=run.pk)
    assert (stored.status, stored.pool) == ("approved", 100_000)


def test_the_database_refuses_changes_to_an_approved_run(sapu, treasurer, head, proceeds, in_scope):
    """On PostgreSQL a trigger refuses it even to raw SQL; on SQLite the models do."""
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = 100_000
    run = runs.premi_run_approve(
        actor=head,
        run=runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK),
    )
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        return
    from django.db import DatabaseError, transaction

    for sql in (
        "UPDATE premi_premirun SET pool = 1, total = 1, pool_proceeds = 1 WHERE id = %s",
        "DELETE FROM premi_premishare WHERE run_id = %s",
        "UPDATE premi_inmateledgerentry SET note = 'x' WHERE run_id = %s",
    ):
        with pytest.raises(DatabaseError, match="cannot be changed|append-only"):  # noqa: SIM117
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [run.pk])


def test_a_preview_can_be_discarded(sapu, treasurer, proceeds, in_scope):
    run = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
    runs.premi_run_discard(actor=treasurer, run=run)
    with scopes_disabled():
        assert not PremiRun.objects.exists() and not PremiShare.objects.exists()


def test_corrections_go_into_a_later_run(sapu, treasurer, head, proceeds, in_scope):
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = 100_000
    first = runs.premi_run_approve(
        actor=head,
        run=runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK),
    )
    next_week = Period.containing("week", dt.date(2026, 1, 26))
    later = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=next_week)
    with pytest.raises(DomainError, match="approved earlier run"):
        runs.premi_adjustment_add(
            actor=treasurer, run=later, inmate=sapu.citra, corrects=later, amount=1, reason="x"
        )
    with pytest.raises(DomainError, match="Rp 0"):
        runs.premi_adjustment_add(
            actor=treasurer, run=later, inmate=sapu.citra, corrects=first, amount=0, reason="x"
        )
    runs.premi_adjustment_add(
        actor=treasurer,
        run=later,
        inmate=sapu.citra,
        corrects=first,
        amount=8_000,
        reason="Hasil hari Senin belum tercatat",
    )
    too_much = runs.premi_adjustment_add(
        actor=treasurer,
        run=later,
        inmate=sapu.budi,
        corrects=first,
        amount=-30_000,
        reason="Salah catat",
    )
    later.refresh_from_db()
    assert (later.pool, later.adjustments_total, later.total) == (0, -22_000, -22_000)
    with pytest.raises(DomainError) as refused:
        runs.premi_run_approve(actor=head, run=later)
    assert refused.value.code == "correction_too_large"
    runs.premi_adjustment_remove(actor=treasurer, adjustment=too_much)
    runs.premi_adjustment_add(
        actor=treasurer,
        run=later,
        inmate=sapu.budi,
        corrects=first,
        amount=-1_000,
        reason="Salah catat",
    )
    runs.premi_run_approve(actor=head, run=later)
    assert entries() == [
        ("Agus Sapulidi", "credit", 75_000, 18_750, 56_250),
        ("Budi Anyamsari", "adjustment", -1_000, -250, -750),
        ("Budi Anyamsari", "credit", 25_000, 6_250, 18_750),
        ("Citra Batikwangi", "adjustment", 8_000, 2_000, 6_000),
    ]
    with pytest.raises(ApprovedRunError):
        PremiAdjustment.objects.filter(run=later).delete()
    with pytest.raises(Conflict):
        runs.premi_adjustment_add(
            actor=treasurer, run=later, inmate=sapu.agus, corrects=first, amount=5, reason="x"
        )
