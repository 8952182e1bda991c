"""Reads of the stock area: balances with their value at cost, stock value per location,
slow-moving stock, the move history (keyset pagination) and stock counts. Every query goes
through the scoped managers of the unit's rows; none grows in number with the rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce

from karya.core.dates import local
from karya.inventory.choices import COSTING_KINDS, DEMAND_KINDS
from karya.inventory.models import (
    Lot,
    StockBalance,
    StockCount,
    StockCountLine,
    StockLocation,
    StockMove,
)

MONEY = DecimalField(max_digits=14, decimal_places=0)
SLOW_MOVING_DAYS = 90
HISTORY_PAGE = 50


# --- locations and lots ---------------------------------------------------------------------


def location_list(*, facility, active: bool | None = None) -> QuerySet[StockLocation]:
    """The unit's locations, those in use first, each with `item_count` (product and lot
    lines held) and `unit_count` (units held)."""
    locations = StockLocation.objects.filter(facility=facility)
    if active is not None:
        locations = locations.filter(is_active=active)
    return locations.annotate(
        item_count=Count("balances", filter=Q(balances__quantity__gt=0)),
        unit_count=Coalesce(Sum("balances__quantity"), 0),
    ).order_by("-is_active", "name", "pk")


def location_get(*, facility, pk) -> StockLocation | None:
    """One location of the unit; None for a missing one and for another unit's alike."""
    return StockLocation.objects.filter(facility=facility, pk=pk).first()


def lots_of(*, facility) -> QuerySet[Lot]:
    return Lot.objects.filter(facility=facility).select_related("product").order_by("-pk")


# --- balances and value ---------------------------------------------------------------------


def _cost_expression():
    """The unit cost of a balance row: the latest production or opening move of its product
    and lot (of its product in any lot when that lot has none); NULL if never costed."""
    costed = StockMove.objects.filter(product=OuterRef("product"), kind__in=COSTING_KINDS)

    def latest(moves):
        return Subquery(moves.order_by("-pk").values("unit_cost")[:1], output_field=MONEY)

    any_lot = latest(costed)
    same_lot = latest(costed.filter(lot=OuterRef("lot")))
    no_lot = latest(costed.filter(lot__isnull=True))
    return Case(
        When(lot__isnull=True, then=Coalesce(no_lot, any_lot)),
        default=Coalesce(same_lot, any_lot),
        output_field=MONEY,
    )


def _valued(balances) -> list[StockBalance]:
    """Give each balance `value`: quantity × unit cost (Decimal), None when never costed."""
    rows = list(balances)
    for row in rows:
        row.value = Decimal(row.quantity) * row.unit_cost if row.unit_cost is not None else None
    return rows


def balances_at(*, location: StockLocation, include_empty: bool = False) -> list[StockBalance]:
    """What a location holds, by product and lot, each with `unit_cost` (None if the product
    was never costed) and `value`. Two queries whatever the number of rows."""
    balances = StockBalance.objects.filter(location=location)
    if not include_empty:
        balances = balances.filter(quantity__gt=0)
    return _valued(
        balances.select_related("product", "lot")
        .annotate(unit_cost=_cost_expression())
        .order_by("product__name", "lot__code", "pk")
    )


def balances_of(
    *, facility, location_id: int | None = None, product_id: int | None = None
) -> list[StockBalance]:
    """The unit's balances above zero (optionally one location or product), with value."""
    balances = StockBalance.objects.filter(facility=facility, quantity__gt=0)
    if location_id is not None:
        balances = balances.filter(location_id=location_id)
    if product_id is not None:
        balances = balances.filter(product_id=product_id)
    return _valued(
        balances.select_related("location", "product", "lot")
        .annotate(unit_cost=_cost_expression())
        .order_by("location__name", "product__name", "lot__code", "pk")
    )


def balance_choices(*, facility, location_id: int | None = None) -> QuerySet[StockBalance]:
    """Balance rows above zero, for a form's "which goods" choice (location, product, lot)."""
    balances = StockBalance.objects.filter(facility=facility, quantity__gt=0)
    if location_id is not None:
        balances = balances.filter(location_id=location_id)
    return balances.select_related("location", "product", "lot").order_by(
        "location__name", "product__name", "lot__code", "pk"
    )


@dataclass
class LocationValue:
    location: StockLocation
    units: int = 0
    items: int = 0
    value: Decimal = Decimal(0)
    uncosted: int = 0  # lines whose product was never costed (valued at 0)


@dataclass
class StockValue:
    rows: list[LocationValue] = field(default_factory=list)
    units: int = 0
    value: Decimal = Decimal(0)
    uncosted: int = 0


