"""Every figure of a unit's month, computed from the records themselves (the registers and
the append-only ledgers). This module is the definition of the figures; `services` stores what
it computes, and the tests compare it with direct computations.

Months are calendar months in the unit's own time zone. What each figure counts:

- population: inmates on the unit's register on at least one day of the month — from the day
  they were registered (or first worked, if that is earlier: registers are often imported after
  work started) to the day they left. An inmate transferred mid-month is on both units'
  registers that month (in Karya each unit has its own register row), so counts in each unit;
  a region's or the country's figure is the sum of its units'.
- working: distinct inmates with an allocation that had started and covered at least one day
  of the month (start date ≤ last day, not ended before the first day); a transferred inmate
  counts in each unit they worked in. workshops_active: workshops with such an allocation;
  by sector: distinct working inmates per workshop sector.
- *_ytd: the same count, distinct, from 1 January to the end of the month.
- trainings_held: trainings that ended in the month. certificates: certificates dated in the
  month; certified_inmates: distinct inmates among them.
- planned_quantity: planned quantity of the production orders due in the month (cancelled ones
  excepted); good_quantity: good quantity of the orders finished in the month; per product.
- revenue: the sale lines of sales made in the month (a cancellation is a reversing sale in the
  month it was made, so revenue is net). Each line falls in one bucket: a service (a product of
  the category jasa) whatever its channel, else e-Katalog (an order whose customer is the
  e-Katalog), else its sale's channel. sales_count and ekatalog_transactions: sales made less
  sales reversed in the month. ekatalog_buyers: distinct e-Katalog customers of the month's
  e-Katalog sales that were not reversed.
- proceeds and its parts: the proceeds splits of payments received in the month (refunds are
  negative splits); the capital part includes the material cost returned to the capital fund,
  so premi + PNBP + capital = proceeds.
- pnbp_deposited: PNBP deposits made in the month.
- premi_credited: credits and corrections posted to inmates' ledgers in the month;
  premi_paid_out: withdrawals and release payouts (as a positive amount); savings_held and
  ledger_balance: the savings parts and whole balances of every ledger at the end of the month.
- agreements_active: agreements whose PKS was signed and that were in force on at least one
  day of the month (from their start date, or signing, to their end date or the day they
  ended); partners_active: distinct partners of those.
- obligations_due: agreement obligations due in the month; obligations_fulfilled: those of
  them fulfilled.
- stock_value, stock_units: the unit's stock at the end of the month, from the stock ledger,
  each product and lot at the latest unit cost recorded for it by then (as the stock pages
  value it).

Each query is of one unit and a range of months; none grows in number with the rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Count, DateField, Min, Q, Sum
from django.db.models.functions import TruncMonth

from karya.core.dates import local
from karya.inmates.models import Inmate
from karya.inventory.choices import COSTING_KINDS
from karya.inventory.models import StockMove
from karya.partners.models import Agreement, Obligation
from karya.production.choices import OrderStatus, ProductCategory
from karya.production.models import ProductionOrder
from karya.programs.models import Allocation, Training, TrainingParticipant
from karya.reports.choices import ChannelBucket, Dimension
from karya.reports.models import UnitMonth
from karya.reports.periods import last_day, months_between, next_month, start_of, year_start

ZERO = Decimal(0)
# The figures of a month: every number column of UnitMonth (money: its decimal ones).
COLUMNS = tuple(
    f.name
    for f in UnitMonth._meta.concrete_fields
    if isinstance(f, models.IntegerField | models.DecimalField) and f.name != "id"
)
MONEY_COLUMNS = frozenset(
    f.name for f in UnitMonth._meta.concrete_fields if isinstance(f, models.DecimalField)
)


def empty() -> dict:
    return {name: ZERO if name in MONEY_COLUMNS else 0 for name in COLUMNS}


@dataclass
class DetailLine:
    dimension: str
    key: str
    label: str = ""
    amount: Decimal = ZERO
    quantity: int = 0
    planned: int = 0


@dataclass
class Computed:
    """What `compute` found: per month, the figures and the breakdown lines."""

    values: dict[dt.date, dict]
    details: dict[dt.date, dict[tuple[str, str], DetailLine]]

    def detail(self, month, dimension, key, label="") -> DetailLine:
        lines = self.details[month]
        if (dimension, key) not in lines:
            lines[(dimension, key)] = DetailLine(dimension, key, label)
        return lines[(dimension, key)]


def _month_trunc(field: str, tz_name: str | None = None):
    """The month (its first day, a date) of a date field, or of a datetime field in the zone."""
    if tz_name is None:
        return TruncMonth(field, output_field=DateField())
    return TruncMonth(field, tzinfo=ZoneInfo(tz_name), output_field=DateField())


def _overlaps(begin, finish, first: dt.date, last: dt.date) -> bool:
    """Whether [begin, finish] (finish None: open) covers a day of [first, last]."""
    return begin is not None and begin <= last and (finish is None or finish >= first)


def compute(facility, first: dt.date, last: dt.date) -> Computed:
    """The figures of `facility` for every month from `first` to `last` (months' first days).
    Run inside a scope that includes the unit."""
    months = months_between(first, last)
    result = Computed({m: empty() for m in months}, {m: {} for m in months})
    for part in (
        _people,
        _trainings,
        _production,
        _sales,
        _ekatalog_buyers,
        _proceeds,
        _pnbp,
        _ledger,
        _partners,
        _stock,
    ):
        part(facility, months, result)
    return result


# --- the work programme --------------------------------------------------------------------


def _people(facility, months, result: Computed) -> None:
    since = year_start(months[0])
    end = last_day(months[-1])
    first_worked = dict(
        Allocation.objects.filter(facility=facility, started=True)
        .values("inmate_id")
        .annotate(first=Min("start_date"))
        .values_list("inmate_id", "first")
    )
    stays = []
    for pk, created_at, departed_on in (
        Inmate.objects.filter(facility=facility)
        .filter(Q(departed_on__isnull=True) | Q(departed_on__gte=since))
        .values_list("pk", "created_at", "departed_on")
    ):
        arrived = local(created_at, facility.timezone).date()
        if pk in first_worked:
            arrived = min(arrived, first_worked[pk])
        stays.append((pk, arrived, departed_on))
    allocations = list(
        Allocation.objects.filter(facility=facility, started=True, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=since))
        .values_list("inmate_id", "workshop_id", "workshop__sector", "start_date", "end_date")
    )
    for month in months:
        first, last, january = month, last_day(month), year_start(month)
        row = result.values[month]
        row["population"] = sum(1 for _pk, a, d in stays if _overlaps(a, d, first, last))
        row["population_ytd"] = sum(1 for _pk, a, d in stays if _overlaps(a, d, january, last))
        working, workshops, ytd = set(), set(), set()
        by_sector: dict[str, set] = defaultdict(set)
        for inmate_id, workshop_id, sector, start, finish in allocations:
            if _overlaps(start, finish, january, last):
                ytd.add(inmate_id)
                if _overlaps(start, finish, first, last):
                    working.add(inmate_id)
                    workshops.add(workshop_id)
                    by_sector[sector].add(inmate_id)
        row["working"], row["working_ytd"] = len(working), len(ytd)
        row["workshops_active"] = len(workshops)
        for sector, inmates in by_sector.items():
            result.detail(month, Dimension.SECTOR, sector).quantity = len(inmates)


def _trainings(facility, months, result: Computed) -> None:
    since, end = year_start(months[0]), next_month(months[-1])
    for (ended,) in Training.objects.filter(
        facility=facility, end_date__gte=months[0], end_date__lt=end
    ).values_list("end_date"):
        result.values[ended.replace(day=1)]["trainings_held"] += 1
    certified = list(
        TrainingParticipant.objects.filter(
            facility=facility, certificate_date__gte=since, certificate_date__lt=end
        ).values_list("inmate_id", "certificate_date")
    )
    for month in months:
        row, first, last = result.values[month], month, last_day(month)
        in_month = [inmate for inmate, day in certified if first <= day <= last]
        row["certificates"] = len(in_month)
        row["certified_inmates"] = len(set(in_month))
        row["certified_inmates_ytd"] = len(
            {inmate for inmate, day in certified if year_start(month) <= day <= last}
        )


def _production(facility, months, result: Computed) -> None:
    end = next_month(months[-1])
    orders = ProductionOrder.objects.filter(facility=facility)
    planned = orders.filter(due_date__gte=months[0], due_date__lt=end).exclude(
        status=OrderStatus.CANCELLED
    )
    made = orders.filter(
        status=OrderStatus.FINISHED, finished_on__gte=months[0], finished_on__lt=end
    )
    for rows, day, quantity, column, part in (
        (planned, "due_date", "planned_quantity", "planned_quantity", "planned"),
        (made, "finished_on", "good_quantity", "good_quantity", "quantity"),
    ):
        for row in (
            rows.annotate(m=_month_trunc(day))
            .values("m", "product_id", "product__name")
            .annotate(total=Sum(quantity))
        ):
            line = result.detail(row["m"], Dimension.PRODUCT, str(row["product_id"]))
            line.label = row["product__name"]
            setattr(line, part, getattr(line, part) + row["total"])
            result.values[row["m"]][column] += row["total"]


# --- sales and money -----------------------------------------------------------------------


def channel_bucket(channel: str, order_customer_kind: str | None, service: bool) -> str:
    """The dashboard's sales bucket of a sale line (see ChannelBucket)."""
    from karya.sales.choices import Channel, CustomerKind

    if service:
        return ChannelBucket.SERVICES
    if channel == Channel.ORDER and order_customer_kind == CustomerKind.EKATALOG:
        return ChannelBucket.EKATALOG
    return channel


def _sales_range(facility, months):
    tz = facility.timezone
    return start_of(months[0], tz), start_of(next_month(months[-1]), tz)


def _sales(facility, months, result: Computed) -> None:
    from karya.sales.models import Sale, SaleLine

    start, end = _sales_range(facility, months)
    tz = facility.timezone
    lines = (
        SaleLine.objects.filter(facility=facility, sale__sold_at__gte=start, sale__sold_at__lt=end)
        .annotate(m=_month_trunc("sale__sold_at", tz))
        .values("m", "sale__channel", "sale__order__customer_kind", "product__category")
        .annotate(amount=Sum("amount"))
    )
    for row in lines:
        service = row["product__category"] == ProductCategory.JASA
        bucket = channel_bucket(row["sale__channel"], row["sale__order__customer_kind"], service)
        values = result.values[row["m"]]
        values["revenue"] += row["amount"]
        if bucket == ChannelBucket.SERVICES:
            values["services_revenue"] += row["amount"]
        if bucket == ChannelBucket.EKATALOG:
            values["ekatalog_revenue"] += row["amount"]
        result.detail(row["m"], Dimension.CHANNEL, bucket).amount += row["amount"]
    # Number of sales per bucket: sales made less sales reversed, counted once per bucket
    # whatever the categories of their lines.
    counted = (
        SaleLine.objects.filter(facility=facility, sale__sold_at__gte=start, sale__sold_at__lt=end)
        .annotate(m=_month_trunc("sale__sold_at", tz))
        .values("m", "sale__channel", "sale__order__customer_kind")
        .annotate(
            service_made=Count(
                "sale",
                distinct=True,
                filter=Q(product__category=ProductCategory.JASA, sale__reverses__isnull=True),
            ),
            service_reversed=Count(
                "sale",
                distinct=True,
                filter=Q(product__category=ProductCategory.JASA, sale__reverses__isnull=False),
            ),
            goods_made=Count(
                "sale",
                distinct=True,
                filter=~Q(product__category=ProductCategory.JASA) & Q(sale__reverses__isnull=True),
            ),
            goods_reversed=Count(
                "sale",
                distinct=True,
                filter=~Q(product__category=ProductCategory.JASA) & Q(sale__reverses__isnull=False),
            ),
        )
    )
    for row in counted:
        kind = row["sale__order__customer_kind"]
        for service, made, reversed_ in (
            (True, row["service_made"], row["service_reversed"]),
            (False, row["goods_made"], row["goods_reversed"]),
        ):
            if made or reversed_:
                bucket = channel_bucket(row["sale__channel"], kind, service)
                result.detail(row["m"], Dimension.CHANNEL, bucket).quantity += made - reversed_
    headers = (
        Sale.objects.filter(facility=facility, sold_at__gte=start, sold_at__lt=end)
        .annotate(m=_month_trunc("sold_at", tz))
        .values("m", "channel", "order__customer_kind")
        .annotate(
            made=Count("pk", filter=Q(reverses__isnull=True)),
            reversed=Count("pk", filter=Q(reverses__isnull=False)),
        )
    )
    for row in headers:
        values = result.values[row["m"]]
        values["sales_count"] += row["made"] - row["reversed"]
        if channel_bucket(row["channel"], row["order__customer_kind"], False) == (
            ChannelBucket.EKATALOG
        ):
            values["ekatalog_transactions"] += row["made"] - row["reversed"]


def _buyer(name: str) -> str:
    return " ".join((name or "").split()).casefold()


def _ekatalog_buyers(facility, months, result: Computed) -> None:
    from karya.sales.choices import Channel, CustomerKind
    from karya.sales.models import Sale

    tz = facility.timezone
    start, end = start_of(year_start(months[0]), tz), start_of(next_month(months[-1]), tz)
    sales = [
        (local(sold_at, tz).date(), _buyer(name))
        for sold_at, name in Sale.objects.filter(
            facility=facility,
            channel=Channel.ORDER,
            order__customer_kind=CustomerKind.EKATALOG,
            reverses__isnull=True,
            reversed_by__isnull=True,
            sold_at__gte=start,
            sold_at__lt=end,
        ).values_list("sold_at", "order__customer_name")
    ]
    for month in months:
        last = last_day(month)
        row = result.values[month]
        row["ekatalog_buyers"] = len({name for day, name in sales if month <= day <= last})
        row["ekatalog_buyers_ytd"] = len(
            {name for day, name in sales if year_start(month) <= day <= last}
        )


def _proceeds(facility, months, result: Computed) -> None:
    from karya.finance.models import ProceedsSplit

    rows = (
        ProceedsSplit.objects.filter(
            facility=facility, paid_on__gte=months[0], paid_on__lt=next_month(months[-1])
        )
        .annotate(m=_month_trunc("paid_on"))
        .values("m")
        .annotate(
            amount=Sum("amount"),
            premi=Sum("premi"),
            pnbp=Sum("pnbp"),
            capital=Sum("capital"),
            material=Sum("material"),
        )
    )
    for row in rows:
        values = result.values[row["m"]]
        values["proceeds"] += row["amount"]
        values["premi_share"] += row["premi"]
        values["pnbp_share"] += row["pnbp"]
        values["capital_share"] += row["capital"] + row["material"]


def _pnbp(facility, months, result: Computed) -> None:
    from karya.finance.models import PnbpDeposit

    rows = (
        PnbpDeposit.objects.filter(
            facility=facility,
            deposited_on__gte=months[0],
            deposited_on__lt=next_month(months[-1]),
        )
        .annotate(m=_month_trunc("deposited_on"))
        .values("m")
        .annotate(amount=Sum("amount"))
    )
    for row in rows:
        result.values[row["m"]]["pnbp_deposited"] += row["amount"]


def _ledger(facility, months, result: Computed) -> None:
    from karya.premi.choices import EntryKind
    from karya.premi.models import InmateLedgerEntry

    entries = InmateLedgerEntry.objects.filter(facility=facility)
    before = entries.filter(entry_date__lt=months[0]).aggregate(
        amount=Sum("amount"), savings=Sum("savings")
    )
    balance, savings = before["amount"] or ZERO, before["savings"] or ZERO
    flows: dict[dt.date, dict] = defaultdict(lambda: defaultdict(lambda: [ZERO, ZERO]))
    for row in (
        entries.filter(entry_date__gte=months[0], entry_date__lt=next_month(months[-1]))
        .annotate(m=_month_trunc("entry_date"))
        .values("m", "kind")
        .annotate(amount=Sum("amount"), savings=Sum("savings"))
    ):
        flows[row["m"]][row["kind"]] = [row["amount"], row["savings"]]
    for month in months:
        values, kinds = result.values[month], flows.get(month, {})
        values["premi_credited"] = (
            kinds.get(EntryKind.CREDIT, [ZERO])[0] + kinds.get(EntryKind.ADJUSTMENT, [ZERO])[0]
        )
        values["premi_paid_out"] = -(
            kinds.get(EntryKind.WITHDRAWAL, [ZERO])[0] + kinds.get(EntryKind.PAYOUT, [ZERO])[0]
        )
        balance += sum((amount for amount, _s in kinds.values()), ZERO)
        savings += sum((part for _a, part in kinds.values()), ZERO)
        values["ledger_balance"], values["savings_held"] = balance, savings


# --- partners and stock --------------------------------------------------------------------


def _partners(facility, months, result: Computed) -> None:
    end = next_month(months[-1])
    agreements = []
    for partner_id, signed, start, end_date, ended_on in Agreement.objects.filter(
        facility=facility, pks_signed_on__isnull=False, pks_signed_on__lt=end
    ).values_list("partner_id", "pks_signed_on", "start_date", "end_date", "ended_on"):
        finishes = [day for day in (end_date, ended_on) if day is not None]
        agreements.append((partner_id, start or signed, min(finishes) if finishes else None))
    for month in months:
        last = last_day(month)
        active = [(p, b, f) for p, b, f in agreements if _overlaps(b, f, month, last)]
        result.values[month]["agreements_active"] = len(active)
        result.values[month]["partners_active"] = len({p for p, _b, _f in active})
    rows = (
        Obligation.objects.filter(facility=facility, due_date__gte=months[0], due_date__lt=end)
        .annotate(m=_month_trunc("due_date"))
        .values("m")
        .annotate(due=Count("pk"), fulfilled=Count("pk", filter=Q(fulfilled_on__isnull=False)))
    )
    for row in rows:
        result.values[row["m"]]["obligations_due"] += row["due"]
        result.values[row["m"]]["obligations_fulfilled"] += row["fulfilled"]


def _stock(facility, months, result: Computed) -> None:
    tz = facility.timezone
    start, end = start_of(months[0], tz), start_of(next_month(months[-1]), tz)
    moves = StockMove.objects.filter(facility=facility)
    held: dict[tuple, int] = defaultdict(int)
    for row in (
        moves.filter(created_at__lt=start)
        .values("product_id", "lot_id")
        .annotate(quantity=Sum("quantity"))
    ):
        held[(row["product_id"], row["lot_id"])] += row["quantity"]
    changes: dict[dt.date, list] = defaultdict(list)
    for row in (
        moves.filter(created_at__gte=start, created_at__lt=end)
        .annotate(m=_month_trunc("created_at", tz))
        .values("m", "product_id", "lot_id")
        .annotate(quantity=Sum("quantity"))
    ):
        changes[row["m"]].append(((row["product_id"], row["lot_id"]), row["quantity"]))
    costed = list(
        moves.filter(kind__in=COSTING_KINDS, created_at__lt=end)
        .order_by("pk")
        .values_list("product_id", "lot_id", "unit_cost", "created_at")
    )
    same_lot: dict[tuple, Decimal] = {}
    any_lot: dict[int, Decimal] = {}
    next_cost = 0
    for month in months:
        month_end = start_of(next_month(month), tz)
        while next_cost < len(costed) and costed[next_cost][3] < month_end:
            product_id, lot_id, unit_cost, _at = costed[next_cost]
            same_lot[(product_id, lot_id)] = unit_cost
            any_lot[product_id] = unit_cost
            next_cost += 1
        for position, quantity in changes.get(month, []):
            held[position] += quantity
        value, units = ZERO, 0
        for (product_id, lot_id), quantity in held.items():
            if quantity <= 0:
                continue
            units += quantity
            cost = same_lot.get((product_id, lot_id), any_lot.get(product_id))
            if cost is not None:
                value += quantity * cost
        result.values[month]["stock_value"] = value
        result.values[month]["stock_units"] = units


def first_record_day(facility) -> dt.date | None:
    """The earliest day any record the figures count concerns (None: the unit has none)."""
    from karya.finance.models import PnbpDeposit, ProceedsSplit
    from karya.premi.models import InmateLedgerEntry
    from karya.sales.models import Sale

    tz = facility.timezone
    candidates = [
        Inmate.objects.filter(facility=facility).aggregate(d=Min("created_at"))["d"],
        Allocation.objects.filter(facility=facility, started=True).aggregate(d=Min("start_date"))[
            "d"
        ],
        Training.objects.filter(facility=facility).aggregate(d=Min("end_date"))["d"],
        TrainingParticipant.objects.filter(facility=facility).aggregate(d=Min("certificate_date"))[
            "d"
        ],
        ProductionOrder.objects.filter(facility=facility).aggregate(d=Min("due_date"))["d"],
        ProductionOrder.objects.filter(facility=facility).aggregate(d=Min("finished_on"))["d"],
        StockMove.objects.filter(facility=facility).aggregate(d=Min("created_at"))["d"],
        Agreement.objects.filter(facility=facility, pks_signed_on__isnull=False).aggregate(
            d=Min("pks_signed_on")
        )["d"],
        Agreement.objects.filter(facility=facility).aggregate(d=Min("start_date"))["d"],
        Obligation.objects.filter(facility=facility).aggregate(d=Min("due_date"))["d"],
        Sale.objects.filter(facility=facility).aggregate(d=Min("sold_at"))["d"],
        ProceedsSplit.objects.filter(facility=facility).aggregate(d=Min("paid_on"))["d"],
        PnbpDeposit.objects.filter(facility=facility).aggregate(d=Min("deposited_on"))["d"],
        InmateLedgerEntry.objects.filter(facility=facility).aggregate(d=Min("entry_date"))["d"],
    ]
    days = [
        local(value, tz).date() if isinstance(value, dt.datetime) else value
        for value in candidates
        if value is not None
    ]
    return min(days) if days else None
