"""Reads of the dashboards and reports: the figures of a unit, a region or the country for a
month and the year to date, their breakdowns, trends, rankings and targets.

Everything is read from the stored monthly figures (`UnitMonth`, `UnitMonthDetail`), never from
the ledgers, so a dashboard costs the same few queries for one unit or for the 531 units of the
country. Nothing here writes: `karya.reports.dashboards` refreshes what is due before reading.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce

from django.db.models import Count, Sum
from django_scopes import scope

from karya.facilities.models import Facility, Region
from karya.reports.choices import ChannelBucket, Dimension, Measure
from karya.reports.measures import SUM_COLUMNS, Figures, kind_of, ratio
from karya.reports.models import (
    AggregateState,
    Indicator,
    UnitMonth,
    UnitMonthDetail,
    UnitTarget,
)
from karya.reports.periods import months_between, year_start

ZERO = Decimal(0)
RANKED = (Measure.PARTICIPATION, "pnbp_realisation", Measure.REVENUE_PER_WORKER)


@dataclass
class Line:
    """One line of a breakdown (a channel, a sector, a product)."""

    key: str
    label: str
    amount: Decimal = ZERO
    quantity: int = 0
    planned: int = 0
    link: str = ""


@dataclass
class TargetLine:
    indicator: Indicator
    target: Decimal | None
    realised: Decimal | int | None
    kind: str
    from_finance: bool = False

    @property
    def percent(self) -> Decimal | None:
        if self.target in (None, 0) or self.realised is None:
            return None
        return ratio(self.realised, self.target, percent=True)


@dataclass
class Scope:
    """The figures of a unit, or of the units of a region or the country, for one month."""

    month: dt.date
    facilities: list[Facility]
    per_unit: dict[int, tuple[Figures, Figures]] = field(default_factory=dict)
    pnbp_targets: dict[int, Decimal] = field(default_factory=dict)
    targets: dict[tuple[int, int], Decimal] = field(default_factory=dict)

    @property
    def month_figures(self) -> Figures:
        return reduce(lambda a, b: a + b, (m for m, _y in self.per_unit.values()), Figures())

    @property
    def ytd_figures(self) -> Figures:
        return reduce(
            lambda a, b: a + b, (y for _m, y in self.per_unit.values()), Figures(ytd=True)
        )

    def figures_of(self, facility_ids) -> tuple[Figures, Figures]:
        month, ytd = Figures(), Figures(ytd=True)
        for pk in facility_ids:
            m, y = self.per_unit.get(pk, (Figures(), Figures(ytd=True)))
            month, ytd = month + m, ytd + y
        return month, ytd

    def pnbp_target(self, facility_ids) -> Decimal | None:
        found = [self.pnbp_targets[pk] for pk in facility_ids if pk in self.pnbp_targets]
        return sum(found, ZERO) if found else None


def figures_versions(ids, *, using: str) -> dict[int, tuple]:
    """Each unit's refresh stamp (computed through, refreshed at) as database `using` holds it:
    two databases with the same stamps hold the same figures of those units."""
    rows = AggregateState.objects.using(using).filter(facility_id__in=ids)
    stamps = rows.values_list("facility_id", "through", "refreshed_at")
    return {pk: (through, at) for pk, through, at in stamps}


def _month_values(ids, month) -> dict[int, dict]:
    rows = UnitMonth.objects.filter(facility_id__in=ids, month=month).values()
    return {row["facility_id"]: row for row in rows}


def _year_sums(ids, month) -> dict[int, dict]:
    sums = {column: Sum(column) for column in (*SUM_COLUMNS, "population", "working")}
    rows = (
        UnitMonth.objects.filter(
            facility_id__in=ids, month__gte=year_start(month), month__lte=month
        )
        .values("facility_id")
        .annotate(**sums)
    )
    return {row["facility_id"]: row for row in rows}


def _listed(ids) -> dict[int, int]:
    from karya.production.models import Product

    return dict(
        Product.objects.filter(facility_id__in=ids, ekatalog_listed=True, is_active=True)
        .values("facility_id")
        .annotate(n=Count("pk"))
        .values_list("facility_id", "n")
    )


def _pnbp_targets(ids, year) -> dict[int, Decimal]:
    from karya.finance.models import PnbpTarget

    return dict(
        PnbpTarget.objects.filter(facility_id__in=ids, year=year).values_list(
            "facility_id", "amount"
        )
    )


def load_scope(facilities: list[Facility], month: dt.date) -> Scope:
    """The month's and year-to-date figures of each of `facilities`, their targets for the
    year, as stored (see `karya.reports.dashboards.fresh_scope`, which refreshes first). A
    constant number of queries."""
    ids = [facility.pk for facility in facilities]
    result = Scope(month, facilities)
    with scope(facility=ids):
        months, sums, listed = _month_values(ids, month), _year_sums(ids, month), _listed(ids)
        result.pnbp_targets = _pnbp_targets(ids, month.year)
        result.targets = {
            (t.facility_id, t.indicator_id): t.value
            for t in UnitTarget.objects.filter(facility_id__in=ids, year=month.year)
        }
    for pk in ids:
        result.per_unit[pk] = (
            Figures.of_month(months.get(pk), listed=listed.get(pk, 0)),
            Figures.of_year(months.get(pk), sums.get(pk), listed=listed.get(pk, 0)),
        )
    return result


# --- breakdowns and trends -----------------------------------------------------------------


def breakdown(
    facilities: list[Facility], month: dt.date, dimension: str, *, ytd: bool = False
) -> list[Line]:
    """The lines of one breakdown, summed over the units: the month's, or (channels,
    products) the year's to date. Sectors are always the month's (distinct inmates do not add
    up over months)."""
    ids = [facility.pk for facility in facilities]
    months = (year_start(month), month) if ytd and dimension != Dimension.SECTOR else (month, month)
    with scope(facility=ids):
        rows = (
            UnitMonthDetail.objects.filter(
                facility_id__in=ids,
                dimension=dimension,
                month__gte=months[0],
                month__lte=months[1],
            )
            .values("key", "label")
            .annotate(amount=Sum("amount"), quantity=Sum("quantity"), planned=Sum("planned"))
        )
        lines: dict[str, Line] = {}
        for row in rows:
            line = lines.setdefault(row["key"], Line(row["key"], row["label"]))
            line.label = line.label or row["label"]
            line.amount += row["amount"]
            line.quantity += row["quantity"]
            line.planned += row["planned"]
    return _labelled(dimension, list(lines.values()))


def _labelled(dimension: str, lines: list[Line]) -> list[Line]:
    from karya.programs.choices import Sector

    if dimension == Dimension.CHANNEL:
        order = list(ChannelBucket.values)
        for line in lines:
            line.label = str(ChannelBucket(line.key).label)
        return sorted(lines, key=lambda line: order.index(line.key))
    if dimension == Dimension.SECTOR:
        names = dict(Sector.choices)
        for line in lines:
            line.label = str(names.get(line.key, line.key))
        return sorted(lines, key=lambda line: (-line.quantity, line.label))
    return sorted(lines, key=lambda line: line.label)


def channel_lines(facilities, month, *, ytd=False) -> list[Line]:
    """Every channel bucket, those without sales at zero, in a fixed order."""
    found = {line.key: line for line in breakdown(facilities, month, Dimension.CHANNEL, ytd=ytd)}
    return [
        found.get(bucket.value, Line(bucket.value, str(bucket.label))) for bucket in ChannelBucket
    ]


def trend(facilities: list[Facility], month: dt.date) -> list[tuple[dt.date, Figures]]:
    """Each month of the year up to `month`, the units' figures summed."""
    ids = [facility.pk for facility in facilities]
    columns = ("revenue", "proceeds", "pnbp_deposited", "working", "population")
    with scope(facility=ids):
        rows = (
            UnitMonth.objects.filter(
                facility_id__in=ids, month__gte=year_start(month), month__lte=month
            )
            .values("month")
            .annotate(**{c: Sum(c) for c in columns})
        )
        found = {row["month"]: row for row in rows}
    return [(m, Figures.of_month(found.get(m))) for m in months_between(year_start(month), month)]


