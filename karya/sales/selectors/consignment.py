"""Reads on consignment (konsinyasi): what each partner holds of the unit's goods, how long it
has held them, its settlements and returns, and what is overdue.

Everything is read from the stock ledger, not from handovers: goods are at a partner when a
balance of a partner location (`StockLocation.kind == partner` with its `partner` set) is above
zero, however they got there (a posted konsinyasi handover or a plain stock transfer). Goods
leave it when a settlement is confirmed (sold) or when they come back (returned).

Age. The age of held goods is the number of days since the oldest arrival of what is still
held, first in first out: of the units that came into the position (location, product, lot),
the ones that left are taken to be the earliest; the arrival date of the earliest unit still
there is `arrived_on` (in the unit's zone).

Overdue (the thresholds are constants here, shown on the page):
- goods held longer than `HELD_TOO_LONG_DAYS` (90 days): a partner that has not sold them in
  three months should return them or be asked why;
- a settlement is due for a consignment agreement whose partner holds goods and whose last
  settlement period (submitted or confirmed) ended more than a month ago, or, when it has none,
  whose goods arrived more than a month ago: the seed agreements settle monthly;
- invoices of confirmed settlements not fully paid by their due date.

Every function runs inside the unit's scope, and the number of queries of each is the same
whatever the number of rows.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BooleanField,
    DecimalField,
    ExpressionWrapper,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from karya.core.dates import local
from karya.inventory.choices import LocationKind, MoveKind
from karya.inventory.models import StockBalance, StockLocation, StockMove
from karya.partners.choices import AgreementStatus, Scheme
from karya.partners.models import Agreement, AgreementProduct, Partner
from karya.production.models import Product
from karya.sales.choices import SettlementStatus
from karya.sales.models import Invoice, Payment, Sale, Settlement, SettlementLine

HELD_TOO_LONG_DAYS = 90
AGE_BANDS = (30, 60, 90)  # shown as 0–30, 31–60, 61–90 and more than 90 days
SETTLEMENT_PAGE = 50
# The statuses whose periods count: a rejected settlement frees its period again.
COUNTED_STATUSES = (SettlementStatus.SUBMITTED, SettlementStatus.CONFIRMED)
# Which of a partner's consignment agreements sets the prices of what it holds: the signed PKS
# first, then an MoU, then the rest; the newest of a kind first.
_STATUS_RANK = {AgreementStatus.PKS: 0, AgreementStatus.MOU: 1}
MONEY = DecimalField(max_digits=14, decimal_places=0)


def month_before(day: dt.date) -> dt.date:
    """The same day a month earlier (the month's last day when it has no such day)."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_band(days: int | None) -> int:
    """0 for up to 30 days, 1 up to 60, 2 up to 90, 3 beyond (None counts as 0)."""
    return sum(1 for limit in AGE_BANDS if (days or 0) > limit)


# --- locations and agreements ---------------------------------------------------------------


def partner_locations(*, partner: Partner) -> QuerySet[StockLocation]:
    """The partner's own stock locations in its unit (the ones in use first)."""
    return StockLocation.objects.filter(
        facility_id=partner.facility_id, kind=LocationKind.PARTNER, partner=partner
    ).order_by("-is_active", "pk")


def partner_location(*, partner: Partner) -> StockLocation | None:
    """Where the partner holds the unit's goods: its first location in use, or None."""
    return partner_locations(partner=partner).filter(is_active=True).first()


def is_consignment(agreement: Agreement) -> bool:
    return Scheme.KONSINYASI in (agreement.schemes or [])


def consignment_agreements(*, facility, partner_ids=None) -> list[Agreement]:
    """The unit's agreements that include consignment (optionally of some partners), with
    their partner; the JSON list of schemes is filtered here, as every database can."""
    agreements = Agreement.objects.filter(facility=facility).select_related("partner")
    if partner_ids is not None:
        agreements = agreements.filter(partner_id__in=list(partner_ids))
    return [a for a in agreements.order_by("-pk") if is_consignment(a)]


def _current(agreements: list[Agreement]) -> dict[int, Agreement]:
    """{partner id: the agreement whose prices apply to what it holds}."""
    chosen: dict[int, Agreement] = {}
    for agreement in sorted(
        agreements, key=lambda a: (_STATUS_RANK.get(a.status, 2), -(a.pk or 0))
    ):
        chosen.setdefault(agreement.partner_id, agreement)
    return chosen


def agreed_prices(agreements) -> dict[int, dict[int, Decimal]]:
    """{agreement id: {product id: agreed price}} in one query."""
    prices: dict[int, dict[int, Decimal]] = defaultdict(dict)
    ids = [a.pk for a in agreements]
    if ids:
        for row in AgreementProduct.objects.filter(agreement_id__in=ids).values(
            "agreement_id", "product_id", "agreed_price"
        ):
            prices[row["agreement_id"]][row["product_id"]] = row["agreed_price"]
    return prices


# --- held goods and their age ---------------------------------------------------------------


@dataclass
class HeldGoods:
    """One product and lot held at a partner location, with its value at the agreed price of
    the partner's consignment agreement (None when that agreement does not price it)."""

    balance_id: int
    location: StockLocation
    partner: Partner
    product: object
    lot: object | None
    quantity: int
    agreement: Agreement | None = None
    agreed_price: Decimal | None = None
    arrived_on: dt.date | None = None
    age_days: int | None = None

    @property
    def value(self) -> Decimal | None:
        return None if self.agreed_price is None else self.quantity * self.agreed_price

    @property
    def held_too_long(self) -> bool:
        return (self.age_days or 0) > HELD_TOO_LONG_DAYS

    @property
    def age_band(self) -> int:
        return age_band(self.age_days)


def _arrivals(facility, balances: list[StockBalance]) -> dict[tuple, dt.datetime]:
    """{(location, product, lot): when the oldest unit still held arrived}, first in first
    out, from the incoming moves of those positions (one query)."""
    if not balances:
        return {}
    held = {(b.location_id, b.product_id, b.lot_id): b.quantity for b in balances}
    incoming = (
        StockMove.objects.filter(
            facility=facility,
            location_id__in={b.location_id for b in balances},
            product_id__in={b.product_id for b in balances},
            quantity__gt=0,
        )
        .order_by("pk")
        .values_list("location_id", "product_id", "lot_id", "quantity", "created_at")
    )
    moves: dict[tuple, list] = defaultdict(list)
    for location_id, product_id, lot_id, quantity, created_at in incoming:
        key = (location_id, product_id, lot_id)
        if key in held:
            moves[key].append((quantity, created_at))
    arrivals = {}
    for key, quantity_held in held.items():
        came = moves.get(key, [])
        gone = sum(q for q, _ in came) - quantity_held  # the earliest units are the ones gone
        running = 0
        for quantity, created_at in came:
            running += quantity
            if running > gone:
                arrivals[key] = created_at
                break
    return arrivals


def held_goods(*, facility, today: dt.date, partner: Partner | None = None) -> list[HeldGoods]:
    """What the unit's partners hold (one partner's when given), by partner, location,
    product and lot, each with its agreed price, value, arrival and age in days. Four
    queries whatever the number of rows."""
    balances = StockBalance.objects.filter(
        facility=facility,
        quantity__gt=0,
        location__kind=LocationKind.PARTNER,
        location__partner__isnull=False,
    )
    if partner is not None:
        balances = balances.filter(location__partner=partner)
    balances = list(
        balances.select_related("location__partner", "product", "lot").order_by(
            "location__partner__legal_name", "location__name", "product__name", "lot__code", "pk"
        )
    )
    arrivals = _arrivals(facility, balances)
    partner_ids = {b.location.partner_id for b in balances}
    current = _current(
        consignment_agreements(facility=facility, partner_ids=partner_ids) if balances else []
    )
    prices = agreed_prices(current.values())
    rows = []
    for balance in balances:
        agreement = current.get(balance.location.partner_id)
        arrived = arrivals.get((balance.location_id, balance.product_id, balance.lot_id))
        arrived_on = local(arrived, facility.timezone).date() if arrived else None
        rows.append(
            HeldGoods(
                balance_id=balance.pk,
                location=balance.location,
                partner=balance.location.partner,
                product=balance.product,
                lot=balance.lot,
                quantity=balance.quantity,
                agreement=agreement,
                agreed_price=prices.get(agreement.pk, {}).get(balance.product_id)
                if agreement
                else None,
                arrived_on=arrived_on,
                age_days=(today - arrived_on).days if arrived_on else None,
            )
        )
    return rows


def pending_quantities(*, location: StockLocation) -> dict[tuple[int, int | None], int]:
    """{(product id, lot id or None): units} reported sold in settlements of the location
    still awaiting confirmation: held in the ledger, but no longer the unit's to count on."""
    pending: dict[tuple[int, int | None], int] = defaultdict(int)
    for row in (
        SettlementLine.objects.filter(
            settlement__location=location, settlement__status=SettlementStatus.SUBMITTED
        )
        .values("product_id", "lot_id")
        .annotate(units=Sum("quantity"))
    ):
        pending[(row["product_id"], row["lot_id"])] += row["units"]
    return dict(pending)


def held_by_product(*, location: StockLocation) -> dict[int, int]:
    """{product id: units held at the location, all lots together}."""
    return {
        row["product_id"]: row["units"]
        for row in StockBalance.objects.filter(location=location, quantity__gt=0)
        .values("product_id")
        .annotate(units=Sum("quantity"))
    }


# --- settlements ----------------------------------------------------------------------------


def _settlements(facility) -> QuerySet[Settlement]:
    return Settlement.objects.filter(facility=facility).select_related(
        "agreement", "partner", "location", "submitted_by", "decided_by"
    )


def _lines() -> Prefetch:
    return Prefetch(
        "lines", queryset=SettlementLine.objects.select_related("product", "lot").order_by("pk")
    )


def settlement_list(
    *,
    facility,
    partner_id: int | None = None,
    agreement_id: int | None = None,
    status: str | None = None,
    before: int | None = None,
    limit: int = SETTLEMENT_PAGE,
    with_lines: bool = False,
) -> tuple[list[Settlement], int | None]:
    """The unit's settlements, newest first (keyset by id: pass the returned cursor as
    `before` for older ones), with `invoice` (the invoice of a confirmed one, or None) and,
    when asked, their lines. Returns (settlements, next cursor or None)."""
    settlements = _settlements(facility)
    if with_lines:
        settlements = settlements.prefetch_related(_lines())
    if partner_id is not None:
        settlements = settlements.filter(partner_id=partner_id)
    if agreement_id is not None:
        settlements = settlements.filter(agreement_id=agreement_id)
    if status:
        settlements = settlements.filter(status=status)
    if before is not None:
        settlements = settlements.filter(pk__lt=before)
    rows = list(settlements.order_by("-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    attach_invoices(rows)
    return rows, (rows[-1].pk if more and rows else None)


def attach_invoices(settlements: list[Settlement]) -> None:
    """Give each settlement `invoice`: the invoice of its sale (not of a reversal), with
    `paid` and `outstanding` (0 once cancelled); None while it has none. One query."""
    by_settlement = {}
    ids = [s.pk for s in settlements]
    if ids:
        for invoice in _invoices().filter(sale__settlement_id__in=ids):
            by_settlement[invoice.sale.settlement_id] = invoice
    for settlement in settlements:
        invoice = by_settlement.get(settlement.pk)
        settlement.invoice = _with_outstanding(invoice) if invoice is not None else None


def _invoices() -> QuerySet[Invoice]:
    paid = (
        Payment.objects.filter(sale=OuterRef("sale"))
        .values("sale")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        Invoice.objects.filter(sale__reverses__isnull=True)
        .select_related("sale", "partner")
        .annotate(
            paid=Coalesce(
                Subquery(paid, output_field=MONEY), Value(Decimal(0)), output_field=MONEY
            ),
            cancelled=ExpressionWrapper(
                Q(sale__reversed_by__isnull=False), output_field=BooleanField()
            ),
        )
    )


def _with_outstanding(invoice: Invoice) -> Invoice:
    invoice.outstanding = Decimal(0) if invoice.cancelled else max(invoice.amount - invoice.paid, 0)
    return invoice


def settlements_of_partner(*, partner: Partner) -> list[Settlement]:
    """A partner's settlements (what its own users see), newest first, with lines and
    `invoice`. Three queries."""
    settlements = list(
        _settlements(partner.facility_id).filter(partner=partner).prefetch_related(_lines())
    )
    attach_invoices(settlements)
    return settlements


def settlement_get(*, facility, pk: int) -> Settlement | None:
    """One settlement of the unit with its lines (product and lot) and `invoice`; None for a
    missing one and for another unit's alike."""
    settlement = _settlements(facility).filter(pk=pk).prefetch_related(_lines()).first()
    if settlement is not None:
        attach_invoices([settlement])
    return settlement


def settlement_sale(*, settlement: Settlement) -> Sale | None:
    """The sale a confirmed settlement made (with its lines), or None."""
    return (
        Sale.objects.filter(settlement=settlement, reverses__isnull=True)
        .prefetch_related("lines__product", "lines__lot")
        .first()
    )


def last_period_ends(agreements) -> dict[int, dt.date]:
    """{agreement id: the end of its latest submitted or confirmed settlement period}."""
    ids = [a.pk for a in agreements]
    if not ids:
        return {}
    return {
        row["agreement_id"]: row["last"]
        for row in Settlement.objects.filter(agreement_id__in=ids, status__in=COUNTED_STATUSES)
        .values("agreement_id")
        .annotate(last=Max("period_end"))
    }


def suggested_period(*, agreement: Agreement, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period a new settlement most likely covers: from the day after the last one ended
    (else the first of this month) until today."""
    last = last_period_ends([agreement]).get(agreement.pk)
    start = last + dt.timedelta(days=1) if last else today.replace(day=1)
    return min(start, today), today


@dataclass
class SettlementRow:
    """A product of the agreement the partner holds, for the settlement form: units held,
    units already reported in settlements awaiting confirmation, and the agreed price."""

    product: object
    held: int
    pending: int
    agreed_price: Decimal

    @property
    def free(self) -> int:
        return max(self.held - self.pending, 0)


def settlement_rows(*, agreement: Agreement) -> tuple[StockLocation | None, list, list]:
    """(the partner's location, [SettlementRow] of the agreement's products it holds, [the
    products it holds that the agreement does not price]). Four queries."""
    location = partner_location(partner=agreement.partner)
    if location is None:
        return None, [], []
    held = held_by_product(location=location)
    pending = defaultdict(int)
    for (product_id, _lot_id), units in pending_quantities(location=location).items():
        pending[product_id] += units
    prices = {
        line.product_id: line
        for line in AgreementProduct.objects.filter(agreement=agreement).select_related("product")
    }
    rows = [
        SettlementRow(line.product, held[pid], pending[pid], line.agreed_price)
        for pid, line in prices.items()
        if held.get(pid)
    ]
    unpriced_ids = [pid for pid in held if pid not in prices]
    unpriced = list(Product.objects.filter(pk__in=unpriced_ids).order_by("name"))
    rows.sort(key=lambda row: (row.product.name, row.product.pk))
    return location, rows, unpriced


# --- returns --------------------------------------------------------------------------------


def consignment_returns(
    *, facility, partner: Partner | None = None, limit: int = 50
) -> list[StockMove]:
    """Goods that came back from partners (the out legs of transfers from a partner
    location), newest first, each with `destination` (where they went) and `units` (how many
    came back). Two queries."""
    moves = StockMove.objects.filter(
        facility=facility,
        location__kind=LocationKind.PARTNER,
        location__partner__isnull=False,
        kind=MoveKind.TRANSFER_OUT,
    )
    if partner is not None:
        moves = moves.filter(location__partner=partner)
    moves = list(
        moves.select_related("location__partner", "product", "lot", "created_by").order_by("-pk")[
            :limit
        ]
    )
    groups = {m.transfer_group for m in moves}
    destinations = (
        {
            leg.transfer_group: leg.location
            for leg in StockMove.objects.filter(
                transfer_group__in=groups, quantity__gt=0
            ).select_related("location")
        }
        if groups
        else {}
    )
    for move in moves:
        move.destination = destinations.get(move.transfer_group)
        move.units = -move.quantity
    return moves


# --- the overview and what is overdue -------------------------------------------------------


@dataclass
class SettlementDue:
    """A consignment agreement whose partner holds goods and has not settled for more than a
    month: `since` is the end of its last settlement period, or the oldest arrival."""

    agreement: Agreement
    since: dt.date
    settled_before: bool

    @property
    def partner(self) -> Partner:
        return self.agreement.partner


@dataclass
class PartnerConsignment:
    """One partner on the overview: its consignment agreement (the one that prices its goods),
    what it holds, and its overdue marks."""

    partner: Partner
    agreement: Agreement | None = None
    goods: list[HeldGoods] = field(default_factory=list)
    settlement_due: SettlementDue | None = None
    unpaid: list[Invoice] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)  # all its consignment ones

    @property
    def units(self) -> int:
        return sum(g.quantity for g in self.goods)

    @property
    def value(self) -> Decimal:
        return sum((g.value or Decimal(0) for g in self.goods), Decimal(0))

    @property
    def oldest_age(self) -> int | None:
        ages = [g.age_days for g in self.goods if g.age_days is not None]
        return max(ages) if ages else None

    @property
    def held_too_long(self) -> list[HeldGoods]:
        return [g for g in self.goods if g.held_too_long]

    @property
    def bands(self) -> list[int]:
        """Units held by age band: up to 30 days, 31–60, 61–90, more than 90."""
        units = [0] * (len(AGE_BANDS) + 1)
        for item in self.goods:
            units[item.age_band] += item.quantity
        return units

    @property
    def is_overdue(self) -> bool:
        return bool(self.held_too_long or self.settlement_due or self.unpaid)


@dataclass
class ConsignmentOverview:
    partners: list[PartnerConsignment]
    held_too_long: list[HeldGoods]
    settlements_due: list[SettlementDue]
    unpaid_invoices: list[Invoice]

    @property
    def units(self) -> int:
        return sum(p.units for p in self.partners)

    @property
    def value(self) -> Decimal:
        return sum((p.value for p in self.partners), Decimal(0))


def unpaid_settlement_invoices(
    *, facility, today: dt.date, partner: Partner | None = None
) -> list[Invoice]:
    """Invoices of confirmed settlements still (partly) unpaid after their due date, the
    longest overdue first; each with `paid`, `outstanding` and `days_overdue`. One query."""
    invoices = _invoices().filter(
        facility=facility, sale__settlement__isnull=False, due_on__lt=today
    )
    if partner is not None:
        invoices = invoices.filter(sale__partner=partner)
    rows = []
    for invoice in invoices.select_related("sale__settlement").order_by("due_on", "pk"):
        _with_outstanding(invoice)
        if invoice.outstanding > 0:
            invoice.days_overdue = (today - invoice.due_on).days
            rows.append(invoice)
    return rows


def settlements_due(
    *, agreements: dict[int, Agreement], goods: list[HeldGoods], today: dt.date
) -> list[SettlementDue]:
    """Of the partners' current consignment agreements ({partner id: agreement}), those that
    must settle (see the module docstring). One query."""
    holding = defaultdict(list)
    for item in goods:
        holding[item.partner.pk].append(item)
    relevant = [a for pid, a in agreements.items() if holding.get(pid)]
    last = last_period_ends(relevant)
    limit = month_before(today)
    due = []
    for agreement in relevant:
        ended = last.get(agreement.pk)
        if ended is not None:
            if ended < limit:
                due.append(SettlementDue(agreement, ended, True))
            continue
        arrivals = [g.arrived_on for g in holding[agreement.partner_id] if g.arrived_on]
        if arrivals and min(arrivals) < limit:
            due.append(SettlementDue(agreement, min(arrivals), False))
    return sorted(due, key=lambda d: (d.since, d.agreement.pk))


def consignment_overview(*, facility, today: dt.date) -> ConsignmentOverview:
    """Every partner of the unit that holds goods or has a running consignment agreement:
    what it holds (by product and lot, with age and value), and what is overdue. A fixed
    number of queries, whatever the number of partners or goods."""
    goods = held_goods(facility=facility, today=today)
    agreements = consignment_agreements(facility=facility)
    current = _current(
        [a for a in agreements if a.status in _STATUS_RANK]
        + [a for a in agreements if a.partner_id in {g.partner.pk for g in goods}]
    )
    partners: dict[int, PartnerConsignment] = {}
    for agreement in current.values():
        partners[agreement.partner_id] = PartnerConsignment(agreement.partner, agreement)
    for item in goods:
        entry = partners.setdefault(item.partner.pk, PartnerConsignment(item.partner))
        entry.goods.append(item)
    due = settlements_due(agreements=current, goods=goods, today=today)
    for item in due:
        partners[item.agreement.partner_id].settlement_due = item
    unpaid = unpaid_settlement_invoices(facility=facility, today=today)
    for invoice in unpaid:
        if invoice.sale.partner_id in partners:
            partners[invoice.sale.partner_id].unpaid.append(invoice)
    ordered = sorted(partners.values(), key=lambda p: (p.partner.legal_name, p.partner.pk))
    return ConsignmentOverview(
        partners=ordered,
        held_too_long=[g for g in goods if g.held_too_long],
        settlements_due=due,
        unpaid_invoices=unpaid,
    )


def partner_consignment(*, facility, partner: Partner, today: dt.date) -> PartnerConsignment:
    """One partner's page: its consignment agreements, what it holds and what is overdue."""
    goods = held_goods(facility=facility, today=today, partner=partner)
    agreements = consignment_agreements(facility=facility, partner_ids=[partner.pk])
    current = _current(agreements)
    due = settlements_due(agreements=current, goods=goods, today=today)
    return PartnerConsignment(
        partner,
        current.get(partner.pk),
        goods,
        settlement_due=due[0] if due else None,
        unpaid=unpaid_settlement_invoices(facility=facility, today=today, partner=partner),
        agreements=agreements,
    )
