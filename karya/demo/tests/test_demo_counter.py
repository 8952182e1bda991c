"""The demo's bazaar day at Lapas Pamekasan (seed 004): counter sales of goods brought to a
bazaar stand and of car and motorbike washes, paid by cash, transfer and QRIS, one cancelled;
loading twice adds nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from karya.demo.catalogue import catalogue_load
from karya.demo.sales_counter import EVENT, STAND, counter_demo_load
from karya.demo.stock import stock_load
from karya.inventory.models import StockMove
from karya.inventory.tests.conftest import ledger_problems
from karya.production.services import product_create
from karya.sales.models import Payment, Sale
from karya.sales.selectors.counter import counter_day
from karya.tests.factories import FacilityFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("national_split_rule")]

GOODS = [
    ("Miniatur perahu", "kayu", "buah"),
    ("Miniatur Monumen Arek Lancor", "kayu", "buah"),
    ("Kue kering", "kuliner", "paket"),
    ("Camilan tradisional", "kuliner", "paket"),
    ("Minuman herbal", "kuliner", "porsi"),
]


@pytest.fixture
def pamekasan(db):
    """Lapas Pamekasan with its goods priced and stocked, but no wash services yet."""
    facility = FacilityFactory(code="LPPMK", name="Lapas Kelas IIA Pamekasan")
    admin = UserFactory(username="admin")
    with scope(facility=[facility.pk]):
        for name, category, unit in GOODS:
            product_create(
                actor=admin, facility=facility, name=name, category=category, unit_of_measure=unit
            )
        catalogue_load(actor=admin, facility=facility)
        stock_load(actor=admin, facility=facility)
    return facility, admin


def rows():
    with scopes_disabled():
        return (Sale.objects.count(), Payment.objects.count(), StockMove.objects.count())


def test_the_bazaar_day_is_loaded_once(pamekasan):
    facility, admin = pamekasan
    with scope(facility=[facility.pk]):
        counter_demo_load(actor=admin, facility=facility)
        loaded = rows()
        counter_demo_load(actor=admin, facility=facility)
        assert rows() == loaded
        summary = counter_day(facility=facility, day=dt.date(2026, 2, 14))
    assert {s.event for s in summary.sales} == {EVENT}
    assert {s.location.name for s in summary.sales} == {STAND}
    assert len(summary.cancellations) == 1
    sold = {row.name: row.quantity for row in summary.products}
    assert sold["Cuci mobil"] == 4 and sold["Cuci motor"] == 6  # made by the demo, with prices
    assert sold["Kue kering"] == 3  # the three jars typed wrongly were cancelled
    methods = {method: amount for method, _label, amount in summary.per_method}
    assert all(methods[m] > 0 for m in ("cash", "transfer", "qris"))
    assert summary.received == summary.net > Decimal(0)
    with scopes_disabled():
        cash = Payment.objects.filter(method="cash", tendered__isnull=False).first()
        assert cash.change >= 0
        assert not StockMove.objects.filter(product__category="jasa").exists()
    assert ledger_problems(facility) == []


def test_other_units_get_no_bazaar(facility, admin_user):
    with scope(facility=[facility.pk]):
        counter_demo_load(actor=admin_user, facility=facility)
    assert rows() == (0, 0, 0)
