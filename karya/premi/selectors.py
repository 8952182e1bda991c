"""Reads of the premi area: the unit's setting, a workshop's premi terms, what a run gathers
(the pool and the contributions of a period), runs, and inmates' balances and ledgers.

Each function runs a fixed number of queries whatever the number of rows. Call them inside the
unit's scope.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from karya.core.money import rupiah
from karya.finance.selectors import premi_pools
from karya.inmates.models import Inmate
from karya.premi.choices import DEFAULT_SPENDABLE_PERCENT, PayoutChannel, RunStatus
from karya.premi.division import Contribution, ContributionPart
from karya.premi.models import InmateLedgerEntry, PremiProductTerms, PremiRun, PremiSetting
from karya.premi.periods import Period
from karya.programs.choices import AttendanceStatus, ContributionBasis
from karya.programs.models import Attendance, OutputRecord, Workshop

ZERO = Decimal(0)


# --- settings and terms ----------------------------------------------------------------------


def setting_for(facility) -> PremiSetting:
    """The unit's premi setting; an unsaved one with the defaults if it has none yet."""
    found = PremiSetting.objects.filter(facility=facility).first()
    return found or PremiSetting(
        facility=facility,
        spendable_percent=DEFAULT_SPENDABLE_PERCENT,
        payout_channel=PayoutChannel.CASH,
    )


@dataclass
class ProductTerm:
    product: object
    weight: Decimal
    piece_rate: Decimal


def terms_for(workshop: Workshop) -> list[ProductTerm]:
    """Weight and piece rate of each product the workshop makes (weight 1, no piece rate
    unless set)."""
    stored = {t.product_id: t for t in PremiProductTerms.objects.filter(workshop=workshop)}
    result = []
    for product in workshop.products.order_by("name"):
        term = stored.get(product.pk)
        result.append(
            ProductTerm(
                product=product,
                weight=term.weight if term else Decimal(1),
                piece_rate=term.piece_rate if term else ZERO,
            )
        )
    return result


# --- what a run gathers ----------------------------------------------------------------------


def proceeds_pools(*, workshops: list[Workshop], period: Period) -> dict[int, Decimal]:
    """The premi part of each workshop's proceeds paid in the period, by workshop id, as the
    finance area split them (karya.finance.selectors.premi_pools): the one place a run reads
    money received. One query."""
    pools = premi_pools(workshops=workshops, start=period.start, end=period.end)
    return {w.pk: rupiah(pools.get(w.pk) or 0) for w in workshops}


@dataclass
class Gathered:
    """What a run of the workshop for the period would divide, and among whom."""

    basis: str
    contributions: list[Contribution]  # by inmate name, registration number and id
    pool_proceeds: Decimal
    pool_piece_rates: Decimal

    @property
    def pool(self) -> Decimal:
        return self.pool_proceeds + self.pool_piece_rates

    @property
    def total_points(self) -> Decimal:
        return sum((c.points for c in self.contributions), ZERO)

    @property
    def is_empty(self) -> bool:
        """Nobody worked and there is nothing to divide."""
        return not self.contributions and not self.pool


def _terms_of(workshop_ids: list[int]) -> dict[int, dict[int, PremiProductTerms]]:
    """The stored premi terms of the products the workshops make, per workshop and product
    (one query; terms kept for a product the workshop no longer makes do not count)."""
    makes = Workshop.products.through.objects.filter(
        workshop_id=OuterRef("workshop_id"), product_id=OuterRef("product_id")
    )
    terms: dict[int, dict[int, PremiProductTerms]] = defaultdict(dict)
    for term in PremiProductTerms.objects.filter(workshop_id__in=workshop_ids).filter(
        Exists(makes)
    ):
        terms[term.workshop_id][term.product_id] = term
    return terms


