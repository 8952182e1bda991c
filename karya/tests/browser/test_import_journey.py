"""An officer checks and imports an SDP export, then uploads a bad one that changes nothing."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from karya.inmates.models import Inmate

pytestmark = pytest.mark.browser

HEADER = (
    "no_registrasi,nama,jenis_kelamin,status,klasifikasi,"
    "tahap_pembinaan,tanggal_mulai,tanggal_ekspirasi,blok"
)
GOOD = "\n".join(
    [
        HEADER,
        # Unchanged: matches the fixture's Budi exactly.
        "BI.2/2025,Budi Anyamsari,L,Tahanan,Medium,Lanjutan,10-01-2024,01-06-2028,B",
        # Changed: Agus moves from medium to minimum.
        "BI.1/2025,Agus Sapulidi,L,Narapidana,Minimum,Lanjutan,10-01-2024,01-06-2028,A",
        # New.
        "BI.10/2026,Dewi Tenunsari,P,Narapidana,Minimum,Awal,02-01-2026,02-01-2027,W",
        "BI.11/2026,Eko Gerabahjaya,L,Tahanan,Medium,,,,B",
    ]
)
BAD = "\n".join(
    [
        HEADER,
        "BI.12/2026,Fajar Rotanjaya,X,Narapidana,Minimum,Awal,02-01-2026,02-01-2027,A",
        "BI.13/2026,Gita Batiksari,P,Narapidana,Minimum,Awal,31-02-2026,02-01-2027,W",
        "BI.12/2026,Hadi Ukirjati,L,Tahanan,Medium,,,,B",
    ]
)


def csv_file(name, text):
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


def details(page):
    """The result's <dl class="details"> as {term: value}."""
    return page.eval_on_selector_all(
        "dl.details dt",
        "dts => Object.fromEntries(dts.map(dt => [dt.textContent.trim(),"
        " dt.nextElementSibling.textContent.trim()]))",
    )


def registry():
    with scopes_disabled():
        return {i.registration_number: i.security_class for i in Inmate.objects.all()}


def test_import_check_then_import_then_a_bad_file(
    page, log_in, officer, facility, inmates, screenshot
):
    log_in(page, officer)
    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Impor SDP"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Impor ekspor SDP")
    upload = page.get_by_label("Berkas ekspor SDP (CSV atau XLSX)")
    before = registry()

    # Check only: the counts are shown, nothing is written.
    upload.set_input_files(csv_file("ekspor-sdp.csv", GOOD))
    page.get_by_label("Periksa berkas saja, jangan ubah apa pun").check()
    page.get_by_role("button", name="Impor", exact=True).click()
    expect(page.locator("#import-result")).to_have_text(
        "Hanya pemeriksaan: tidak ada data yang diubah."
    )
    assert details(page)["WBP baru"] == "2"
    assert registry() == before

    # The real import.
    upload.set_input_files(csv_file("ekspor-sdp.csv", GOOD))
    page.get_by_label("Periksa berkas saja, jangan ubah apa pun").uncheck()
    page.get_by_role("button", name="Impor", exact=True).click()
    expect(page.locator("#import-result")).to_have_text("Impor selesai.")
    assert details(page) == {
        "Baris dalam berkas": "4",
        "WBP baru": "2",
        "WBP yang diubah": "1",
        "Ditandai keluar (bebas, pindah)": "0",
        "Tidak berubah": "1",
        "Ada di Karya tetapi tidak ada di berkas (tidak diubah)": "1",
    }
    screenshot(page, "impor-hasil")
    after = registry()
    assert after["BI.1/2025"] == "minimum"
    assert {"BI.10/2026", "BI.11/2026"} <= after.keys()

    # A bad file: every problem is listed with its line, in Indonesian; nothing changes.
    upload.set_input_files(csv_file("ekspor-salah.csv", BAD))
    page.get_by_role("button", name="Impor", exact=True).click()
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text(
        "Berkas tidak diimpor: ditemukan 3 masalah. Tidak ada data yang diubah."
    )
    expect(problems.locator("li")).to_have_text(
        [
            "Baris 2: jenis kelamin “X” tidak dikenal",
            "Baris 3: tanggal mulai pidana “31-02-2026” bukan tanggal yang sah"
            " (gunakan HH-BB-TTTT)",
            "Baris 4: nomor registrasi BI.12/2026 sudah ada di baris 2",
        ]
    )
    expect(page.locator("#import-result")).to_have_count(0)
    screenshot(page, "impor-masalah")
    assert registry() == after

    page.get_by_role("link", name="WBP", exact=True).click()
    expect(page.locator("table.table tbody tr")).to_have_count(5)
    expect(page.get_by_role("link", name="Dewi Tenunsari")).to_be_visible()
