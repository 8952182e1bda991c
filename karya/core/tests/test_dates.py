"""Dates read as Indonesians write them, in the unit's zone; UTC is never shown."""

import datetime as dt

import pytest
from django.utils import translation

from karya.core.dates import hari_tanggal_terbilang, parse_date, tanggal, tanggal_waktu

PICKUP_UTC = dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC)  # seed 000: 09.40 WIB


def test_pickup_time_in_each_zone():
    with translation.override("id"):
        assert tanggal_waktu(PICKUP_UTC, "Asia/Jakarta") == "31 Januari 2026, 09.40 WIB"
        assert tanggal_waktu(PICKUP_UTC, "Asia/Makassar") == "31 Januari 2026, 10.40 WITA"
        assert tanggal_waktu(PICKUP_UTC, "Asia/Jayapura") == "31 Januari 2026, 11.40 WIT"


def test_english_month_names():
    with translation.override("en"):
        assert tanggal(dt.date(2025, 8, 20)) == "20 August 2025"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        tanggal_waktu(dt.datetime(2026, 1, 31, 9, 40), "Asia/Jakarta")  # noqa: DTZ001


def test_dating_line_of_official_minutes():
    assert hari_tanggal_terbilang(dt.date(2026, 1, 31)) == (
        "Sabtu tanggal tiga puluh satu bulan Januari tahun dua ribu dua puluh enam"
    )


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("31-01-2026", dt.date(2026, 1, 31)),
        ("31/01/2026", dt.date(2026, 1, 31)),
        ("2026-01-31", dt.date(2026, 1, 31)),
        ("31-02-2026", None),
        ("kemarin", None),
    ],
)
def test_parse_date(text, date):
    assert parse_date(text) == date
