"""Partners in Chromium: an officer records a partner and an exploration, the head approves the
MoU and then the PKS, and an obligation of the partner is recorded and fulfilled."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from karya.core.dates import today_in
from karya.partners.models import Agreement, Obligation

pytestmark = pytest.mark.browser


def test_from_exploration_to_an_active_pks(
    page, new_context, log_in, officer, head, facility, screenshot
):
    today = today_in(facility.timezone)
    mou_signed, signed = today - dt.timedelta(days=30), today - dt.timedelta(days=10)

    # The officer records the partner and opens an exploration.
    log_in(page, officer)
    page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Mitra").click()
    page.get_by_role("link", name="Tambah mitra").click()
    page.get_by_label("Bentuk badan usaha").select_option(label="CV")
    page.get_by_label("Nama resmi").fill("CV. Rajasa Mas Jaya")
    page.get_by_label("NPWP").fill("01.234.567.8-901.000")
    page.get_by_label("Kota atau kabupaten").fill("Cilacap")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("ul.messages")).to_have_text("Mitra tersimpan.")
    expect(page.get_by_role("heading", level=1)).to_have_text("CV. Rajasa Mas Jaya")
    expect(page.locator("dl.details")).to_contain_text("012345678901000")

    page.get_by_role("link", name="Kerja sama baru").click()
    page.get_by_label("Judul").fill("Maklon batik cap")
    page.get_by_label("Maklon (mitra menyediakan bahan, membayar jasa per unit)").check()
    page.get_by_label("Pelatihan / pendampingan teknis").check()
    page.get_by_label("Jasa maklon per unit (Rp)").fill("15.000")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maklon batik cap")
    expect(page.locator("#agreement-status")).to_have_text("Penjajakan")
    agreement_url = page.url

    page.get_by_role("button", name="Ajukan MoU untuk disetujui kepala").click()
    expect(page.locator("ul.messages")).to_have_text("Diajukan kepada kepala UPT untuk disetujui.")
    expect(page.locator("#agreement-status")).to_contain_text("menunggu persetujuan menjadi MoU")
    expect(page.get_by_role("link", name="Setujui", exact=True)).to_have_count(0)

    # The head approves the MoU (the signing date is today unless changed).
    head_page = new_context().new_page()
    log_in(head_page, head)
    head_page.goto(agreement_url)
    head_page.get_by_role("link", name="Setujui", exact=True).click()
    expect(head_page.get_by_label("Ditandatangani pada")).to_have_value(today.isoformat())
    head_page.get_by_label("Ditandatangani pada").fill(mou_signed.isoformat())
    head_page.get_by_role("button", name="Setujui").click()
    expect(head_page.locator("ul.messages")).to_contain_text("Disetujui")
    expect(head_page.locator("#agreement-status")).to_have_text("MoU ditandatangani")

    # The officer asks for the PKS; the head approves it with the signing date.
    page.reload()
    page.get_by_role("button", name="Ajukan PKS untuk disetujui kepala").click()
    expect(page.locator("#agreement-status")).to_contain_text("menunggu persetujuan menjadi PKS")
    head_page.reload()
    head_page.get_by_role("link", name="Setujui", exact=True).click()
    head_page.get_by_label("Ditandatangani pada").fill(signed.isoformat())
    head_page.get_by_label("Nomor perjanjian").fill("W13.PAS.PAS.6-UM.01.01-45")
    screenshot(head_page, "kerja-sama-setujui-pks")
    head_page.get_by_role("button", name="Setujui").click()
    expect(head_page.locator("#agreement-status")).to_have_text("PKS berlaku")

    # An obligation of the partner, recorded and fulfilled.
    page.reload()
    page.get_by_role("link", name="Tambah hak atau kewajiban").click()
    page.get_by_label("Pihak").select_option(label="Mitra (Pihak Kedua)")
    page.get_by_label("Hak atau kewajiban").fill("Menyediakan kain dan malam untuk batik cap")
    page.get_by_label("Tenggat").fill((today + dt.timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Simpan").click()
    row = page.locator("#obligation-table tbody tr", has_text="Menyediakan kain")
    expect(row).to_contain_text("Belum dipenuhi")
    row.get_by_role("link", name="Tandai dipenuhi").click()
    page.get_by_label("Bukti").fill("BAST bahan baku dari mitra")
    page.get_by_role("button", name="Tandai dipenuhi").click()

    expect(page.locator("#agreement-status")).to_have_text("PKS berlaku")
    end = signed.replace(year=signed.year + 5) - dt.timedelta(days=1)
    expect(page.locator("#agreement-validity")).to_contain_text(str(end.year))
    row = page.locator("#obligation-table tbody tr", has_text="Menyediakan kain")
    expect(row.locator(".fulfilment")).to_contain_text("Dipenuhi")
    expect(row.locator(".fulfilment")).to_contain_text("BAST bahan baku dari mitra")
    screenshot(page, "kerja-sama-pks")

    with scopes_disabled():
        agreement = Agreement.objects.get()
        obligation = Obligation.objects.get()
    assert (
        agreement.status,
        agreement.pks_signed_on,
        agreement.start_date,
        agreement.end_date,
    ) == (
        "PKS",
        signed,
        signed,
        end,
    )
    assert agreement.schemes == ["maklon", "pelatihan"]
    assert (obligation.fulfilled_on, obligation.fulfilled_by) == (today, officer)