# --- targets -------------------------------------------------------------------------------


def indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(is_active=True).order_by("position", "name"))


def _realised(indicator: Indicator, ytd: Figures):
    return ytd.get(indicator.measure)


def target_lines(data: Scope, facility_ids, active: list[Indicator]) -> list[TargetLine]:
    """Each indicator's target for the year and its realisation to date, for one unit or the
    sum of several (a percentage target is the mean of the units' targets)."""
    _month, ytd = data.figures_of(facility_ids)
    lines = []
    for indicator in active:
        kind = kind_of(indicator.measure)
        if indicator.reads_finance_target:
            target = data.pnbp_target(facility_ids)
        else:
            found = [
                data.targets[(pk, indicator.pk)]
                for pk in facility_ids
                if (pk, indicator.pk) in data.targets
            ]
            if not found:
                target = None
            elif kind == "percent":
                target = (sum(found, ZERO) / len(found)).quantize(Decimal("0.1"))
            else:
                target = sum(found, ZERO)
        lines.append(
            TargetLine(
                indicator,
                target,
                _realised(indicator, ytd),
                kind,
                from_finance=indicator.reads_finance_target,
            )
        )
    return lines


# --- rankings ------------------------------------------------------------------------------


@dataclass
class Ranked:
    """One unit or region in a ranking: its place, name, value (None: cannot be computed,
    ranked last)."""

    place: int
    name: str
    code: str
    value: Decimal | None


