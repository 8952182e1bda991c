"""The demo's stock: a store and a gallery with opening stock of the unit's goods (not of its
services), part of it in the gallery; loading twice adds nothing."""

import pytest
from django_scopes import scope, scopes_disabled

from karya.demo.stock import stock_load
from karya.inventory.models import StockBalance, StockLocation, StockMove
from karya.inventory.tests.conftest import ledger_problems, make_product

pytestmark = pytest.mark.django_db


def test_demo_stock_is_loaded_once(facility, admin_user):
    make_product(facility, name="Sapu lidi")
    make_product(facility, name="Meja kayu", unit="buah", category="kayu")
    make_product(facility, name="Cuci mobil", unit="kali", category="jasa")
    with scope(facility=[facility.pk]):
        stock_load(actor=admin_user, facility=facility)
        stock_load(actor=admin_user, facility=facility)
    with scopes_disabled():
        assert set(StockLocation.objects.values_list("name", "kind")) == {
            ("Gudang Produksi", "store"),
            ("Galeri", "gallery"),
        }
        held = {
            (b.location.name, b.product.name): b.quantity
            for b in StockBalance.objects.select_related("location", "product")
        }
        assert {product for _location, product in held} == {"Sapu lidi", "Meja kayu"}
        assert all(quantity > 0 for quantity in held.values())
        assert held[("Galeri", "Sapu lidi")] < held[("Gudang Produksi", "Sapu lidi")]
        assert StockMove.objects.get(kind="opening", product__name="Meja kayu").unit_cost == 350000
        assert StockMove.objects.count() == 6  # per product: opening and two transfer legs
    assert ledger_problems(facility) == []
