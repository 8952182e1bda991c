"""A head of unit edits an inmate's record and reads the change in its history."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_head_edits_an_inmate_and_reads_the_history(
    page, log_in, head, facility, inmates, screenshot
):
    log_in(page, head)
    page.goto(f"/upt/{facility.code}/wbp/")
    page.get_by_role("link", name="Agus Sapulidi").click()
    page.get_by_role("link", name="Ubah").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ubah: Agus Sapulidi")

    page.get_by_label("Klasifikasi keamanan").select_option(label="Minimum")
    page.get_by_label("Layak asimilasi").check()
    page.get_by_role("button", name="Simpan").click()

    expect(page.locator("ul.messages")).to_have_text("Data WBP sudah disimpan.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agus Sapulidi")
    expect(page.locator("dl.details")).to_contain_text("Minimum")

    page.get_by_role("link", name="Riwayat").click()
    expect(page).to_have_url(re.compile(r"/riwayat/$"))
    rows = page.locator("table.history tbody tr")
    expect(rows).to_have_count(1)
    change = rows.first
    expect(change).to_contain_text(head.display_name)
    expect(change).to_contain_text("diubah")
    changes = change.locator("dl.changes")
    expect(changes.locator("dt")).to_have_text(["Klasifikasi keamanan", "Layak asimilasi"])
    expect(changes.locator("dd")).to_have_text(["Medium → Minimum", "tidak → ya"])
    expect(changes.locator("del").first).to_have_text("Medium")
    expect(changes.locator("ins").first).to_have_text("Minimum")
    screenshot(page, "riwayat-wbp")
