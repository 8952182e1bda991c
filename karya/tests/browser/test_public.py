"""The public catalogue in Chromium on a phone: a visitor searches the catalogue, opens a
product, sends a quote request, and the unit's output officer finds it in the inbox."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from karya.catalogue.models import QuoteRequest
from karya.catalogue.tests.conftest import make_product
from karya.notifications.models import Notification
from karya.tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue(facility, far_facility, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with scopes_disabled():
        make_product(
            facility,
            "Sapu lidi",
            description="Sapu lidi kelapa pilihan, diikat rapat.",
            photo=True,
        )
        make_product(facility, "Sapu lakop", price=25000, unit="buah")
        make_product(far_facility, "Miniatur perahu", price=250000, unit="buah")
        make_product(facility, "Kain batik rahasia", published=False)


def test_a_visitor_searches_opens_a_product_and_asks_for_a_price(
    page, make_user, facility, catalogue, screenshot
):
    officer = make_user("output_officer", facility=facility, username="hasilkerja")
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.get_by_role("link", name="Katalog", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Katalog hasil karya Warga Binaan")
    expect(page.locator(".product-card")).to_have_count(3)

    page.get_by_label("Cari", exact=True).fill("sapu")
    page.get_by_label("Urutkan").select_option(label="Harga terendah")
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("#result-count")).to_contain_text("2 produk")
    expect(page.locator(".product-card .product-name")).to_have_text(["Sapu lidi", "Sapu lakop"])
    # The cards fit the phone: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "katalog-cari")

    page.get_by_role("link", name="Sapu lidi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sapu lidi")
    expect(page.locator("dd.price")).to_have_text("Rp 15.000 / batang")
    photo = page.locator(".product-photos img").first
    expect(photo).to_be_visible()
    page.wait_for_function(  # the phone-sized photo loaded
        "() => { const i = document.querySelector('.product-photos img');"
        " return i.complete && i.naturalWidth > 0 && i.naturalWidth <= 1024; }"
    )

    # A first try without a contact is explained next to the field.
    page.get_by_label("Nama Anda").fill("Bu Rina")
    page.get_by_label("Instansi atau perusahaan").fill("Dinas Koperasi Banyumas")
    page.get_by_label("Jumlah").fill("200")
    page.get_by_role("button", name="Kirim permintaan").click()
    expect(page.get_by_role("alert").first).to_contain_text("Tulis nomor telepon (WhatsApp)")
    page.get_by_label("Telepon (WhatsApp) atau e-mail").fill("0812-3456-7890")
    page.get_by_role("textbox", name="Pesan").fill("Untuk kantor, dikirim Februari.")
    screenshot(page, "katalog-minta-penawaran")
    page.get_by_role("button", name="Kirim permintaan").click()
    expect(page.locator("ul.messages")).to_contain_text(
        "Terima kasih, permintaan Anda telah dikirim ke Lapas Kelas IIA Purwokerto"
    )
    with scopes_disabled():
        [request] = QuoteRequest.objects.all()
    assert (request.name, request.institution, request.quantity) == (
        "Bu Rina",
        "Dinas Koperasi Banyumas",
        200,
    )
    assert Notification.objects.get(user=officer).title == "Permintaan penawaran: 200 Sapu lidi"
