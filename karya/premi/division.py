"""Dividing a premi pool among the inmates who worked, and explaining each number.

Pure functions (no database): `divide_pool` takes the pool and the contributions and returns
the shares — whole rupiah, never negative, summing exactly to the pool, the same for the same
input (largest remainder, karya.core.money; ties go to the earlier contribution, so callers
pass contributions in a fixed order). `explain` writes the sentence shown to the head and on
the slip, e.g. "120 Sapu lidi × bobot 1 + 20 Sapu lakop × bobot 3 = 180 poin dari 900 poin →
20,00% × Rp 1.270.000 = Rp 254.000".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from karya.core.money import format_rupiah, rupiah, split_largest_remainder
from karya.programs.choices import ContributionBasis

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class ContributionPart:
    """Pieces of one product (with the product's weight), or hours, or days present."""

    quantity: Decimal
    weight: Decimal = Decimal(1)
    label: str = ""

    @property
    def points(self) -> Decimal:
        return Decimal(self.quantity) * Decimal(self.weight)


@dataclass(frozen=True)
class Contribution:
    """What one inmate contributed in the period, counted the workshop's way."""

    inmate_id: int
    basis: str
    parts: tuple[ContributionPart, ...] = field(default_factory=tuple)

    @property
    def points(self) -> Decimal:
        return sum((part.points for part in self.parts), Decimal(0))

    @property
    def measure(self) -> Decimal:
        """Pieces, hours or days, unweighted."""
        return sum((Decimal(part.quantity) for part in self.parts), Decimal(0))


def divide_pool(pool: Decimal | int, contributions: Sequence[Contribution]) -> list[Decimal]:
    """The share of each contribution, in order. Whole rupiah, ≥ 0, summing exactly to the
    pool whenever some contribution has points (with none, every share is 0 and the caller
    refuses to approve). A negative pool or negative points raise ValueError."""
    return split_largest_remainder(rupiah(pool), [c.points for c in contributions])


def format_number(value: Decimal | int) -> str:
    """1.234 or 1.234,5 — the Indonesian way (dots group thousands, a comma before decimals)."""
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole = int(value)
    fraction = value - whole
    text = f"{whole:,}".replace(",", ".")
    if fraction:
        digits = f"{fraction.normalize():f}".split(".")[1]
        text = f"{text},{digits}"
    return sign + text


def format_percent(part: Decimal, whole: Decimal) -> str:
    """'20,00%' — a display of the proportion only; the amounts come from divide_pool."""
    if not whole:
        return "0,00%"
    percent = (Decimal(part) * 100 / Decimal(whole)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    return f"{percent:.2f}".replace(".", ",") + "%"


def _contribution_text(contribution: Contribution) -> str:
    if contribution.basis == ContributionBasis.HOURS:
        return _("%(hours)s hours") % {"hours": format_number(contribution.points)}
    if contribution.basis == ContributionBasis.DAYS:
        return _("%(days)s days present") % {"days": format_number(contribution.points)}
    parts = [
        _("%(quantity)s %(product)s × weight %(weight)s")
        % {
            "quantity": format_number(part.quantity),
            "product": part.label,
            "weight": format_number(part.weight),
        }
        for part in contribution.parts
    ]
    text = " + ".join(parts)
    return _("%(parts)s = %(points)s points") % {
        "parts": text,
        "points": format_number(contribution.points),
    }


def _total_text(basis: str, total: Decimal) -> str:
    if basis == ContributionBasis.HOURS:
        return _("%(total)s hours") % {"total": format_number(total)}
    if basis == ContributionBasis.DAYS:
        return _("%(total)s days") % {"total": format_number(total)}
    return _("%(total)s points") % {"total": format_number(total)}


def explain(
    contribution: Contribution, *, total_points: Decimal, pool: Decimal, amount: Decimal
) -> str:
    """How this share was reached, in the active language."""
    if not contribution.points:
        return _("No contribution in this period → %(amount)s") % {"amount": format_rupiah(amount)}
    return _("%(contribution)s of %(total)s → %(percent)s × %(pool)s = %(amount)s") % {
        "contribution": _contribution_text(contribution),
        "total": _total_text(contribution.basis, total_points),
        "percent": format_percent(contribution.points, total_points),
        "pool": format_rupiah(pool),
        "amount": format_rupiah(amount),
    }
