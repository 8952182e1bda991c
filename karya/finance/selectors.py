"""Reads of the finance area: which split rule applies, the splits made, the premi pool of a
workshop, the capital fund, PNBP payables against deposits, and the annual target.

Every read of a unit's rows runs inside that unit's scope (django-scopes) and also filters by
the unit explicitly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractMonth
from django_scopes import scopes_disabled

from karya.finance.choices import SPECIFICITY, RuleScope
from karya.finance.models import PnbpDeposit, PnbpTarget, ProceedsSplit, SplitRule

ZERO = Decimal(0)


# --- split rules -------------------------------------------------------------------------


def split_rule_for(*, facility_id: int, workshop_id: int | None, day: dt.date) -> SplitRule | None:
    """The rule version that splits money of the workshop (or of the unit, when the goods have
    no known workshop) paid on `day`: the workshop's own rule, else the unit's, else the
    national one; None when no rule is valid that day. One query."""
    where = Q(scope=RuleScope.NATIONAL) | Q(scope=RuleScope.FACILITY, facility_id=facility_id)
    if workshop_id is not None:
        where |= Q(scope=RuleScope.WORKSHOP, workshop_id=workshop_id)
    candidates = list(SplitRule.objects.valid_on(day).filter(where))
    return max(candidates, key=lambda rule: SPECIFICITY[rule.scope], default=None)


def _with_periods(rules: QuerySet) -> QuerySet:
    """Rules with `replaced_from` (the first day of the version that supersedes them, if any)
    and the unit and workshop they apply to."""
    return rules.select_related("facility", "workshop").annotate(
        replaced_from=F("superseded_by__valid_from")
    )


def ends_on(rule: SplitRule) -> dt.date | None:
    """The last day a version applies (or applied): its own end, or the day before the version
    that supersedes it starts; None while open-ended. Before `valid_from` when it never applied.
    Needs a rule from a selector of this module (`replaced_from`)."""
    end = rule.valid_to
    replaced = getattr(rule, "replaced_from", None)
    if replaced is not None:
        day_before = replaced - dt.timedelta(days=1)
        end = day_before if end is None else min(end, day_before)
    return end


def applies_on(rule: SplitRule, day: dt.date) -> bool:
    end = ends_on(rule)
    return rule.valid_from <= day and (end is None or day <= end)


def split_rule_list(*, scope: str = "", facility=None) -> QuerySet:
    """Every rule version (the national page), grouped by where it applies, oldest first;
    optionally only one scope or the rules of one unit (its own and its workshops')."""
    rules = SplitRule.objects.all()
    if scope:
        rules = rules.filter(scope=scope)
    if facility is not None:
        rules = rules.filter(facility=facility)
    return _with_periods(rules).order_by(
        "scope", "facility__name", "workshop__name", "valid_from", "version"
    )


def split_rule_get(*, pk: int) -> SplitRule | None:
    return _with_periods(SplitRule.objects.filter(pk=pk)).first()


def split_rule_versions(*, rule: SplitRule) -> list[SplitRule]:
    """All versions of the rule `rule` belongs to, oldest first (one query)."""
    same = _with_periods(
        SplitRule.objects.filter(
            scope=rule.scope, facility_id=rule.facility_id, workshop_id=rule.workshop_id
        )
    )
    by_pk = {r.pk: r for r in same}
    following = {r.supersedes_id: r for r in by_pk.values() if r.supersedes_id}
    first = by_pk[rule.pk]
    while first.supersedes_id:
        first = by_pk[first.supersedes_id]
    versions = [first]
    while versions[-1].pk in following:
        versions.append(following[versions[-1].pk])
    return versions


def split_rules_for_unit(*, facility) -> list[SplitRule]:
    """The versions that matter to a unit: the national ones, the unit's own and those of its
    workshops (two queries' worth of rows at most, whatever the number of versions)."""
    rules = SplitRule.objects.filter(Q(scope=RuleScope.NATIONAL) | Q(facility=facility)).order_by(
        "scope", "workshop__name", "valid_from", "version"
    )
    return list(_with_periods(rules))


@dataclass
class AppliedRule:
    """Which rule splits a workshop's money on a day (workshop None: goods of no known
    workshop)."""

    workshop: object | None
    rule: SplitRule | None


def rules_applied(*, facility, workshops, rules: list[SplitRule], day: dt.date):
    """For the unit and each workshop, the rule valid on `day` (computed from `rules`, the
    unit's rules from `split_rules_for_unit`: no query)."""
    valid = [rule for rule in rules if applies_on(rule, day)]

    def best(workshop_id):
        fitting = [
            r
            for r in valid
            if r.scope == RuleScope.NATIONAL
            or (r.scope == RuleScope.FACILITY and r.facility_id == facility.pk)
            or (r.scope == RuleScope.WORKSHOP and r.workshop_id == workshop_id)
        ]
        return max(fitting, key=lambda r: SPECIFICITY[r.scope], default=None)

    return [AppliedRule(None, best(None))] + [AppliedRule(w, best(w.pk)) for w in workshops]


def last_split_day(*, rule: SplitRule) -> dt.date | None:
    """The last day (in the units' zones) on which money was split by this version; refunds,
    which reuse the version of the payment they pay back, do not count. The version's splits
    may lie in several units (a national rule): the answer is a date, nothing of the units."""
    with scopes_disabled():
        return (
            ProceedsSplit.objects.filter(rule=rule, reverses__isnull=True)
            .order_by("-paid_on")
            .values_list("paid_on", flat=True)
            .first()
        )


def last_split_day_under(
    *, scope: str, facility=None, workshop=None, start: dt.date, end: dt.date | None
) -> dt.date | None:
    """The last day in [start, end] on which money that a rule of this scope would now split
    was already split by a rule of the same or a less specific scope (refunds aside). A new
    rule cannot take such a day: the splits made would then contradict the rule list."""
    with scopes_disabled():
        splits = ProceedsSplit.objects.filter(reverses__isnull=True, paid_on__gte=start)
        if end is not None:
            splits = splits.filter(paid_on__lte=end)
        if scope == RuleScope.WORKSHOP:
            splits = splits.filter(workshop=workshop)
        elif scope == RuleScope.FACILITY:
            splits = splits.filter(facility=facility).exclude(rule__scope=RuleScope.WORKSHOP)
        else:
            splits = splits.filter(rule__scope=RuleScope.NATIONAL)
        return splits.order_by("-paid_on").values_list("paid_on", flat=True).first()


# --- splits and funds --------------------------------------------------------------------


def premi_pool(*, workshop, start: dt.date, end: dt.date) -> Decimal:
    """The premi part of the workshop's proceeds paid from `start` to `end` (both included),
    refunds deducted: the pool a premi run of that period divides. Whole rupiah."""
    return premi_pools(workshops=[workshop], start=start, end=end).get(workshop.pk, ZERO)


def premi_pools(*, workshops, start: dt.date, end: dt.date) -> dict[int, Decimal]:
    """`premi_pool` of many workshops at once (one query), by workshop id; a workshop with no
    proceeds in the period is left out."""
    rows = (
        ProceedsSplit.objects.filter(
            facility_id__in={w.facility_id for w in workshops},
            workshop_id__in=[w.pk for w in workshops],
            paid_on__range=(start, end),
        )
        .values("facility_id", "workshop_id")
        .annotate(total=Sum("premi"))
        .order_by()
    )
    facility_of = {w.pk: w.facility_id for w in workshops}
    return {
        r["workshop_id"]: r["total"]
        for r in rows
        if facility_of[r["workshop_id"]] == r["facility_id"] and r["total"] is not None
    }


def proceeds_splits(
    *, facility, start: dt.date, end: dt.date, workshop_id: int | None = None
) -> QuerySet:
    """The unit's splits paid from `start` to `end`, newest first, with what a list shows."""
    splits = ProceedsSplit.objects.filter(facility=facility, paid_on__range=(start, end))
    if workshop_id is not None:
        splits = splits.filter(workshop_id=workshop_id)
    return splits.select_related("workshop", "product", "rule", "allocation__payment")


TOTALS = {
    name: Coalesce(Sum(name), ZERO)
    for name in ("amount", "material", "base_amount", "premi", "pnbp", "capital")
}


def split_totals(*, facility, start: dt.date, end: dt.date, workshop_id: int | None = None):
    """The sums of the unit's splits in the period: one dict of the parts."""
    return proceeds_splits(
        facility=facility, start=start, end=end, workshop_id=workshop_id
    ).aggregate(**TOTALS)


def split_totals_by_workshop(*, facility, start: dt.date, end: dt.date) -> list[dict]:
    """The sums per workshop (workshop None: goods of no known workshop), by workshop name."""
    rows = (
        ProceedsSplit.objects.filter(facility=facility, paid_on__range=(start, end))
        .values("workshop_id", "workshop__name")
        .annotate(**TOTALS)
        .order_by("workshop__name")
    )
    return list(rows)


def capital_fund(*, facility, start: dt.date | None = None, end: dt.date | None = None):
    """What went to the capital and operational fund (its share and the material cost given
    back), all time or in a period: {"capital", "material", "total"}."""
    splits = ProceedsSplit.objects.filter(facility=facility)
    if start is not None:
        splits = splits.filter(paid_on__gte=start)
    if end is not None:
        splits = splits.filter(paid_on__lte=end)
    sums = splits.aggregate(capital=TOTALS["capital"], material=TOTALS["material"])
    return {**sums, "total": sums["capital"] + sums["material"]}


# --- PNBP ----------------------------------------------------------------------------------


def pnbp_payable(*, facility, start: dt.date | None = None, end: dt.date | None = None) -> Decimal:
    """The PNBP parts of the unit's splits (refunds deducted) in a period, or up to `end`."""
    splits = ProceedsSplit.objects.filter(facility=facility)
    if start is not None:
        splits = splits.filter(paid_on__gte=start)
    if end is not None:
        splits = splits.filter(paid_on__lte=end)
    return splits.aggregate(total=TOTALS["pnbp"])["total"]


def pnbp_deposited(
    *, facility, start: dt.date | None = None, end: dt.date | None = None
) -> Decimal:
    """What the unit deposited to the state treasury in a period, or up to `end`."""
    deposits = PnbpDeposit.objects.filter(facility=facility)
    if start is not None:
        deposits = deposits.filter(deposited_on__gte=start)
    if end is not None:
        deposits = deposits.filter(deposited_on__lte=end)
    return deposits.aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]


