"""A bad SDP file is refused as a whole: nothing is written (no inmate created or changed, no
audit row) and every problem is listed with its line (the header is line 1), in Indonesian.

Every test starts from a unit that already has three inmates (the `inmates` fixture) and, where
it makes sense, puts good rows (one new, one changing a known inmate) next to the bad one.
"""

import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from karya.inmates.importing import ImportRejected
from karya.inmates.tests.sdp import REQUIRED_HEADER, refused, run_import, sdp_csv, sdp_row

pytestmark = pytest.mark.django_db

NEW = sdp_row("BI.100/2026", nama="Gilang Bambusari")
CHANGED = sdp_row("BI.1/2025", nama="Agus Sapulidi", klasifikasi="Minimum")


def test_missing_required_columns_are_named(facility, inmates):
    header = ["no_registrasi", "nama", "status"]
    problems = refused(facility, sdp_csv([NEW, CHANGED], header=header))
    assert problems == ["Baris 1: kolom tidak ada: jenis_kelamin, klasifikasi"]


def test_unknown_classification(facility, inmates):
    content = sdp_csv([NEW, sdp_row("BI.101/2026", klasifikasi="Super Maksimum"), CHANGED])
    assert refused(facility, content) == ["Baris 3: klasifikasi “Super Maksimum” tidak dikenal"]


def test_impossible_date(facility, inmates):
    content = sdp_csv([CHANGED, sdp_row("BI.101/2026", tanggal_mulai="31-02-2026")])
    assert refused(facility, content) == [
        "Baris 3: tanggal mulai pidana “31-02-2026” bukan tanggal yang sah (gunakan HH-BB-TTTT)"
    ]


def test_duplicate_registration_number_names_the_first_line(facility, inmates):
    content = sdp_csv([NEW, CHANGED, sdp_row("BI.100/2026", nama="Orang Lain")])
    assert refused(facility, content) == [
        "Baris 4: nomor registrasi BI.100/2026 sudah ada di baris 2"
    ]


def test_wrong_encoding_names_the_line_of_the_first_bad_character(facility, inmates):
    content = sdp_csv([NEW, sdp_row("BI.101/2026", nama="José Kayujati")], encoding="cp1252")
    assert b"Jos\xe9" in content
    assert refused(facility, content) == [
        "Baris 3: Berkas tidak berpengodean UTF-8. Simpan sebagai “CSV UTF-8” lalu coba lagi."
    ]


def test_empty_file(facility, inmates):
    assert refused(facility, b"") == ["Baris 1: Berkas kosong."]


def test_blank_lines_only(facility, inmates):
    assert refused(facility, b"\r\n\r\n") == ["Baris 1: Berkas kosong."]


def test_header_only(facility, inmates):
    content = sdp_csv([], header=REQUIRED_HEADER)
    assert refused(facility, content) == [
        "Baris 1: Berkas hanya berisi judul kolom, tanpa baris data."
    ]


def test_every_bad_row_is_listed_with_its_line(facility, inmates):
    rows = [
        NEW,  # line 2
        sdp_row("BI.101/2026", klasifikasi="Rahasia"),  # line 3
        CHANGED,  # line 4
        sdp_row("BI.102/2026", jenis_kelamin="X", tanggal_ekspirasi="2026-13-01"),  # line 5
        {},  # line 6: blank, skipped but counted
        sdp_row("BI.103/2026", nama=""),  # line 7
        sdp_row("BI.104/2026", tanggal_keluar="01-03-2026"),  # line 8
        sdp_row("BI.100/2026"),  # line 9
    ]
    header = [*REQUIRED_HEADER, "tanggal_ekspirasi", "tanggal_keluar", "jenis_keluar"]
    assert refused(facility, sdp_csv(rows, header=header)) == [
        "Baris 3: klasifikasi “Rahasia” tidak dikenal",
        "Baris 5: jenis kelamin “X” tidak dikenal",
        "Baris 5: tanggal ekspirasi “2026-13-01” bukan tanggal yang sah (gunakan HH-BB-TTTT)",
        "Baris 7: kolom “nama” kosong",
        "Baris 8: tanggal keluar harus disertai jenis keluar (Bebas, Pindah, ...)",
        "Baris 9: nomor registrasi BI.100/2026 sudah ada di baris 2",
    ]


def test_the_summary_counts_the_problems(facility, inmates):
    content = sdp_csv([sdp_row("BI.101/2026", klasifikasi="?"), sdp_row("BI.102/2026", status="?")])
    with pytest.raises(ImportRejected) as caught, translation.override("id"):
        run_import(facility, content)
    assert caught.value.message == (
        "Berkas tidak diimpor: ditemukan 2 masalah. Tidak ada data yang diubah."
    )


def test_xlsx_that_is_not_a_zip(facility, inmates):
    content = sdp_csv([NEW])  # a CSV saved under an .xlsx name
    assert refused(facility, content, "ekspor.xlsx") == [
        "Baris 1: Berkas bukan buku kerja XLSX yang dapat dibaca."
    ]


def test_zip_that_is_not_a_workbook(facility, inmates, tmp_path):
    path = tmp_path / "laporan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    assert refused(facility, path.read_bytes(), "laporan.xlsx") == [
        "Baris 1: Berkas bukan buku kerja XLSX yang dapat dibaca."
    ]


@pytest.mark.parametrize("file_name", ["ekspor.pdf", "ekspor.xls", "ekspor"])
def test_unsupported_extension(facility, inmates, file_name):
    assert refused(facility, sdp_csv([NEW]), file_name) == ["Baris 1: Unggah berkas CSV atau XLSX."]


def test_a_quote_left_open_is_reported_not_a_crash(facility, inmates):
    content = sdp_csv([NEW]) + b'BI.101/2026,"Nama ' + b"x" * 200_000 + b"\r\n"
    assert refused(facility, content) == [
        "Baris 3: Berkas CSV tidak dapat dibaca mulai baris ini (mungkin ada tanda kutip yang "
        "tidak ditutup)."
    ]


def test_a_row_longer_than_the_header(facility, inmates):
    content = sdp_csv([NEW]) + b"BI.101/2026,Nama,L,Narapidana,Medium,catatan\r\n"
    assert refused(facility, content) == [
        "Baris 3: baris memiliki sel lebih banyak dari judul kolom"
    ]


def test_xlsx_rows_are_numbered_as_in_the_spreadsheet(facility, inmates, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(REQUIRED_HEADER)
    sheet.append(["BI.100/2026", "Gilang Bambusari", "L", "Narapidana", "Medium"])
    sheet.append([])  # row 3 left empty
    sheet.append(["BI.101/2026", "Hadi Rotanjaya", "L", "Narapidana", "Sedang"])
    path = tmp_path / "sdp.xlsx"
    workbook.save(path)
    assert refused(facility, path.read_bytes(), "sdp.xlsx") == [
        "Baris 4: klasifikasi “Sedang” tidak dikenal"
    ]


def test_release_before_the_stored_sentence_start(facility, inmates):
    """A file with only the release date is checked against the start date Karya knows."""
    # BI.1/2025 started on 10-01-2024 (factory); the file moves the release before that.
    content = sdp_csv([sdp_row("BI.1/2025", tanggal_ekspirasi="01-01-2023")])
    assert refused(facility, content) == [
        "Baris 2: tanggal ekspirasi lebih awal dari tanggal mulai pidana"
    ]
