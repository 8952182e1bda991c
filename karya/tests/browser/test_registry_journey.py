"""An officer logs in, finds inmates in the registry, opens one and logs out."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_officer_finds_an_inmate_and_logs_out(page, officer, facility, inmates, screenshot):
    page.goto("/")  # the public start page; staff log in from its header
    page.get_by_role("main").get_by_role("link", name="Masuk petugas").click()
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))
    expect(page.get_by_role("heading", name="Masuk ke Karya")).to_be_visible()
    page.get_by_label("Nama pengguna").fill("petugas")
    page.get_by_label("Kata sandi").fill("salah-sandi")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("tidak benar")

    page.get_by_label("Kata sandi").fill("rahasia-uji-123")
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/upt/LPPWT/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(facility.name)

    page.get_by_role("link", name="Buka registrasi WBP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrasi WBP")
    rows = page.locator("table.table tbody tr")
    expect(rows).to_have_count(3)
    screenshot(page, "registrasi-wbp")

    search = page.get_by_label("Nama atau nomor registrasi")
    search.fill("anyam")
    page.get_by_role("button", name="Cari").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Budi Anyamsari")
    expect(search).to_have_value("anyam")

    search.fill("BI.3/2025")
    search.press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Citra Batikwangi")

    search.fill("tidak ada orang ini")
    page.get_by_role("button", name="Cari").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_text("Tidak ada WBP yang cocok.")

    search.fill("agus")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name="Agus Sapulidi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agus Sapulidi")
    details = page.locator("dl.details")
    expect(details).to_contain_text("BI.1/2025")
    expect(details).to_contain_text("Narapidana")
    # An officer may edit but may not read the audit history.
    expect(page.get_by_role("link", name="Ubah")).to_be_visible()
    expect(page.get_by_role("link", name="Riwayat")).to_have_count(0)

    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))
    page.goto(f"/upt/{facility.code}/wbp/")
    expect(page).to_have_url(re.compile(r"/akun/masuk/\?next="))