def stock_value(*, facility) -> StockValue:
    """The unit's stock at cost, per location in use or still holding goods, and in total."""
    result = StockValue()
    per_location: dict[int, LocationValue] = {}
    for location in StockLocation.objects.filter(facility=facility).order_by("name", "pk"):
        per_location[location.pk] = LocationValue(location)
    for row in balances_of(facility=facility):
        entry = per_location[row.location_id]
        entry.units += row.quantity
        entry.items += 1
        if row.value is None:
            entry.uncosted += 1
        else:
            entry.value += row.value
    for entry in per_location.values():
        if entry.location.is_active or entry.units:
            result.rows.append(entry)
            result.units += entry.units
            result.value += entry.value
            result.uncosted += entry.uncosted
    return result


@dataclass
class SlowRow:
    balance: StockBalance
    idle_since: dt.date
    days_idle: int
    ever_out: bool


def slow_moving(*, facility, today: dt.date, days: int = SLOW_MOVING_DAYS) -> list[SlowRow]:
    """Goods that have lain at a location for `days` days or more without any of them going
    out to a buyer, a partner or another location (sold, consigned out, transferred out).

    A line that never went out counts from the first time goods of it came in. Damaged and
    adjusted goods do not count as going out. Longest idle first. Three queries.
    """
    activity = (
        StockMove.objects.filter(facility=facility)
        .values("location_id", "product_id", "lot_id")
        .annotate(
            last_out=Max("created_at", filter=Q(kind__in=DEMAND_KINDS)),
            first_in=Min("created_at", filter=Q(quantity__gt=0)),
        )
    )
    moved = {(a["location_id"], a["product_id"], a["lot_id"]): a for a in activity}
    rows = []
    for balance in balances_of(facility=facility):
        seen = moved.get((balance.location_id, balance.product_id, balance.lot_id))
        if not seen or not (seen["last_out"] or seen["first_in"]):
            continue
        since = local(seen["last_out"] or seen["first_in"], facility.timezone).date()
        idle = (today - since).days
        if idle >= days:
            rows.append(SlowRow(balance, since, idle, seen["last_out"] is not None))
    rows.sort(key=lambda r: (-r.days_idle, r.balance.location.name, r.balance.product.name))
    return rows


# --- moves ----------------------------------------------------------------------------------


@dataclass
class MovePage:
    moves: list[StockMove]
    next_before: int | None  # pass as `before` for the next (older) page; None on the last


def move_history(
    *,
    facility,
    location_id: int | None = None,
    product_id: int | None = None,
    kind: str | None = None,
    before: int | None = None,
    limit: int = HISTORY_PAGE,
) -> MovePage:
    """The unit's moves, newest first, a page at a time (keyset on the id: stable while new
    moves are added, and as fast on the last page as on the first)."""
    moves = StockMove.objects.filter(facility=facility)
    if location_id is not None:
        moves = moves.filter(location_id=location_id)
    if product_id is not None:
        moves = moves.filter(product_id=product_id)
    if kind:
        moves = moves.filter(kind=kind)
    if before is not None:
        moves = moves.filter(pk__lt=before)
    rows = list(
        moves.select_related("location", "product", "lot", "created_by", "count").order_by("-pk")[
            : limit + 1
        ]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return MovePage(rows, rows[-1].pk if more and rows else None)


def transfer_partner_legs(moves: list[StockMove]) -> dict:
    """For transfer legs on a page: {transfer_group: the locations of both legs} (one query)."""
    groups = {m.transfer_group for m in moves if m.transfer_group}
    if not groups:
        return {}
    legs = defaultdict(dict)
    for leg in StockMove.objects.filter(transfer_group__in=groups).select_related("location"):
        legs[leg.transfer_group]["out" if leg.quantity < 0 else "in"] = leg.location
    return dict(legs)


# --- counts ---------------------------------------------------------------------------------


def count_list(*, facility, status: str | None = None) -> QuerySet[StockCount]:
    """The unit's stock counts, newest first, with `line_count` and `difference_count`."""
    counts = StockCount.objects.filter(facility=facility)
    if status:
        counts = counts.filter(status=status)
    return (
        counts.select_related("location", "created_by", "decided_by")
        .annotate(
            line_count=Count("lines"),
            difference_count=Count(
                "lines",
                filter=Q(lines__counted__isnull=False) & ~Q(lines__counted=F("lines__expected")),
            ),
        )
        .order_by("-counted_on", "-pk")
    )


def count_get(*, facility, pk) -> StockCount | None:
    """One count of the unit (None for a missing one and another unit's alike)."""
    return (
        StockCount.objects.filter(facility=facility, pk=pk)
        .select_related("location", "created_by", "submitted_by", "decided_by")
        .first()
    )


def count_lines(*, count: StockCount) -> list[StockCountLine]:
    """A count's lines with `unit_cost` and `difference_value` (difference × cost)."""
    lines = list(
        StockCountLine.objects.filter(count=count)
        .select_related("product", "lot")
        .annotate(unit_cost=_cost_expression())
        .order_by("product__name", "lot__code", "pk")
    )
    for line in lines:
        diff = line.difference
        line.difference_value = (
            Decimal(diff) * line.unit_cost if diff and line.unit_cost is not None else None
        )
    return lines
