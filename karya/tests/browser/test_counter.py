"""The counter in Chromium: an output officer sells two products and a car wash at the
gallery, paid in cash; the total and the change appear as the quantities and the cash are
typed; after paying, the change is shown and the receipt (kuitansi) opens and downloads."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from karya.sales.models import Payment
from karya.sales.tests.counter_support import held, make_counter

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("national_split_rule")]


@pytest.fixture
def shop(facility, make_user):
    return make_counter(facility, make_user)


def test_a_cash_sale_at_the_counter_and_its_receipt(page, log_in, facility, shop, screenshot):
    log_in(page, shop.officer)
    page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Kasir").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kasir · Galeri")
    expect(page.locator(".tile", has_text="Sapu lidi")).to_contain_text("25 di stok")

    page.get_by_label("Jumlah Sapu lidi").fill("2")
    page.get_by_label("Jumlah Sapu lakop").fill("1")
    page.get_by_label("Jumlah Cuci mobil").fill("1")
    # htmx recomputes the total as the cashier types (2 × 15.000 + 25.000 + 40.000).
    expect(page.locator("#counter-total")).to_have_text("Rp 95.000")
    page.get_by_role("radio", name="Tunai").check()
    page.get_by_label("Uang tunai diterima (Rp)").fill("100.000")
    expect(page.locator("#counter-change")).to_have_text("Rp 5.000")
    page.get_by_label("Kegiatan").fill("One Day One Prison Product")
    screenshot(page, "kasir")
    page.get_by_role("button", name="Bayar dan simpan").click()

    expect(page.locator("#sale-total")).to_have_text("Rp 95.000")
    expect(page.locator("#sale-change")).to_have_text("Rp 5.000")
    screenshot(page, "kasir-selesai")
    with scopes_disabled():
        payment = Payment.objects.get()
    assert (payment.tendered, payment.change, payment.method) == (100000, 5000, "cash")
    assert held(shop.gallery, shop.broom) == 23 and held(shop.gallery, shop.lakop) == 9

    # "Cetak kuitansi" opens the PDF in a new tab; "Unduh kuitansi" downloads it.
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Cetak kuitansi (PDF)").click()
    receipt_url = popup.value.url
    answer = page.request.get(receipt_url)
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh kuitansi").click()
    name = payment.number.replace("/", "-").lower()
    assert download.value.suggested_filename == f"kuitansi-{name}.pdf"

    # The next sale starts at the same counter with the same event.
    page.get_by_role("link", name="Penjualan berikutnya").click()
    expect(page.get_by_label("Kegiatan")).to_have_value("One Day One Prison Product")
    expect(page.locator(".tile", has_text="Sapu lidi")).to_contain_text("23 di stok")
