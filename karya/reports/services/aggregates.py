"""Keeping the units' monthly figures equal to what the records say.

- `aggregates_mark`: a write made some of a unit's months out of date (called by the
  receivers of `karya.reports.tracking`, inside the writer's transaction). It appends a mark and,
  once the transaction commits, refreshes the unit.
- `aggregates_refresh`: recompute a unit's marked months (and the months not computed yet, up
  to the current one) from the records, and drop the marks it handled.
- `aggregates_refresh_due`: the same for every unit of a list that has marks left or has not
  been computed up to a month (what the dashboards call before they read).
- `aggregates_rebuild`: recompute a unit's figures from the records, all months or one,
  whatever the marks say (`karya rebuild-aggregates`).

`AggregateState.refreshed_at` changes with every write of a unit's figures, in the same
transaction: two databases (the primary and a read replica) holding the same stamps hold the
same figures (`karya.reports.dashboards.fresh_figures` relies on it).

A unit's refresh holds the lock of its `AggregateState` row from reading the marks to writing
the figures, so two refreshes of one unit never interleave. Writers never wait on it: a mark is
a row of its own, inserted, never updated. A mark committed while a refresh computes stays and
is handled by the next refresh.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from karya.facilities.models import Facility
from karya.reports import figures
from karya.reports.models import AggregateMark, AggregateState, UnitMonth, UnitMonthDetail
from karya.reports.periods import current_month, month_of, next_month

logger = logging.getLogger(__name__)


def aggregates_mark(*, facility_id: int, since: dt.date) -> None:
    """Say that the unit's figures from the month of `since` on need computing again.

    Call inside the transaction that wrote the record. Side effects: one mark row; after
    the commit, `aggregates_refresh` of the unit (a failure there is logged and the mark stays
    for the next refresh: the record itself is committed either way)."""
    AggregateMark.objects.create(facility_id=facility_id, month=month_of(since))

    def refresh_after_commit():  # a function, not a partial: Django logs its __qualname__
        _refresh_after_commit(facility_id)

    transaction.on_commit(refresh_after_commit, robust=True)


def _refresh_after_commit(facility_id: int) -> None:
    if not AggregateMark.objects.filter(facility_id=facility_id).exists():
        return  # another commit's refresh already handled it
    aggregates_refresh(facility=Facility.objects.get(pk=facility_id))


def _locked_state(facility) -> AggregateState:
    AggregateState.objects.bulk_create([AggregateState(facility=facility)], ignore_conflicts=True)
    return AggregateState.objects.select_for_update().get(facility=facility)


def _write(facility, computed: figures.Computed, months: list[dt.date]) -> None:
    """Replace the unit's rows of `months` with what was computed."""
    now = timezone.now()
    UnitMonth.objects.filter(facility=facility, month__in=months).delete()
    UnitMonthDetail.objects.filter(facility=facility, month__in=months).delete()
    UnitMonth.objects.bulk_create(
        UnitMonth(facility=facility, month=month, computed_at=now, **computed.values[month])
        for month in months
    )
    UnitMonthDetail.objects.bulk_create(
        UnitMonthDetail(
            facility=facility,
            month=month,
            dimension=line.dimension,
            key=line.key,
            label=line.label[:200],
            amount=line.amount,
            quantity=line.quantity,
            planned=line.planned,
        )
        for month in months
        for line in computed.details[month].values()
        if line.amount or line.quantity or line.planned
    )


def _compute_and_write(facility, first: dt.date, last: dt.date) -> list[dt.date]:
    with scope(facility=[facility.pk]):
        computed = figures.compute(facility, first, last)
        months = sorted(computed.values)
        _write(facility, computed, months)
    return months


@transaction.atomic
def aggregates_refresh(*, facility: Facility) -> list[dt.date]:
    """Recompute the unit's months that are marked or not computed yet, through the current
    month, from the records; returns the months written.

    Invariant afterwards: every month of the unit from its first computed one through the
    current month equals `figures.compute` of the records committed when it ran. Side effects:
    the unit's rows of those months replaced; the marks read deleted; the state moved on."""
    state = _locked_state(facility)
    marks = list(AggregateMark.objects.filter(facility=facility).values_list("pk", "month"))
    now_month = current_month(facility.timezone)
    starts = [month for _pk, month in marks]
    if state.through is None:
        with scope(facility=[facility.pk]):
            first_day = figures.first_record_day(facility)
        if first_day is None and not marks:
            # Nothing recorded yet: every figure is zero, which is what a missing row reads.
            state.through, state.refreshed_at = now_month, timezone.now()
            state.save()
            return []
        starts.append(month_of(first_day) if first_day else now_month)
    elif state.through < now_month:
        starts.append(next_month(state.through))
    months: list[dt.date] = []
    first = min(starts) if starts else None
    if first is not None and first <= now_month:
        months = _compute_and_write(facility, first, now_month)
    if marks:
        AggregateMark.objects.filter(pk__in=[pk for pk, _m in marks]).delete()
    if months:
        state.through = now_month
    state.refreshed_at = timezone.now()
    state.save()
    return months


def aggregates_refresh_due(*, facilities, through: dt.date | None = None) -> int:
    """Refresh the units among `facilities` that have marks left, or whose figures are not
    computed up to `through` (default: their current month; a later month is never
    computed). Returns how many units were refreshed. Two queries when none is due."""
    ids = [facility.pk for facility in facilities]
    marked = set(
        AggregateMark.objects.filter(facility_id__in=ids)
        .values_list("facility_id", flat=True)
        .distinct()
    )
    computed = dict(
        AggregateState.objects.filter(facility_id__in=ids).values_list("facility_id", "through")
    )
    refreshed = 0
    for facility in facilities:
        wanted = current_month(facility.timezone)
        if through is not None:
            wanted = min(wanted, month_of(through))
        done = computed.get(facility.pk)
        if facility.pk in marked or done is None or done < wanted:
            aggregates_refresh(facility=facility)
            refreshed += 1
    return refreshed


@transaction.atomic
def aggregates_rebuild(*, facility: Facility, month: dt.date | None = None) -> list[dt.date]:
    """Recompute the unit's figures from the records: every month from its first record
    through the current month (rows outside that span removed, marks dropped), or only
    `month`. Returns the months written. Side effect: the unit's rows replaced."""
    state = _locked_state(facility)
    now_month = current_month(facility.timezone)
    if month is not None:
        month = month_of(month)
        if month > now_month:
            return []
        months = _compute_and_write(facility, month, month)
        # The stamp changes with every write of figures (a read replica compares it).
        state.refreshed_at = timezone.now()
        state.save(update_fields=["refreshed_at"])
        return months
    marks = list(AggregateMark.objects.filter(facility=facility).values_list("pk", flat=True))
    with scope(facility=[facility.pk]):
        first_day = figures.first_record_day(facility)
        first = min(month_of(first_day) if first_day else now_month, now_month)
        for model in (UnitMonth, UnitMonthDetail):
            stale = model.objects.filter(facility=facility)
            if first_day:
                stale = stale.exclude(month__gte=first, month__lte=now_month)
            stale.delete()
    # A unit with nothing recorded has no rows: every figure is zero, what a missing row reads.
    months = _compute_and_write(facility, first, now_month) if first_day else []
    AggregateMark.objects.filter(pk__in=marks).delete()
    state.through = now_month
    state.refreshed_at = timezone.now()
    state.save()
    return months