def pnbp_deposits(*, facility, year: int | None = None) -> QuerySet:
    """The unit's deposit entries, newest first: deposits, and the reversals that cancel
    some of them (negative amounts), each with whom and what it cancels or is cancelled by."""
    deposits = PnbpDeposit.objects.filter(facility=facility).select_related(
        "created_by", "reverses", "reversed_by"
    )
    if year is not None:
        deposits = deposits.filter(deposited_on__year=year)
    return deposits


@dataclass
class ReconciliationRow:
    """One month: PNBP payable (from the splits), deposited, the month's difference (payable −
    deposited) and what is still to deposit at the month's end since the first split."""

    year: int
    month: int
    payable: Decimal = ZERO
    deposited: Decimal = ZERO
    outstanding: Decimal = ZERO

    @property
    def difference(self) -> Decimal:
        return self.payable - self.deposited

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


@dataclass
class Reconciliation:
    """A year's PNBP reconciliation of a unit (see `pnbp_reconciliation`)."""

    year: int
    opening: Decimal  # still to deposit from the years before
    months: list[ReconciliationRow] = field(default_factory=list)

    @property
    def payable(self) -> Decimal:
        return sum((m.payable for m in self.months), ZERO)

    @property
    def deposited(self) -> Decimal:
        return sum((m.deposited for m in self.months), ZERO)

    @property
    def difference(self) -> Decimal:
        return self.payable - self.deposited

    @property
    def outstanding(self) -> Decimal:
        """Still to deposit at the end of the year (negative: deposited ahead)."""
        return self.opening + self.difference


