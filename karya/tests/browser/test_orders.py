"""A customer order in Chromium: the output officer makes a quotation for an institution,
adds a line, confirms the order, delivers it from the store and sees the invoice number."""

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from karya.core.dates import today_in
from karya.inventory.models import StockLocation
from karya.inventory.services import stock_receive
from karya.production.models import Product, ProductPrice

pytestmark = pytest.mark.browser


@pytest.fixture
def setup(facility, make_user):
    officer = make_user("output_officer", facility=facility, username="hasilkerja")
    with scopes_disabled():
        store = StockLocation.objects.create(
            facility=facility, name="Gudang Produksi", kind="store"
        )
        products = []
        for name, unit, price in (("Sapu lidi", "batang", 15000), ("Sapu lakop", "buah", 25000)):
            product = Product.objects.create(
                facility=facility, name=name, category="kerajinan", unit_of_measure=unit
            )
            ProductPrice.objects.create(
                facility=facility,
                product=product,
                valid_from=today_in(facility.timezone),
                cost=5000,
                public_price=price,
                partner_price=price - 5000,
            )
            products.append(product)
    with scope(facility=[facility.pk]):
        for product in products:
            stock_receive(actor=officer, location=store, product=product, quantity=200)
    return officer


def test_officer_quotes_confirms_and_delivers_an_order(page, log_in, facility, setup, screenshot):
    today = today_in(facility.timezone)
    log_in(page, setup)
    page.goto(f"/upt/{facility.code}/")
    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Penjualan"
    ).click()
    page.get_by_role("link", name="Pesanan", exact=True).click()
    page.get_by_role("link", name="Penawaran baru").click()
    page.get_by_label("Jenis pelanggan").select_option(label="Instansi atau perusahaan")
    page.get_by_label("Nama pelanggan").fill("SMK Negeri 1 Purwokerto")
    page.get_by_label("Produk pertama").select_option(label="Sapu lidi (batang)")
    page.get_by_label("Jumlah").fill("100")
    page.get_by_role("button", name="Buat penawaran").click()
    expect(page.locator("ul.messages")).to_contain_text("Penawaran dibuat.")

    page.get_by_label("Produk").select_option(label="Sapu lakop (buah)")
    page.get_by_label("Jumlah").fill("10")
    page.get_by_role("button", name="Tambah", exact=True).click()
    expect(page.locator("#order-lines")).to_contain_text("Rp 250.000")
    page.get_by_role("link", name="Kembali ke pesanan").click()

    number = f"PSN/{facility.code}/{today:%Y/%m}/0001"
    expect(page.get_by_role("heading", level=1)).to_have_text(number)
    expect(page.locator("#order-status")).to_have_text("Penawaran")
    expect(page.locator("#order-total")).to_have_text("Rp 1.750.000")

    page.get_by_role("link", name="Konfirmasi pesanan").click()
    page.get_by_label("Batas waktu pengiriman").fill(today.isoformat())
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.locator("#order-status")).to_have_text("Dipesan")

    page.get_by_role("link", name="Kirim pesanan").click()
    page.get_by_label("Dikirim dari").select_option(label="Gudang Produksi")
    page.get_by_role("button", name="Kirim dan tagihkan").click()
    invoice = f"INV/{facility.code}/{today:%Y/%m}/0001"
    expect(page.locator("#order-status")).to_have_text("Dikirim dan ditagihkan")
    expect(page.locator("#order-invoice")).to_have_text(invoice)
    expect(page.locator("ul.messages")).to_contain_text(f"tagihan {invoice} diterbitkan")
    expect(page.locator("#order-outstanding")).to_have_text("Rp 1.750.000")
    screenshot(page, "customer-order-delivered")
