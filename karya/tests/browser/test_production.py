"""A production order in Chromium: plan it, start it, record the material used, finish it with
good and rejected quantities, and find the new lot in the stock."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from karya.core.dates import today_in
from karya.inventory.models import StockLocation
from karya.production import services
from karya.production.models import Material, Product
from karya.programs.models import Workshop

pytestmark = pytest.mark.browser


@pytest.fixture
def setup(facility, officer):
    with scopes_disabled():
        product = Product.objects.create(
            facility=facility, name="Sapu lidi", category="kerajinan", unit_of_measure="batang"
        )
        place = Workshop.objects.create(
            facility=facility, name="Bengkel Sapu", sector="kerajinan", capacity=5
        )
        place.products.add(product)
        StockLocation.objects.create(facility=facility, name="Gudang Produksi", kind="store")
        lidi = Material.objects.create(
            facility=facility, name="Lidi kelapa", unit_of_measure="kg", owner="own"
        )
        services.material_purchase(
            actor=officer, material=lidi, quantity="50", unit_price=3000, supplier="UD Lidi"
        )
    return product


def test_officer_runs_an_order_into_stock(page, log_in, officer, facility, setup, screenshot):
    today = today_in(facility.timezone)
    log_in(page, officer)
    page.goto(f"/upt/{facility.code}/produk/perintah/")
    page.get_by_role("link", name="Rencanakan perintah produksi").click()
    page.get_by_label("Bengkel kerja").select_option(label="Bengkel Sapu")
    page.get_by_label("Produk").select_option(label="Sapu lidi")
    page.get_by_label("Jumlah rencana").fill("100")
    page.get_by_role("button", name="Rencanakan").click()
    number = f"PO/{facility.code}/{today.year}/0001"
    expect(page.get_by_role("heading", level=1)).to_have_text(number)
    expect(page.locator("#order-status")).to_have_text("Direncanakan")

    page.get_by_role("button", name="Mulai perintah").click()
    expect(page.locator("#order-status")).to_have_text("Sedang dikerjakan")

    page.get_by_role("link", name="Catat pemakaian bahan").click()
    page.get_by_label("Bahan").select_option(label="Lidi kelapa")
    page.get_by_label("Jumlah").fill("60")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Lidi kelapa tidak cukup")).to_be_visible()
    page.get_by_label("Jumlah").fill("12,5")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("ul.messages")).to_have_text("Pemakaian bahan dicatat.")

    page.get_by_role("link", name="Selesaikan perintah").click()
    page.get_by_label("Lokasi stok").select_option(label="Gudang Produksi")
    page.get_by_label("Jumlah baik").fill("95")
    page.get_by_label("Jumlah afkir").fill("5")
    page.get_by_role("button", name="Simpan").click()
    lot = f"SAPU-LIDI-{today:%Y%m%d}-1"
    expect(page.locator("#order-status")).to_have_text("Selesai")
    expect(page.locator("#order-lot")).to_have_text(lot)
    screenshot(page, "production-order-finished")

    page.goto(f"/upt/{facility.code}/stok/")
    page.get_by_role("link", name="Gudang Produksi").click()
    expect(page.get_by_text(lot)).to_be_visible()