def _by_month(rows, date_field: str, value: str) -> dict[int, Decimal]:
    return {
        row["month"]: row["total"]
        for row in rows.annotate(month=ExtractMonth(date_field))
        .values("month")
        .annotate(total=Sum(value))
        .order_by("month")
    }


def pnbp_reconciliation(*, facility, year: int) -> Reconciliation:
    """Payables (PNBP parts of the splits, by the day paid) against deposits (by the day
    deposited), month by month, with the running amount still to deposit. Four queries."""
    start = dt.date(year, 1, 1)
    before = start - dt.timedelta(days=1)
    opening = pnbp_payable(facility=facility, end=before) - pnbp_deposited(
        facility=facility, end=before
    )
    splits = ProceedsSplit.objects.filter(facility=facility, paid_on__year=year)
    deposits = PnbpDeposit.objects.filter(facility=facility, deposited_on__year=year)
    payable = _by_month(splits, "paid_on", "pnbp")
    deposited = _by_month(deposits, "deposited_on", "amount")
    result = Reconciliation(year=year, opening=opening)
    running = opening
    for month in range(1, 13):
        row = ReconciliationRow(
            year=year,
            month=month,
            payable=payable.get(month, ZERO),
            deposited=deposited.get(month, ZERO),
        )
        running += row.difference
        row.outstanding = running
        result.months.append(row)
    return result


@dataclass
class TargetRealisation:
    """A unit's PNBP target of a year and how much of it was deposited."""

    year: int
    target: Decimal | None
    realised: Decimal

    @property
    def percent(self) -> Decimal | None:
        if not self.target:
            return None
        return (self.realised * 100 / self.target).quantize(Decimal("0.1"))


def pnbp_target_get(*, facility, year: int) -> PnbpTarget | None:
    return PnbpTarget.objects.filter(facility=facility, year=year).first()


def pnbp_targets(*, facility) -> QuerySet:
    return PnbpTarget.objects.filter(facility=facility).order_by("-year")


def pnbp_realisation(*, facility, year: int) -> TargetRealisation:
    """The year's target and its realisation: the PNBP deposited to the state treasury that
    year (what the state received), whatever month it was owed for."""
    target = pnbp_target_get(facility=facility, year=year)
    realised = pnbp_deposited(
        facility=facility, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)
    )
    return TargetRealisation(year, target.amount if target else None, realised)


def rule_state(rule: SplitRule, day: dt.date) -> str:
    """ "in_force", "upcoming", "replaced", "ended" or "withdrawn" (replaced before it ever
    applied), on `day`."""
    end = ends_on(rule)
    if end is not None and end < rule.valid_from:
        return "withdrawn"
    if day < rule.valid_from:
        return "upcoming"
    if end is not None and day > end:
        replaced = getattr(rule, "replaced_from", None)
        return "replaced" if replaced is not None and replaced - dt.timedelta(1) == end else "ended"
    return "in_force"
