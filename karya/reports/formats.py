"""Numbers as the reports write them: `1.140` and `45,3 %` in Indonesian (`1,140`, `45.3%` in
English), rupiah as `Rp 1.234.567` (karya.core.money)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from karya.core.money import format_rupiah
from karya.reports.measures import COUNT, PERCENT, QUANTITY, RUPIAH


def _indonesian() -> bool:
    return translation.get_language() != "en"


def number(value, decimals: int = 0) -> str:
    """A count or quantity with thousands separators; '–' for None."""
    if value is None:
        return "–"
    text = f"{Decimal(value):,.{decimals}f}"
    if _indonesian():
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def percent(value) -> str:
    if value is None:
        return "–"
    text = number(value, 1)
    return f"{text} %" if _indonesian() else f"{text}%"


def value(amount, kind: str) -> str:
    """A figure written by its kind (count, rupiah, percentage, quantity)."""
    if amount is None:
        return "–"
    if kind == RUPIAH:
        return format_rupiah(amount)
    if kind == PERCENT:
        return percent(amount)
    if kind in (COUNT, QUANTITY):
        return number(amount)
    return str(amount)