def rank_value(data: Scope, facility_ids, what: str):
    month, ytd = data.figures_of(facility_ids)
    if what == Measure.PARTICIPATION:
        return month.get(Measure.PARTICIPATION)
    if what == Measure.REVENUE_PER_WORKER:
        return ytd.get(Measure.REVENUE_PER_WORKER)
    target = data.pnbp_target(facility_ids)
    return ratio(ytd.pnbp_deposited, target, percent=True) if target else None


def ranking(data: Scope, groups: list[tuple[str, str, list[int]]], what: str) -> list[Ranked]:
    """`groups` (name, code, unit ids) ordered by a figure, best first; ties share a place."""
    valued = [(name, code, rank_value(data, ids, what)) for name, code, ids in groups]
    valued.sort(key=lambda item: (item[2] is None, -(item[2] or 0), item[0]))
    ranked, place, previous = [], 0, object()
    for index, (name, code, value) in enumerate(valued, 1):
        if value != previous:
            place, previous = index, value
        ranked.append(Ranked(place, name, code, value))
    return ranked


def rankings(data: Scope, groups) -> dict[str, list[Ranked]]:
    return {what: ranking(data, groups, what) for what in RANKED}


# --- scopes --------------------------------------------------------------------------------


def region_units(region: Region) -> list[Facility]:
    return list(
        Facility.objects.filter(region=region, is_active=True)
        .select_related("region")
        .order_by("name")
    )


def country_units() -> list[Facility]:
    return list(Facility.objects.filter(is_active=True).select_related("region").order_by("name"))


def region_groups(facilities: list[Facility]) -> list[tuple[Region, list[Facility]]]:
    """The units grouped by region, regions by name."""
    grouped: dict[int, list[Facility]] = defaultdict(list)
    regions = {}
    for facility in facilities:
        grouped[facility.region_id].append(facility)
        regions[facility.region_id] = facility.region
    return [(regions[pk], grouped[pk]) for pk in sorted(grouped, key=lambda pk: regions[pk].name)]


def ekatalog_listed_products(facilities: list[Facility]) -> list:
    """The products listed on the e-Katalog now, for a recap (name, unit)."""
    from karya.production.models import Product

    ids = [facility.pk for facility in facilities]
    with scope(facility=ids):
        return list(
            Product.objects.filter(facility_id__in=ids, ekatalog_listed=True, is_active=True)
            .select_related("facility")
            .order_by("facility__name", "name")
        )


def unit_target_values(facility, year: int) -> dict[int, Decimal]:
    """indicator id → the unit's target for the year."""
    with scope(facility=[facility.pk]):
        return dict(
            UnitTarget.objects.filter(facility=facility, year=year).values_list(
                "indicator_id", "value"
            )
        )


@dataclass
class TargetTable:
    indicators: list[Indicator]
    rows: list[tuple[Facility, list[Decimal | None]]]


def target_table(region: Region, year: int) -> TargetTable:
    """Every unit of the region with its target per indicator for the year (the PNBP one from
    the finance area). Four queries whatever the number of units."""
    active = indicators()
    units = region_units(region)
    ids = [f.pk for f in units]
    with scope(facility=ids):
        targets = {
            (t.facility_id, t.indicator_id): t.value
            for t in UnitTarget.objects.filter(facility_id__in=ids, year=year)
        }
        pnbp = _pnbp_targets(ids, year)
    rows = []
    for facility in units:
        values = [
            pnbp.get(facility.pk)
            if indicator.reads_finance_target
            else targets.get((facility.pk, indicator.pk))
            for indicator in active
        ]
        rows.append((facility, values))
    return TargetTable(active, rows)
