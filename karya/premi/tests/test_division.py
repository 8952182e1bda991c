"""Dividing a pool: whole rupiah, never negative, summing exactly to the pool, the same for
the same input (hypothesis), and worked examples as tables, explained in Indonesian."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from karya.core.money import split_largest_remainder
from karya.premi.division import (
    Contribution,
    ContributionPart,
    divide_pool,
    explain,
    format_number,
    format_percent,
)

weights = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False)
part = st.builds(ContributionPart, quantity=st.integers(0, 10_000), weight=weights)
contribution = st.builds(
    Contribution,
    inmate_id=st.integers(1, 10**6),
    basis=st.just("pieces"),
    parts=st.lists(part, max_size=4).map(tuple),
)
pools = st.integers(min_value=0, max_value=10**12)


@given(pool=pools, contributions=st.lists(contribution, min_size=1, max_size=40))
def test_any_pool_any_contributions(pool, contributions):
    shares = divide_pool(pool, contributions)
    assert len(shares) == len(contributions)
    assert all(share == share.to_integral_value() for share in shares)  # whole rupiah
    assert all(share >= 0 for share in shares)
    if any(c.points for c in contributions):
        assert sum(shares) == pool
    else:
        assert sum(shares) == 0  # nobody to share with: the run refuses approval
    assert divide_pool(pool, contributions) == shares  # same input, same output
    assert divide_pool(Decimal(pool), list(contributions)) == shares
    for c, share in zip(contributions, shares, strict=True):
        if not c.points:
            assert share == 0


@given(pool=pools, contributions=st.lists(contribution, min_size=2, max_size=20))
def test_more_points_never_get_less(pool, contributions):
    shares = divide_pool(pool, contributions)
    for a, share_a in zip(contributions, shares, strict=True):
        for b, share_b in zip(contributions, shares, strict=True):
            if a.points > b.points:
                assert share_a >= share_b


def test_a_negative_pool_is_refused():
    with pytest.raises(ValueError):
        divide_pool(-1, [Contribution(1, "pieces", (ContributionPart(Decimal(1)),))])


def pieces(inmate_id, *items):
    return Contribution(
        inmate_id,
        "pieces",
        tuple(ContributionPart(Decimal(q), Decimal(w), name) for q, name, w in items),
    )


# A harvest of Rp 1.270.000: 70% to PNBP and capital, 30% premi (Rp 381.000) for 7 inmates.
HARVEST_PREMI = Decimal(1_270_000) * 30 / 100
SEVEN = [
    # inmate, points, share
    (1, 200, 84_667),  # 84.666,67: the one rupiah left over goes to the largest remainder
    (2, 180, 76_200),
    (3, 150, 63_500),
    (4, 120, 50_800),
    (5, 100, 42_333),  # 42.333,33
    (6, 90, 38_100),
    (7, 60, 25_400),
]


def test_a_harvest_shared_by_seven_inmates():
    assert HARVEST_PREMI == 381_000
    contributions = [pieces(i, (points, "Sapu lidi", 1)) for i, points, _ in SEVEN]
    shares = divide_pool(HARVEST_PREMI, contributions)
    assert shares == [Decimal(s) for _i, _p, s in SEVEN]
    assert sum(shares) == 381_000


@pytest.mark.parametrize(
    ("pool", "points", "shares"),
    [
        (100, [1, 1, 1], [34, 33, 33]),  # ties: the earlier inmate gets the left-over rupiah
        (100, [0, 1, 1], [0, 50, 50]),
        (10, [1, 2, 3, 4], [1, 2, 3, 4]),
        (7, [1, 1], [4, 3]),
        (0, [5, 5], [0, 0]),
        (1, [1, 1, 1], [1, 0, 0]),
        (381_000, [38, 19, 0.5], [251_791, 125_896, 3_313]),
    ],
)
def test_worked_examples(pool, points, shares):
    contributions = [
        Contribution(i, "hours", (ContributionPart(Decimal(str(p))),)) for i, p in enumerate(points)
    ]
    assert divide_pool(pool, contributions) == [Decimal(s) for s in shares]
    assert divide_pool(pool, contributions) == split_largest_remainder(
        pool, [Decimal(str(p)) for p in points]
    )


def test_a_share_is_explained_in_indonesian():
    broom_and_lakop = pieces(1, (120, "sapu lidi", 1), (20, "sapu lakop", 3))
    with translation.override("id"):
        text = explain(
            broom_and_lakop,
            total_points=Decimal(900),
            pool=Decimal(1_270_000),
            amount=Decimal(254_000),
        )
        hours = explain(
            Contribution(2, "hours", (ContributionPart(Decimal("37.5")),)),
            total_points=Decimal(150),
            pool=Decimal(381_000),
            amount=Decimal(95_250),
        )
        days = explain(
            Contribution(3, "days", (ContributionPart(Decimal(6)),)),
            total_points=Decimal(30),
            pool=Decimal(381_000),
            amount=Decimal(76_200),
        )
        nothing = explain(
            Contribution(4, "pieces", ()),
            total_points=Decimal(30),
            pool=Decimal(381_000),
            amount=Decimal(0),
        )
    assert text == (
        "120 sapu lidi × bobot 1 + 20 sapu lakop × bobot 3 = 180 poin dari 900 poin → "
        "20,00% × Rp 1.270.000 = Rp 254.000"
    )
    assert hours == "37,5 jam dari 150 jam → 25,00% × Rp 381.000 = Rp 95.250"
    assert days == "6 hari hadir dari 30 hari → 20,00% × Rp 381.000 = Rp 76.200"
    assert nothing == "Tidak ada kontribusi pada periode ini → Rp 0"


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (1234567, "1.234.567"), (Decimal("37.50"), "37,5"), (Decimal("-1.25"), "-1,25")],
)
def test_numbers_are_written_the_indonesian_way(value, text):
    assert format_number(value) == text


def test_percentages():
    assert format_percent(Decimal(1), Decimal(3)) == "33,33%"
    assert format_percent(Decimal(2), Decimal(3)) == "66,67%"
    assert format_percent(Decimal(0), Decimal(0)) == "0,00%"
