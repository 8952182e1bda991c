"""The demo catalogue: realistic prices from 1 July 2025, fictional food legality, some
products published; completing it again changes nothing."""

import datetime as dt

import pytest
from django_scopes import scope

from karya.audit.models import AuditEntry
from karya.core.dates import today_in
from karya.demo.catalogue import CATALOGUE, PRICES_FROM, catalogue_load
from karya.production.models import Product, ProductPrice
from karya.production.selectors import price_on
from karya.production.services import product_create
from karya.production.warnings import product_warnings
from karya.tests.factories import FacilityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pamekasan(db):
    facility = FacilityFactory(code="LPPMK", name="Lapas Kelas IIA Pamekasan")
    with scope(facility=[facility.pk]):
        for name, category, unit in [
            ("Meja kayu", "kayu", "buah"),
            ("Cuci mobil", "jasa", "kali"),
            ("Kue kering", "kuliner", "paket"),
            ("Camilan tradisional", "kuliner", "paket"),
            ("Minuman herbal", "kuliner", "porsi"),
        ]:
            product_create(
                actor=None, facility=facility, name=name, category=category, unit_of_measure=unit
            )
        yield facility


def test_prices_legality_and_publication(pamekasan):
    admin = UserFactory(username="admin")
    catalogue_load(actor=admin, facility=pamekasan)
    products = {p.name: p for p in Product.objects.filter(facility=pamekasan)}
    table = price_on(products["Meja kayu"], dt.date(2026, 1, 31))
    assert (table.valid_from, table.public_price, table.partner_price, table.cost) == (
        PRICES_FROM,
        1_500_000,
        1_200_000,
        700_000,
    )
    assert price_on(products["Cuci mobil"], PRICES_FROM).public_price == 40_000
    assert price_on(products["Kue kering"], dt.date(2025, 6, 30)) is None
    cookies = products["Kue kering"]
    assert cookies.pirt_number.startswith("DEMO-") and cookies.halal_number.startswith("DEMO-")
    assert cookies.is_published and products["Meja kayu"].ekatalog_listed
    assert not products["Minuman herbal"].is_published  # no P-IRT number: cannot be
    assert products["Minuman herbal"].shelf_life_days == 2
    kinds = [
        w.kind for w in product_warnings(facility=pamekasan, today=today_in(pamekasan.timezone))
    ]
    assert "halal_expiring" in kinds or "halal_expired" in kinds

    counts = (ProductPrice.objects.count(), AuditEntry.objects.count())
    catalogue_load(actor=admin, facility=pamekasan)
    assert (ProductPrice.objects.count(), AuditEntry.objects.count()) == counts


def test_every_demo_price_is_sensible():
    for items in CATALOGUE.values():
        for item in items:
            assert 0 < item.cost < item.partner <= item.public, item.name
