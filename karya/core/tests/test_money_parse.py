"""Amounts typed by people: whole rupiah, dots between thousands, an optional Rp."""

from decimal import Decimal

import pytest

from karya.core.money import parse_rupiah


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("15000", 15000),
        ("15.000", 15000),
        ("Rp 15.000", 15000),
        ("rp.1.500.000,00", 1500000),
        (" 250 000 ", 250000),
        ("0", 0),
        ("-Rp 5.000", -5000),
    ],
)
def test_amounts_as_people_type_them(text, amount):
    value = parse_rupiah(text)
    assert value == amount and isinstance(value, Decimal)


@pytest.mark.parametrize(
    "text", ["15,000", "15,5", "1.50", "1.0000", "lima ribu", "", "1e5", "١٢", "Rp"]
)
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError):
        parse_rupiah(text)
