"""Money: rupiah as `Decimal`, never float. This module owns rounding (DESIGN.md §3).

- `rupiah(x)` turns input into a Decimal of whole rupiah (half up), refusing floats.
- `format_rupiah(x)` writes it the Indonesian way: `Rp 1.234.567`.
- `percent_of(amount, percent)` is that percentage of an amount in whole rupiah (half up), e.g.
  a partner's commission.
- `split_largest_remainder(total, weights)` divides whole rupiah by weights so that the parts
  sum exactly to the total (largest remainder method).
- `terbilang(x)` writes an amount in Indonesian words ("satu juta dua ratus ribu rupiah").
- `parse_rupiah(text)` reads an amount as people type it: `15000`, `15.000`, `Rp 15.000,00`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from num2words import num2words

WHOLE = Decimal("1")


def rupiah(value: Decimal | int | str) -> Decimal:
    """Whole rupiah as a Decimal; rounds half up. Floats are refused: they lose cents silently."""
    if isinstance(value, float):
        raise TypeError("Money must not be a float; pass a Decimal, int or str.")
    try:
        amount = Decimal(value)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"Not an amount: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"Not an amount: {value!r}")
    return amount.quantize(WHOLE, rounding=ROUND_HALF_UP)


def format_rupiah(value: Decimal | int | str | None) -> str:
    """`Rp 1.234.567` (negative: `-Rp 1.234.567`); empty string for None."""
    if value is None or value == "":
        return ""
    amount = rupiah(value)
    sign = "-" if amount < 0 else ""
    digits = f"{abs(amount):,.0f}".replace(",", ".")
    return f"{sign}Rp {digits}"


def percent_of(amount: Decimal | int | str, percent: Decimal | int | str) -> Decimal:
    """`percent` % of `amount`, in whole rupiah rounded half up: 10 % of Rp 350.000 is
    Rp 35.000; 7,5 % of Rp 37.035 (Rp 2.777,625) is Rp 2.778."""
    if isinstance(amount, float) or isinstance(percent, float):
        raise TypeError("Money must not be a float; pass a Decimal, int or str.")
    return rupiah(Decimal(amount) * Decimal(percent) / Decimal(100))


def split_largest_remainder(
    total: Decimal | int, weights: Sequence[Decimal | int]
) -> list[Decimal]:
    """Divide `total` whole rupiah in proportion to `weights`; the parts sum exactly to total.

    Each part is first rounded down; the rupiah left over go one each to the parts with the
    largest remainders (ties: the earlier part). All weights zero: everything is zero (and the
    caller must decide where the total goes).
    """
    amount = rupiah(total)
    if amount < 0:
        raise ValueError("Cannot split a negative amount.")
    weights = [Decimal(w) for w in weights]
    if any(w < 0 for w in weights):
        raise ValueError("Weights must not be negative.")
    weight_sum = sum(weights, Decimal(0))
    if not weights or weight_sum == 0:
        return [Decimal(0) for _ in weights]
    exact = [amount * w / weight_sum for w in weights]
    parts = [e.quantize(WHOLE, rounding=ROUND_FLOOR) for e in exact]
    leftover = int(amount - sum(parts, Decimal(0)))
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:leftover]:
        parts[i] += 1
    return parts


def terbilang(value: Decimal | int | str, *, with_currency: bool = True) -> str:
    """An amount in Indonesian words, as written on receipts and minutes."""
    amount = rupiah(value)
    words = num2words(int(abs(amount)), lang="id")
    if amount < 0:
        words = f"minus {words}"
    return f"{words} rupiah" if with_currency else words


_TYPED = re.compile(r"^(-)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,00?)?$", re.ASCII)


def parse_rupiah(text: str) -> Decimal:
    """Whole rupiah typed the Indonesian way: digits, optionally grouped by dots (`1.500.000`),
    an optional `Rp` in front and an optional `,00` behind. A fraction of a rupiah, a comma
    used as a thousands separator or anything else raises ValueError."""
    cleaned = re.sub(r"\s+", "", str(text))
    cleaned = re.sub(r"^(-?)rp\.?", r"\1", cleaned, flags=re.IGNORECASE)
    match = _TYPED.match(cleaned)
    if not match:
        raise ValueError(f"Not an amount of whole rupiah: {text!r}")
    sign, digits = match.group(1) or "", match.group(2).replace(".", "")
    return rupiah(sign + digits)
