"""The newsroom in Chromium: Humas records the pick-up of 31 January 2026, generates the press
release from its BAST, edits it and sends it to the head; the head approves; Humas publishes it
and it appears on the unit's public page."""

import pytest
from playwright.sync_api import expect

from karya.newsroom.tests.conftest import HEAD_QUOTE, make_pickup

pytestmark = pytest.mark.browser


def test_generate_edit_approve_and_publish_a_press_release(
    page, new_context, log_in, make_user, facility, officer, head, inmates, settings, tmp_path,
    screenshot,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    pickup = make_pickup(facility, officer, head, inmates)
    humas = make_user("pr", facility=facility, username="humas")

    log_in(page, humas)
    page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Humas").click()
    page.get_by_role("link", name="Catat kegiatan").click()
    page.get_by_label("Jenis kegiatan").select_option(label="Pengambilan hasil karya")
    page.get_by_label("Judul").fill(
        "Pengambilan sapu lidi dan sapu lakop oleh CV. Pusat Handicraft"
    )
    page.get_by_label("Tanggal").fill("2026-01-31")
    page.get_by_label("Mulai pukul").fill("09:40")
    page.get_by_label("Serah terima (BAST)").select_option(value=str(pickup.handover.pk))
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("ul.messages")).to_have_text("Kegiatan tersimpan.")
    expect(page.locator("dl.details")).to_contain_text("31 Januari 2026, 09.40 WIB")

    page.get_by_role("link", name="Buat siaran pers").click()
    page.get_by_label("Kutipan 1: nama").fill(HEAD_QUOTE["name"])
    page.get_by_label("Kutipan 1: jabatan").fill(HEAD_QUOTE["role"])
    page.get_by_label("Kutipan 1: yang disampaikan").fill(HEAD_QUOTE["text"])
    page.get_by_role("button", name="Buat draf").click()
    text = page.locator("#release-text")
    expect(text).to_contain_text("PURWOKERTO – Lembaga Pemasyarakatan (Lapas) Kelas IIA")
    expect(text).to_contain_text("1.140 batang sapu lidi dan 290 buah sapu lakop")
    expect(text).to_contain_text("Sabtu, 31 Januari 2026, pukul 09.40 WIB")
    expect(text).to_contain_text("delapan hari")
    expect(page.locator("#release-status")).to_have_text("Draf")
    screenshot(page, "humas-draf-siaran-pers")

    # Humas edits the draft; a name of an inmate would be refused.
    page.get_by_role("link", name="Ubah").click()
    body = page.get_by_label("Naskah")
    body.fill(body.input_value() + f"\n\nTurut hadir {inmates[0].name}.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert").first).to_contain_text("Naskah menyebut nama")
    body = page.get_by_label("Naskah")
    original = body.input_value().rsplit("\n\nTurut hadir", 1)[0]
    body.fill(original + "\n\nKegiatan ditutup dengan foto bersama para pejabat.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("ul.messages")).to_have_text("Siaran pers tersimpan.")
    expect(text).to_contain_text("foto bersama para pejabat")
    expect(page.get_by_role("button", name="Setujui")).to_have_count(0)  # not for humas
    page.get_by_role("button", name="Ajukan persetujuan kepala").click()
    expect(page.locator("#release-status")).to_have_text("Menunggu persetujuan kepala")
    release_url = page.url

    # The head approves.
    boss = new_context().new_page()
    log_in(boss, head)
    boss.goto(release_url)
    boss.get_by_role("button", name="Setujui").click()
    expect(boss.locator("ul.messages")).to_have_text("Disetujui. Sekarang dapat diterbitkan.")
    expect(boss.locator("#release-status")).to_have_text("Disetujui")

    # Humas publishes; the release is on the unit's public page.
    page.reload()
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.locator("#release-status")).to_have_text("Terbit")
    page.get_by_role("link", name="Lihat di situs publik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hasil Karya Warga Binaan Lapas Purwokerto Dipasarkan Melalui Kerja Sama dengan "
        "CV. Pusat Handicraft"
    )
    expect(page.locator("article")).to_contain_text("foto bersama para pejabat")
    visitor = new_context().new_page()
    visitor.goto(f"/katalog/{facility.code}/")
    expect(visitor.locator(".news-list")).to_contain_text("Hasil Karya Warga Binaan")
