"""Dates and times as Indonesians write them, in the facility's own zone (DESIGN.md §4).

Stored values are UTC; `local(dt, tz)` converts for display. `tanggal(d)` writes
"31 Januari 2026"; `tanggal_waktu(dt, tz)` writes "31 Januari 2026, 09.40 WIB". In English the
same shapes use English month names. `hari_tanggal_terbilang(d)` writes the dating line of
official minutes ("Sabtu tanggal tiga puluh satu bulan Januari tahun dua ribu dua puluh enam").
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from num2words import num2words

MONTHS_ID = (
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
).split()
MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()
DAYS_ID = "Senin Selasa Rabu Kamis Jumat Sabtu Minggu".split()
ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def zone_abbreviation(tz_name: str) -> str:
    return ZONE_ABBREVIATIONS.get(tz_name, tz_name)


def local(value: dt.datetime, tz_name: str | None = None) -> dt.datetime:
    """An aware datetime in the given zone (or the active one). Naive input is refused."""
    if timezone.is_naive(value):
        raise ValueError("Naive datetimes are not allowed; store UTC.")
    zone = ZoneInfo(tz_name) if tz_name else timezone.get_current_timezone()
    return value.astimezone(zone)


def _month_name(month: int) -> str:
    months = MONTHS_EN if translation.get_language() == "en" else MONTHS_ID
    return months[month - 1]


def tanggal(value: dt.date | dt.datetime | None) -> str:
    """'31 Januari 2026' (or '31 January 2026' in English); '' for None."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = local(value).date()
    return f"{value.day} {_month_name(value.month)} {value.year}"


def tanggal_waktu(value: dt.datetime | None, tz_name: str | None = None) -> str:
    """'31 Januari 2026, 09.40 WIB' in the given zone (default: the active one)."""
    if value is None:
        return ""
    moment = local(value, tz_name)
    zone = zone_abbreviation(tz_name or timezone.get_current_timezone_name())
    return f"{tanggal(moment.date())}, {moment:%H.%M} {zone}"


def waktu(value: dt.datetime | None, tz_name: str | None = None) -> str:
    """'09.40 WIB': the time of day only, in the given zone (default: the active one)."""
    if value is None:
        return ""
    moment = local(value, tz_name)
    zone = zone_abbreviation(tz_name or timezone.get_current_timezone_name())
    return f"{moment:%H.%M} {zone}"


def hari_tanggal_terbilang(value: dt.date) -> str:
    """The dating line of an official document, in Indonesian words."""
    day = DAYS_ID[value.weekday()]
    return (
        f"{day} tanggal {num2words(value.day, lang='id')} bulan {MONTHS_ID[value.month - 1]} "
        f"tahun {num2words(value.year, lang='id')}"
    )


def parse_date(text: str) -> dt.date | None:
    """Read a date as written in Indonesian files: 31-01-2026, 31/01/2026 or 2026-01-31.

    Returns None for an impossible or unreadable date.
    """
    text = text.strip()
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    return None


def today_in(tz_name: str) -> dt.date:
    """Today's date in a unit's zone (a day starts at midnight WIB, WITA or WIT)."""
    return timezone.now().astimezone(ZoneInfo(tz_name)).date()


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and the last day of the month of `day`."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)
