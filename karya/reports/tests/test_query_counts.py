"""A dashboard costs the same number of queries for two units or for many, and for a few
breakdown lines or many: it reads the stored monthly figures, never the ledgers."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from karya.production.models import Product
from karya.reports.models import AggregateState, UnitMonth, UnitMonthDetail
from karya.reports.periods import current_month, months_between, previous_month, year_start
from karya.tests.factories import FacilityFactory, RegionFactory

pytestmark = pytest.mark.django_db
MOST = 30  # queries of one dashboard, whatever the number of units or lines


def add_units(region, count: int, *, start: int, lines: int = 3) -> list:
    """`count` units with stored figures for every month of this year (computed up to now),
    each with `lines` products in its breakdowns and one listed on the e-Katalog."""
    units = []
    now = timezone.now()
    with scopes_disabled():
        for n in range(start, start + count):
            facility = FacilityFactory(region=region, code=f"LPX{n:03d}", name=f"Lapas Uji {n}")
            this_month = current_month(facility.timezone)
            Product.objects.create(
                facility=facility,
                name="Keset",
                category="kerajinan",
                unit_of_measure="buah",
                ekatalog_listed=True,
                ekatalog_reference=f"EK-{n}",
            )
            for month in months_between(year_start(this_month), this_month):
                UnitMonth.objects.create(
                    facility=facility,
                    month=month,
                    computed_at=now,
                    population=100 + n,
                    working=40 + n,
                    revenue=Decimal(1_000_000 * n),
                    pnbp_deposited=Decimal(100_000),
                )
                UnitMonthDetail.objects.bulk_create(
                    [
                        UnitMonthDetail(
                            facility=facility,
                            month=month,
                            dimension="product",
                            key=str(k),
                            label=f"Produk {k}",
                            quantity=k,
                            planned=k + 1,
                        )
                        for k in range(lines)
                    ]
                    + [
                        UnitMonthDetail(
                            facility=facility,
                            month=month,
                            dimension="channel",
                            key="counter",
                            amount=Decimal(1_000_000 * n),
                            quantity=3,
                        )
                    ]
                )
            AggregateState.objects.create(facility=facility, through=this_month)
            units.append(facility)
    return units


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def regions(db):
    return RegionFactory(name="Jawa Tengah", code="jawa-tengah"), RegionFactory(
        name="Bali", code="bali"
    )


def test_the_region_and_country_dashboards_take_as_many_queries_for_many_units(
    regions, make_user, login
):
    jateng, bali = regions
    add_units(jateng, 2, start=1)
    add_units(bali, 1, start=50)
    client = login(make_user("national"))
    region_few = queries(client, "/wilayah/jawa-tengah/laporan/")
    country_few = queries(client, "/laporan/nasional/")
    add_units(jateng, 6, start=10)
    add_units(bali, 5, start=60)
    assert queries(client, "/wilayah/jawa-tengah/laporan/") == region_few <= MOST
    assert queries(client, "/laporan/nasional/") == country_few <= MOST
    page = client.get("/wilayah/jawa-tengah/laporan/").content.decode()
    assert page.count('<tr data-code="LPX') == 8  # every unit is there


def test_the_unit_dashboard_takes_as_many_queries_for_many_lines(regions, make_user, login):
    jateng, _bali = regions
    few = add_units(jateng, 1, start=1, lines=2)[0]
    many = add_units(jateng, 1, start=2, lines=40)[0]
    client = login(make_user("national"))
    counted = [queries(client, f"/upt/{unit.code}/laporan/") for unit in (few, many)]
    assert counted[0] == counted[1] <= MOST
    head = login(make_user("head", facility=many))
    assert queries(head, f"/upt/{many.code}/laporan/") <= MOST


def test_reading_refreshes_what_is_out_of_date_first(regions, make_user, login):
    """A unit whose figures are not computed up to the month is computed before it is read."""
    jateng, _bali = regions
    unit = add_units(jateng, 1, start=1)[0]
    with scopes_disabled():
        AggregateState.objects.filter(facility=unit).update(
            through=previous_month(current_month(unit.timezone))
        )
    page = login(make_user("national")).get(f"/upt/{unit.code}/laporan/").content.decode()
    with scopes_disabled():
        row = UnitMonth.objects.get(facility=unit, month=current_month(unit.timezone))
        state = AggregateState.objects.get(facility=unit)
    assert state.through == current_month(unit.timezone)
    assert row.revenue == 0  # recomputed from the records: the unit has none
    assert re.search(r'data-measure="revenue">.*?class="num month">Rp 0<', page, re.S)
