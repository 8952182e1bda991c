"""Calendar months as the reports use them: a month is the date of its first day, in the time
zone of the unit whose records it counts."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from karya.core.dates import MONTHS_EN, MONTHS_ID, today_in


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def previous_month(month: dt.date) -> dt.date:
    return (
        dt.date(month.year - 1, 12, 1) if month.month == 1 else month.replace(month=month.month - 1)
    )


def last_day(month: dt.date) -> dt.date:
    return next_month(month) - dt.timedelta(days=1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from `first`'s to `last`'s, both included."""
    months, month = [], month_of(first)
    while month <= month_of(last):
        months.append(month)
        month = next_month(month)
    return months


def year_start(month: dt.date) -> dt.date:
    return dt.date(month.year, 1, 1)


def current_month(tz_name: str) -> dt.date:
    return month_of(today_in(tz_name))


def start_of(month: dt.date, tz_name: str) -> dt.datetime:
    """The first instant of the month in the zone (an aware datetime)."""
    return dt.datetime(month.year, month.month, 1, tzinfo=ZoneInfo(tz_name))


def parse_month(text: str | None) -> dt.date | None:
    """'2026-01' → 1 January 2026; None for anything else."""
    try:
        year, month = (int(part) for part in (text or "").strip().split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return dt.date(year, month, 1)
    except ValueError:
        pass
    return None


def month_label(month: dt.date, *, language: str | None = None) -> str:
    """'Januari 2026' (English: 'January 2026')."""
    from django.utils import translation

    names = MONTHS_EN if (language or translation.get_language()) == "en" else MONTHS_ID
    return f"{names[month.month - 1]} {month.year}"


def ytd_label(month: dt.date) -> str:
    """'Januari – Maret 2026', or 'Januari 2026' for January."""
    if month.month == 1:
        return month_label(month)
    first = month_label(year_start(month)).split(" ")[0]
    return _("%(first)s – %(last)s") % {"first": first, "last": month_label(month)}
