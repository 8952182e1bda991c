"""Splitting money received into premi, PNBP and capital (DESIGN.md §3).

Every `PaymentAllocation` (one product's part of a payment or a refund) gets exactly one
`ProceedsSplit`, made in the payment's own transaction (`karya.finance.receivers` listens to
`karya.sales.signals.money_received`). The rule is the one valid on the day paid for the
allocation's workshop: the workshop's own rule, else the unit's, else the national one. When
none applies the payment is refused with a message for the treasurer: money that cannot be
split would leave a PNBP payable or a premi pool silently short.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record_many, snapshot
from karya.core.dates import local, tanggal
from karya.core.errors import Conflict
from karya.core.money import split_largest_remainder
from karya.finance.choices import SplitBase
from karya.finance.models import ProceedsSplit, SplitRule
from karya.finance.selectors import split_rule_for

PARTS = ("premi", "pnbp", "capital", "material")


def _signed(parts: list[Decimal], negative: bool) -> list[Decimal]:
    return [-p if negative else p for p in parts]


def _by_rule(rule: SplitRule, amount: Decimal, material_cost: Decimal) -> list[Decimal]:
    """[premi, pnbp, capital, material] of a fresh amount (signed like the amount)."""
    material = abs(material_cost) if rule.base == SplitBase.PROFIT else Decimal(0)
    material = min(material, abs(amount))
    shares = split_largest_remainder(abs(amount) - material, rule.shares)
    return _signed([*shares, material], amount < 0)


def _reversing(original: ProceedsSplit, amount: Decimal) -> list[Decimal]:
    """[premi, pnbp, capital, material] of a refund of `original`'s allocation: what is left of
    the original split (after earlier refunds) is given back in proportion, so the refunds of a
    whole payment undo its split exactly, rupiah for rupiah."""
    taken = original.reversals.aggregate(**{p: Sum(p) for p in PARTS})
    left = [max(getattr(original, p) + (taken[p] or 0), Decimal(0)) for p in PARTS]
    wanted = abs(amount)
    if wanted <= sum(left):
        return _signed(split_largest_remainder(wanted, left), True)
    # More than is left of this product's part (a rupiah of rounding between the lines): give
    # back everything and split the rest by the same rule, on turnover.
    extra = split_largest_remainder(wanted - sum(left), original.rule.shares)
    return _signed([a + b for a, b in zip(left, [*extra, Decimal(0)], strict=True)], True)


def _no_rule(facility, workshop, day) -> Conflict:
    where = workshop.name if workshop is not None else facility.name
    return Conflict(
        _(
            "No split rule applies to %(where)s on %(day)s, so this money cannot be divided "
            "into premi, PNBP and capital. Ask the national administrator to set a split rule, "
            "then record the payment again."
        )
        % {"where": where, "day": tanggal(day)},
        code="no_split_rule",
    )


class _Rules:
    """The rule of each (workshop, day), looked up once per payment."""

    def __init__(self):
        self.found: dict[tuple, SplitRule | None] = {}

    def get(self, allocation) -> SplitRule:
        key = (allocation.facility_id, allocation.workshop_id, allocation.paid_on)
        if key not in self.found:
            self.found[key] = split_rule_for(
                facility_id=allocation.facility_id,
                workshop_id=allocation.workshop_id,
                day=allocation.paid_on,
            )
        rule = self.found[key]
        if rule is None:
            raise _no_rule(allocation.facility, allocation.workshop, allocation.paid_on)
        return rule


def _originals(payment) -> dict[int, ProceedsSplit]:
    """The splits of the payment a refund pays back, by sale line."""
    splits = ProceedsSplit.objects.filter(
        facility_id=payment.facility_id, allocation__payment_id=payment.reverses_id
    ).select_related("rule", "allocation")
    return {split.allocation.sale_line_id: split for split in splits}


def _refund_rule(payment, originals: dict[int, ProceedsSplit], rules: _Rules, allocation):
    """The rule version of the payment refunded: the one its split used, else the one that
    was valid on the day it was paid."""
    if originals:
        return next(iter(originals.values())).rule
    refunded = payment.reverses
    day = local(refunded.paid_at, refunded.facility.timezone).date()
    rule = split_rule_for(
        facility_id=allocation.facility_id, workshop_id=allocation.workshop_id, day=day
    )
    if rule is None:
        raise _no_rule(allocation.facility, allocation.workshop, day)
    return rule


def _build(payment, allocations, rules: _Rules) -> list[ProceedsSplit]:
    originals = _originals(payment) if payment.reverses_id else {}
    rows = []
    for allocation in allocations:
        original = originals.get(allocation.sale_line_id)
        if original is not None:
            rule = original.rule
            parts = _reversing(original, allocation.amount)
        else:
            if payment.reverses_id:
                rule = _refund_rule(payment, originals, rules, allocation)
            else:
                rule = rules.get(allocation)
            parts = _by_rule(rule, allocation.amount, allocation.material_cost)
        premi, pnbp, capital, material = parts
        rows.append(
            ProceedsSplit(
                facility_id=allocation.facility_id,
                allocation=allocation,
                workshop_id=allocation.workshop_id,
                product_id=allocation.product_id,
                paid_on=allocation.paid_on,
                rule=rule,
                reverses=original,
                amount=allocation.amount,
                material=material,
                base_amount=premi + pnbp + capital,
                premi=premi,
                pnbp=pnbp,
                capital=capital,
            )
        )
    return rows


def proceeds_split_payment(*, actor, payment, allocations) -> list[ProceedsSplit]:
    """Split each allocation of a payment (or a refund) by its rule; returns the splits.

    Invariants: one split per allocation; parts in whole rupiah with premi + pnbp + capital =
    base and base + material = the allocation's amount; a refund uses the rule version of the
    payment refunded and never gives back more of a part than that payment's split put in it
    (save a rupiah of rounding between lines). Refused (Conflict `no_split_rule`, nothing
    written, the payment is not recorded either): no rule applies to a workshop on the day.
    Side effects: the splits and their audit rows. Runs in the payment's transaction.
    """
    allocations = list(allocations)
    if not allocations:
        return []
    with transaction.atomic():
        rows = _build(payment, allocations, _Rules())
        created = ProceedsSplit.objects.bulk_create(rows)
        audit_record_many(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            items=[(row, {}, snapshot(row)) for row in created],
        )
    return created


def proceeds_split(*, actor, allocation) -> ProceedsSplit:
    """Split one payment allocation (see `proceeds_split_payment`, which splits a payment's
    allocations together and is what the payment service triggers)."""
    return proceeds_split_payment(
        actor=actor, payment=allocation.payment, allocations=[allocation]
    )[0]


def proceeds_split_backfill(*, actor, facility) -> int:
    """Split the unit's payment allocations that have no split yet (money recorded before the
    finance area was installed), payment by payment in the order they were recorded, so that a
    refund finds the split of the payment it refunds. Returns how many allocations were split.

    Refused (nothing written): a payment on a day no rule applies to (`no_split_rule`).
    Side effects: the splits and their audit rows.
    """
    from karya.sales.models import PaymentAllocation

    waiting = (
        PaymentAllocation.objects.filter(facility=facility, split__isnull=True)
        .select_related("payment__reverses", "payment__facility", "facility", "workshop")
        .order_by("payment_id", "pk")
    )
    by_payment: dict[int, list] = {}
    for allocation in waiting:
        by_payment.setdefault(allocation.payment_id, []).append(allocation)
    with transaction.atomic():
        for allocations in by_payment.values():
            proceeds_split_payment(
                actor=actor, payment=allocations[0].payment, allocations=allocations
            )
    return sum(len(a) for a in by_payment.values())
