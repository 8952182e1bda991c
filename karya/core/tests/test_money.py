"""Money is whole rupiah in Decimal, written the Indonesian way, split without losing a rupiah."""

from decimal import Decimal

import pytest

from karya.core.money import (
    format_rupiah,
    percent_of,
    rupiah,
    split_largest_remainder,
    terbilang,
)


def test_floats_are_refused():
    with pytest.raises(TypeError):
        rupiah(0.1)


def test_rounds_half_up_to_whole_rupiah():
    assert rupiah("1234.5") == Decimal("1235")
    assert rupiah(Decimal("1234.49")) == Decimal("1234")


@pytest.mark.parametrize("bad", ["abc", "NaN", "Infinity", ""])
def test_not_an_amount(bad):
    with pytest.raises(ValueError):
        rupiah(bad)


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "Rp 0"), (1234567, "Rp 1.234.567"), (Decimal("-5000"), "-Rp 5.000"), (None, "")],
)
def test_format(value, text):
    assert format_rupiah(value) == text


def test_split_sums_exactly_and_gives_leftovers_to_largest_remainders():
    parts = split_largest_remainder(100, [1, 1, 1])
    assert parts == [Decimal(34), Decimal(33), Decimal(33)]
    assert sum(parts) == 100


def test_split_by_weights():
    parts = split_largest_remainder(Decimal("1000000"), [Decimal("1140"), Decimal("290")])
    assert sum(parts) == Decimal("1000000")
    assert parts == [Decimal("797203"), Decimal("202797")]


def test_split_all_zero_weights_gives_zeros():
    assert split_largest_remainder(500, [0, 0]) == [0, 0]


def test_split_refuses_negative():
    with pytest.raises(ValueError):
        split_largest_remainder(-1, [1])
    with pytest.raises(ValueError):
        split_largest_remainder(1, [-1, 2])


def test_terbilang():
    assert terbilang(1250000) == "satu juta dua ratus lima puluh ribu rupiah"
    assert terbilang(11, with_currency=False) == "sebelas"


@pytest.mark.parametrize(
    ("amount", "percent", "part"),
    [
        (350000, 10, "35000"),
        (37035, "7.5", "2778"),  # 2.777,625 rounds up
        (25005, 10, "2501"),  # 2.500,5: half up
        (25004, 10, "2500"),
        (1000, 0, "0"),
        (1000, 100, "1000"),
    ],
)
def test_percent_of_rounds_half_up_to_whole_rupiah(amount, percent, part):
    assert percent_of(amount, percent) == Decimal(part)


def test_percent_of_refuses_floats():
    with pytest.raises(TypeError):
        percent_of(1000, 7.5)
