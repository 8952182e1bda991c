"""Order test data: prices of the sales fixtures' products (valid from 1 January 2026), a
car-wash service and a table listed on the e-Katalog."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from karya.inventory.tests.conftest import make_product
from karya.sales.tests.orders.support import set_price


@pytest.fixture
def priced(broom, lakop):
    """Sapu lidi Rp 15.000 (partner Rp 10.000), sapu lakop Rp 25.000 (partner Rp 18.000)."""
    set_price(broom, 15000, 10000, 6000)
    set_price(lakop, 25000, 18000, 10000)
    return broom, lakop


@pytest.fixture
def car_wash(facility):
    product = make_product(facility, name="Cuci mobil", unit="kali", category="jasa")
    set_price(product, 40000, 40000)
    return product


@pytest.fixture
def table(facility):
    """A wooden table listed on the e-Katalog, Rp 1.500.000."""
    product = make_product(facility, name="Meja kayu", unit="buah", category="kayu")
    with scopes_disabled():
        product.ekatalog_listed = True
        product.ekatalog_reference = "DEMO-EKAT-0001"
        product.save()
    set_price(product, 1500000, 1200000, 700000)
    return product


@pytest.fixture
def partner_user(facility, make_user):
    """A partner's own user (CV. Pusat Handicraft of the unit): no unit page, no unit API."""
    from karya.accounts.services import membership_create
    from karya.sales.tests.conftest import make_agreement

    partner = make_agreement(facility, schemes=["beli_putus"]).partner
    user = make_user(username="mitra.handicraft")
    membership_create(actor=None, user=user, role="partner", partner=partner)
    return user


@pytest.fixture
def quotation_in(make_user):
    """quotation_in(unit) → (a quotation of Sapu lidi with one line, made by that unit's output
    officer); the product is the unit's own, priced Rp 15.000."""
    from karya.inventory.tests.conftest import make_product
    from karya.sales.tests.orders.support import quote

    def make(unit):
        clerk = make_user("output_officer", facility=unit)
        product = make_product(unit, name="Sapu lidi")
        set_price(product, 15000, 10000)
        return quote(unit, clerk, [(product, 10)])

    return make
