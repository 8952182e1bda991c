"""Handovers in Chromium: an output officer records a partner's pick-up on a phone (two lines
at the agreement's prices), posts it after confirming, sees its BAST number and gets the BAST
as PDF."""

# The sales fixtures: a store with brooms in stock and an agreement under beli putus.
# ruff: noqa: F401, F811

import shutil
import subprocess

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from karya.inventory.tests.conftest import quantity_at
from karya.sales.models import Handover
from karya.sales.tests.conftest import broom, lakop, output_officer, stocked, store, workshop
from karya.sales.tests.handover_fixtures import agreement
from karya.tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser


def test_an_output_officer_records_posts_and_prints_a_pick_up(
    page, log_in, output_officer, head, agreement, store, broom, lakop, stocked, screenshot
):
    with scopes_disabled():
        head.full_name = "Aliandra Harahap"
        head.save()
    log_in(page, output_officer)
    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Penjualan"
    ).click()
    page.get_by_role("link", name="Serah terima (BAST)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Serah terima (BAST)")

    page.set_viewport_size(PHONE)  # recorded on the spot, on a phone
    page.get_by_role("link", name="Catat pengambilan").click()
    page.get_by_label("Kerja sama").select_option(
        label="CV. Pusat Handicraft · PKS CV. Pusat Handicraft (PKS berlaku)"
    )
    page.get_by_label("Skema").select_option("beli_putus")
    page.get_by_label("Barang diambil dari").select_option(label="Gudang Produksi")
    page.get_by_label("Wakil mitra (Pihak Kedua)").fill("Budi Santoso")
    page.get_by_label("Jabatan wakil mitra").fill("Direktur")
    page.get_by_label("Kepala yang mengetahui").select_option(label="Aliandra Harahap")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("ul.messages")).to_contain_text("Pengambilan disimpan sebagai draf")

    form = page.locator("#line-form")
    form.get_by_label("Produk").select_option(label="Sapu lidi")
    form.get_by_label("Lot").select_option(label="Sapu lidi: L-2026-001")
    form.get_by_label("Jumlah").fill("1140")
    form.get_by_role("button", name="Tambahkan baris").click()
    expect(page.locator("ul.messages")).to_have_text("Baris barang tersimpan.")
    form = page.locator("#line-form")
    form.get_by_label("Produk").select_option(label="Sapu lakop")
    form.get_by_label("Jumlah").fill("290")
    form.get_by_role("button", name="Tambahkan baris").click()
    expect(page.locator("#handover-total")).to_have_text("Rp 5.025.000")
    screenshot(page, "serah-terima-draf")

    page.get_by_role("link", name="Posting", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Posting pengambilan")
    page.get_by_role("button", name="Posting dan beri nomor BAST").click()
    number = page.locator("#handover-title")
    expect(number).to_have_text("BAST/LPPWT/" + number.inner_text().split("BAST/LPPWT/")[-1])
    expect(page.locator("ul.messages")).to_contain_text("Cetak BAST untuk ditandatangani")
    with scopes_disabled():
        posted = Handover.objects.get()
    assert posted.status == "posted" and posted.number.startswith("BAST/LPPWT/")
    expect(page.locator("#handover-title")).to_have_text(posted.number)
    assert quantity_at(store, broom, stocked) == 360 and quantity_at(store, lakop) == 110

    with page.expect_response(lambda r: r.url.endswith("/bast.pdf")) as answer:
        page.get_by_role("link", name="BAST (PDF)").click()
    assert answer.value.header_value("content-type") == "application/pdf"
    # Chromium shows the PDF in its viewer; fetch the same address with the same session.
    pdf = page.request.get(answer.value.url)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf.body(), capture_output=True, check=True
        ).stdout.decode()
        assert posted.number in text and "Lima juta dua puluh lima ribu rupiah" in text
