"""A premi preview costs a fixed number of queries whatever the number of inmates, days and
workshops: the output and attendance of the period are summed per inmate in the database,
and a unit previews every workshop of a period at once with the same shares one workshop's
preview gives."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from karya.core.errors import DomainError
from karya.premi.models import PremiRun, PremiShare
from karya.premi.periods import Period
from karya.premi.services import runs
from karya.premi.services.terms import premi_terms_save
from karya.premi.tests.conftest import MONDAY, WEEK, make_sapu
from karya.programs.models import Allocation, Workshop
from karya.programs.services.attendance import DayEntry, attendance_save_day
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.django_db


def grow(sapu, officer, *, inmates: int, days: int):
    """`inmates` more inmates in the workshop, each present with output on `days` more days
    of the week (from Wednesday), and Agus on those days too."""
    with scopes_disabled():
        extra = [
            Allocation.objects.create(
                facility=sapu.facility,
                workshop=sapu.workshop,
                inmate=InmateFactory(facility=sapu.facility),
                session="pagi",
                status="ACTIVE",
                start_date=dt.date(2026, 1, 5),
                created_by=officer,
            )
            for _ in range(inmates)
        ]
    with scope(facility=[sapu.facility.pk]):
        for offset in range(2, 2 + days):
            attendance_save_day(
                actor=officer,
                workshop=sapu.workshop,
                date=MONDAY + dt.timedelta(days=offset),
                entries=[
                    DayEntry(a.pk, "hadir", hours=4, outputs={sapu.lidi.pk: 10, sapu.lakop.pk: 2})
                    for a in [*extra, sapu.allocations["agus"]]
                ],
            )


def warm_caches():
    """The content type the audit rows name is read once per process, not per preview."""
    ContentType.objects.get_for_model(PremiRun)


def preview_queries(sapu, treasurer) -> tuple[int, int, int]:
    """Queries of the first preview of the week, of previewing it again, and the shares."""
    counts = []
    for _time in ("first", "again"):
        with scope(facility=[sapu.facility.pk]), CaptureQueriesContext(connection) as captured:
            run = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
        counts.append(len(captured.captured_queries))
    with scopes_disabled():
        return counts[0], counts[1], PremiShare.objects.filter(run=run).count()


def test_the_preview_does_not_query_per_inmate_or_day(facility, officer, treasurer, proceeds):
    small = make_sapu(facility, officer)
    big = make_sapu(facility, officer, name="Bengkel Sapu Besar", tag="B")
    grow(big, officer, inmates=6, days=5)
    proceeds[(small.workshop.pk, WEEK.start, WEEK.end)] = 100_000
    proceeds[(big.workshop.pk, WEEK.start, WEEK.end)] = 100_000
    warm_caches()
    *small_queries, small_shares = preview_queries(small, treasurer)
    *big_queries, big_shares = preview_queries(big, treasurer)
    assert (small_shares, big_shares) == (3, 9)
    assert big_queries == small_queries
    assert small_queries[0] <= 12


def shares(run) -> list:
    with scopes_disabled():
        return list(
            PremiShare.objects.filter(run=run)
            .order_by("position")
            .values_list("inmate_id", "position", "points", "amount", "breakdown", "explanation")
        )


def test_a_unit_preview_gives_each_workshop_the_shares_of_its_own_preview(
    facility, officer, treasurer, proceeds
):
    pieces = make_sapu(facility, officer)
    hours = make_sapu(facility, officer, basis="hours", name="Bengkel Jam", tag="J")
    grow(hours, officer, inmates=2, days=1)
    with scope(facility=[facility.pk]):
        premi_terms_save(
            actor=officer, workshop=pieces.workshop, product=pieces.lidi, weight=1, piece_rate=50
        )
    proceeds[(pieces.workshop.pk, WEEK.start, WEEK.end)] = 100_000
    proceeds[(hours.workshop.pk, WEEK.start, WEEK.end)] = 77_777
    with scope(facility=[facility.pk]):
        result = runs.premi_runs_preview_unit(actor=treasurer, facility=facility, period=WEEK)
        together = {r.workshop_id: (r.pool, r.total_points, shares(r)) for r in result.previewed}
        for run in result.previewed:
            runs.premi_run_discard(actor=treasurer, run=run)
        alone = {}
        for sapu in (pieces, hours):
            run = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
            alone[sapu.workshop.pk] = (run.pool, run.total_points, shares(run))
    assert together == alone
    assert together[pieces.workshop.pk][0] == 100_000 + 50 * 180  # proceeds + piece rates
    assert (result.skipped, result.idle) == ([], [])


def test_a_unit_preview_leaves_out_workshops_with_another_run_and_idle_ones(
    facility, officer, treasurer, head, proceeds
):
    approved = make_sapu(facility, officer)
    open_ = make_sapu(facility, officer, name="Bengkel Terbuka", tag="T")
    with scopes_disabled():
        idle = Workshop.objects.create(
            facility=facility, name="Bengkel Sepi", sector="kerajinan", capacity=5
        )
        Workshop.objects.create(
            facility=facility, name="Bengkel Tutup", sector="kerajinan", capacity=5, is_active=False
        )
    proceeds[(approved.workshop.pk, WEEK.start, WEEK.end)] = 100_000
    with scope(facility=[facility.pk]):
        run = runs.premi_run_preview(actor=treasurer, workshop=approved.workshop, period=WEEK)
        runs.premi_run_approve(actor=head, run=run)
        result = runs.premi_runs_preview_unit(actor=treasurer, facility=facility, period=WEEK)
    assert [r.workshop_id for r in result.previewed] == [open_.workshop.pk]
    assert [(w.pk, reason) for w, reason in result.skipped] == [
        (
            approved.workshop.pk,
            f"This workshop already has a premi run for {WEEK.label} (approved) that overlaps "
            "this period.",
        )
    ]
    assert result.idle == [idle]
    with scopes_disabled():
        assert PremiRun.objects.filter(status="preview").count() == 1


def test_a_unit_preview_again_keeps_the_corrections(world, treasurer, proceeds):
    period = Period(world.preview.period_kind, world.preview.start, world.preview.end)
    proceeds[(world.sapu.workshop.pk, period.start, period.end)] = 40_000
    with scope(facility=[world.sapu.facility.pk]):
        result = runs.premi_runs_preview_unit(
            actor=treasurer, facility=world.sapu.facility, period=period
        )
    (run,) = result.previewed
    assert run.pk == world.preview.pk
    with scopes_disabled():
        run.refresh_from_db()
        assert list(run.adjustments.all()) == [world.adjustment]
    assert (run.pool, run.adjustments_total, run.total) == (40_000, 5_000, 45_000)


def test_a_unit_preview_does_not_query_per_workshop(
    facility, other_facility, officer, treasurer, proceeds, make_user
):
    make_sapu(facility, officer)
    for tag in "XYZ":
        make_sapu(other_facility, officer, name=f"Bengkel {tag}", tag=tag)
    warm_caches()
    counts = []
    for unit in (facility, other_facility):
        for _time in ("first", "again"):  # new runs, then the same previews again
            with scope(facility=[unit.pk]), CaptureQueriesContext(connection) as captured:
                result = runs.premi_runs_preview_unit(actor=treasurer, facility=unit, period=WEEK)
            counts.append((len(captured.captured_queries), len(result.previewed)))
    assert [n for _queries, n in counts] == [1, 1, 3, 3]
    assert counts[0][0] == counts[2][0]
    assert counts[1][0] == counts[3][0]


def test_a_unit_preview_of_a_period_not_begun_is_refused(facility, treasurer):
    with scope(facility=[facility.pk]), pytest.raises(DomainError, match="not begun"):
        runs.premi_runs_preview_unit(
            actor=treasurer,
            facility=facility,
            period=Period.containing("month", dt.date.today() + dt.timedelta(days=62)),
        )


def test_the_treasurer_previews_every_workshop_from_the_premi_page(
    login, facility, officer, treasurer, proceeds
):
    sapu = make_sapu(facility, officer)
    make_sapu(facility, officer, name="Bengkel Kedua", tag="K")
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = Decimal(90_000)
    client = login(treasurer)
    runs_page = client.get(reverse("premi:run-list", args=[facility.code])).content.decode()
    url = reverse("premi:run-preview-unit", args=[facility.code])
    assert url in runs_page
    response = client.post(url, {"period_kind": "week", "day": "2026-01-21"})
    assert response.status_code == 302
    assert response.url == reverse("premi:run-list", args=[facility.code]) + "?status=preview"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "2 bengkel kerja dipratinjau untuk 19 Januari 2026 – 25 Januari 2026."
    ]
    with scopes_disabled():
        assert PremiRun.objects.filter(facility=facility, status="preview").count() == 2
        assert PremiRun.objects.get(workshop=sapu.workshop).pool == 90_000