def gather_many(*, workshops: list[Workshop], period: Period) -> dict[int, Gathered]:
    """What `gather` gives, for many workshops at once (of one unit or of several), by
    workshop id: five queries whatever the number of workshops, inmates and days — the output
    and the attendance of the period are summed per workshop and inmate in the database."""
    ids = [w.pk for w in workshops]
    terms = _terms_of(ids)
    in_period = Q(allocation__workshop_id__in=ids, date__range=(period.start, period.end))
    pieces: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    piece_rates: dict[int, Decimal] = defaultdict(lambda: ZERO)
    names: dict[int, str] = {}
    for row in (
        OutputRecord.objects.filter(in_period)
        .values("allocation__workshop_id", "allocation__inmate_id", "product_id", "product__name")
        .annotate(quantity=Sum("quantity"))
        .order_by("product_id")
    ):
        if not row["quantity"]:
            continue
        workshop_id, product_id = row["allocation__workshop_id"], row["product_id"]
        pieces[workshop_id][row["allocation__inmate_id"]][product_id] = row["quantity"]
        names[product_id] = row["product__name"]
        term = terms[workshop_id].get(product_id)
        if term:
            piece_rates[workshop_id] += term.piece_rate * row["quantity"]
    present: dict[int, dict[int, tuple[Decimal, int]]] = defaultdict(dict)
    for row in (
        Attendance.objects.filter(in_period, status=AttendanceStatus.PRESENT)
        .values("allocation__workshop_id", "allocation__inmate_id")
        .annotate(hours=Sum("hours"), days=Count("date", distinct=True))
        .order_by()
    ):
        present[row["allocation__workshop_id"]][row["allocation__inmate_id"]] = (
            row["hours"] or ZERO,
            row["days"],
        )
    everyone: set[int] = set()
    for workshop_id in ids:
        everyone |= set(pieces[workshop_id]) | set(present[workshop_id])
    rank = {
        inmate_id: position
        for position, inmate_id in enumerate(
            Inmate.objects.filter(pk__in=everyone)
            .order_by("name", "registration_number", "pk")
            .values_list("pk", flat=True)
        )
    }
    pools = proceeds_pools(workshops=workshops, period=period)
    result = {}
    for workshop in workshops:
        result[workshop.pk] = _gathered(
            workshop,
            terms=terms[workshop.pk],
            pieces=pieces[workshop.pk],
            present=present[workshop.pk],
            names=names,
            rank=rank,
            pool_proceeds=pools[workshop.pk],
            piece_rates=piece_rates[workshop.pk],
        )
    return result


def _gathered(
    workshop: Workshop,
    *,
    terms: dict[int, PremiProductTerms],
    pieces: dict[int, dict[int, int]],
    present: dict[int, tuple[Decimal, int]],
    names: dict[int, str],
    rank: dict[int, int],
    pool_proceeds: Decimal,
    piece_rates: Decimal,
) -> Gathered:
    basis = workshop.contribution_basis
    contributions = []
    for inmate_id in sorted(set(pieces) | set(present), key=rank.__getitem__):  # name order
        hours, days = present.get(inmate_id, (ZERO, 0))
        if basis == ContributionBasis.HOURS:
            parts = (ContributionPart(quantity=Decimal(hours)),)
        elif basis == ContributionBasis.DAYS:
            parts = (ContributionPart(quantity=Decimal(days)),)
        else:
            parts = tuple(
                ContributionPart(
                    quantity=Decimal(quantity),
                    weight=terms[product_id].weight if product_id in terms else Decimal(1),
                    label=names[product_id],
                )
                for product_id, quantity in pieces.get(inmate_id, {}).items()
            )
        contributions.append(Contribution(inmate_id=inmate_id, basis=basis, parts=parts))
    return Gathered(
        basis=basis,
        contributions=contributions,
        pool_proceeds=pool_proceeds,
        pool_piece_rates=rupiah(piece_rates),
    )


