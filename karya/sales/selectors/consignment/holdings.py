"""What each partner holds of the unit's goods and for how long (FIFO from the stock ledger), the
consignment agreements and their agreed prices."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    DecimalField,
    QuerySet,
    Sum,
)

from karya.core.dates import local
from karya.inventory.choices import LocationKind
from karya.inventory.models import StockBalance, StockLocation, StockMove
from karya.partners.choices import AgreementStatus, Scheme
from karya.partners.models import Agreement, AgreementProduct, Partner
from karya.sales.choices import SettlementStatus
from karya.sales.models import SettlementLine

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
