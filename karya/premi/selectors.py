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

from django.db.models import Count, F, Q, QuerySet, Sum

from karya.core.money import rupiah
from karya.finance.selectors import premi_pool
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


def proceeds_pool(*, workshop: Workshop, period: Period) -> Decimal:
    """The premi part of the workshop's proceeds paid in the period, as the finance area split
    them (karya.finance.selectors.premi_pool): the one place a run reads money received."""
    return rupiah(premi_pool(workshop=workshop, start=period.start, end=period.end) or 0)


@dataclass
class Gathered:
    """What a run of the workshop for the period would divide, and among whom."""

    basis: str
    contributions: list[Contribution]
    inmates: dict[int, Inmate]
    pool_proceeds: Decimal
    pool_piece_rates: Decimal

    @property
    def pool(self) -> Decimal:
        return self.pool_proceeds + self.pool_piece_rates

    @property
    def total_points(self) -> Decimal:
        return sum((c.points for c in self.contributions), ZERO)


def gather(*, workshop: Workshop, period: Period) -> Gathered:
    """The pool (proceeds + piece rates) and the contribution of every inmate who worked in
    the workshop in the period (present at least once, or with output), from the attendance
    and output records of the workshop's allocations, counted the workshop's way: pieces
    weighted per product, hours, or days present. Contributions are ordered by inmate name,
    registration number and id, so the same records always give the same division."""
    basis = workshop.contribution_basis
    in_period = Q(allocation__workshop=workshop, date__range=(period.start, period.end))
    terms = {t.product.pk: t for t in terms_for(workshop)}
    pieces: dict[int, dict[int, int]] = defaultdict(dict)
    piece_rates = ZERO
    names = {}
    for row in (
        OutputRecord.objects.filter(in_period)
        .values("allocation__inmate_id", "product_id", "product__name")
        .annotate(quantity=Sum("quantity"))
        .order_by("product_id")
    ):
        if not row["quantity"]:
            continue
        pieces[row["allocation__inmate_id"]][row["product_id"]] = row["quantity"]
        names[row["product_id"]] = row["product__name"]
        term = terms.get(row["product_id"])
        if term:
            piece_rates += term.piece_rate * row["quantity"]
    present: dict[int, tuple[Decimal, int]] = {}
    for row in (
        Attendance.objects.filter(in_period, status=AttendanceStatus.PRESENT)
        .values("allocation__inmate_id")
        .annotate(hours=Sum("hours"), days=Count("date", distinct=True))
    ):
        present[row["allocation__inmate_id"]] = (row["hours"] or ZERO, row["days"])
    inmate_ids = set(pieces) | set(present)
    inmates = {
        i.pk: i
        for i in Inmate.objects.filter(pk__in=inmate_ids).order_by(
            "name", "registration_number", "pk"
        )
    }
    contributions = []
    for inmate_id in inmates:  # in name order
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
        inmates=inmates,
        pool_proceeds=proceeds_pool(workshop=workshop, period=period),
        pool_piece_rates=rupiah(piece_rates),
    )


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