def gather(*, workshop: Workshop, period: Period) -> Gathered:
    """The pool (proceeds + piece rates) and the contribution of every inmate who worked in
    the workshop in the period (present at least once, or with output), from the attendance
    and output records of the workshop's allocations, counted the workshop's way: pieces
    weighted per product, hours, or days present. Contributions are ordered by inmate name,
    registration number and id, so the same records always give the same division. Five
    queries, whatever the number of inmates and days (see `gather_many`)."""
    return gather_many(workshops=[workshop], period=period)[workshop.pk]


# --- runs ------------------------------------------------------------------------------------


def runs_of(*, facility, status: str | None = None, workshop_id: int | None = None) -> QuerySet:
    """The unit's runs, newest period first, with their workshop and people (one query)."""
    runs = PremiRun.objects.filter(facility=facility).select_related(
        "workshop", "prepared_by", "approved_by"
    )
    if status:
        runs = runs.filter(status=status)
    if workshop_id:
        runs = runs.filter(workshop_id=workshop_id)
    return runs.annotate(inmate_count=Count("shares", filter=Q(shares__amount__gt=0))).order_by(
        "-start", "workshop__name", "-pk"
    )


def run_get(*, facility, pk: int) -> PremiRun | None:
    return (
        PremiRun.objects.filter(facility=facility, pk=pk)
        .select_related("workshop", "facility__region", "prepared_by", "approved_by")
        .first()
    )


def run_shares(*, run: PremiRun) -> list:
    """The run's shares with their inmates and, once approved, their ledger entries."""
    return list(run.shares.select_related("inmate", "ledger_entry").order_by("position", "pk"))


def run_adjustments(*, run: PremiRun) -> list:
    return list(run.adjustments.select_related("inmate", "corrects", "ledger_entry").order_by("pk"))


def approved_runs_covering(*, workshop: Workshop, date: dt.date) -> QuerySet:
    return PremiRun.objects.filter(
        workshop=workshop, status=RunStatus.APPROVED, start__lte=date, end__gte=date
    )


# --- the inmate ledger -----------------------------------------------------------------------


@dataclass
class Balance:
    spendable: Decimal = ZERO
    savings: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.spendable + self.savings


def balance_of(inmate: Inmate, *, until: dt.date | None = None) -> Balance:
    """The inmate's balance: the sum of their ledger entries (up to and including `until`)."""
    entries = InmateLedgerEntry.objects.filter(inmate=inmate)
    if until:
        entries = entries.filter(entry_date__lte=until)
    sums = entries.aggregate(spendable=Sum("spendable"), savings=Sum("savings"))
    return Balance(sums["spendable"] or ZERO, sums["savings"] or ZERO)


def balances_of(inmate_ids) -> dict[int, Balance]:
    rows = (
        InmateLedgerEntry.objects.filter(inmate_id__in=list(inmate_ids))
        .values("inmate_id")
        .annotate(spendable=Sum("spendable"), savings=Sum("savings"))
        .order_by()
    )
    return {r["inmate_id"]: Balance(r["spendable"] or ZERO, r["savings"] or ZERO) for r in rows}


def ledger_entries(
    *, inmate: Inmate, start: dt.date | None = None, end: dt.date | None = None
) -> list[InmateLedgerEntry]:
    entries = InmateLedgerEntry.objects.filter(inmate=inmate).select_related("run", "created_by")
    if start:
        entries = entries.filter(entry_date__gte=start)
    if end:
        entries = entries.filter(entry_date__lte=end)
    return list(entries.order_by("entry_date", "pk"))


def ledger_holders(*, facility, q: str = "") -> QuerySet:
    """Inmates of the unit who have a ledger, with their balances (one query)."""
    inmates = Inmate.objects.filter(facility=facility)
    if q:
        inmates = inmates.filter(Q(name__icontains=q) | Q(registration_number__icontains=q))
    return (
        inmates.annotate(
            entries=Count("ledger_entries"),
            spendable=Sum("ledger_entries__spendable"),
            savings=Sum("ledger_entries__savings"),
        )
        .filter(entries__gt=0)
        .annotate(balance=F("spendable") + F("savings"))
        .order_by("name", "registration_number")
    )
