"""Test helpers of the finance area: a split rule written directly (tests about what a rule
does, not about who may set it) and the sums of a set of splits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from karya.finance.choices import RuleScope, SplitBase
from karya.finance.models import SplitRule

SINCE = dt.date(2025, 1, 1)


def make_rule(
    shares=(30, 40, 30),
    *,
    base=SplitBase.TURNOVER,
    facility=None,
    workshop=None,
    valid_from=SINCE,
    valid_to=None,
    name="",
) -> SplitRule:
    """A version-1 rule: national unless a unit or a workshop is given; shares in percent."""
    scope = (
        RuleScope.WORKSHOP if workshop else RuleScope.FACILITY if facility else RuleScope.NATIONAL
    )
    premi, pnbp, capital = (int(Decimal(str(s)) * 100) for s in shares)
    return SplitRule.objects.create(
        scope=scope,
        facility=workshop.facility if workshop else facility,
        workshop=workshop,
        name=name or f"Aturan {scope}",
        base=base,
        premi_bp=premi,
        pnbp_bp=pnbp,
        capital_bp=capital,
        legal_basis="Keputusan Direktur Jenderal Pemasyarakatan (uji)",
        valid_from=valid_from,
        valid_to=valid_to,
    )


def parts(split) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(premi, pnbp, capital, material) of one split."""
    return (split.premi, split.pnbp, split.capital, split.material)
