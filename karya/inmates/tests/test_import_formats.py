"""The shapes an SDP export arrives in: XLSX with real date cells, CSV with commas or
semicolons, UTF-8 with or without BOM, and the column titles people actually write."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from karya.inmates.tests.sdp import inmate, run_import, sdp_csv, sdp_row

pytestmark = pytest.mark.django_db


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_with_date_cells_and_numbers(facility):
    content = xlsx(
        [
            ["No. Registrasi", "Nama", "JK", "Status", "Klasifikasi", "Tanggal Mulai",
             "Tanggal Ekspirasi", "Asimilasi", "Blok", "Kamar", "Tanggal Keluar", "Jenis Keluar"],
            ["BI.100/2026", "Gilang Bambusari", "L", "Narapidana", "Minimum",
             dt.datetime(2024, 1, 15), dt.date(2027, 1, 14), True, "C", 12, None, None],
            [20261, "Dewi Cantingsari", "P", "Tahanan", "Medium",
             "01-02-2026", None, "Tidak", "W", 3.0, dt.datetime(2026, 3, 2), "Bebas"],
        ]
    )  # fmt: skip
    result = run_import(facility, content, "ekspor-sdp.xlsx")

    assert (result.rows, result.created, result.departed) == (2, 2, 1)
    gilang = inmate(facility, "BI.100/2026")
    assert gilang.sentence_start == dt.date(2024, 1, 15)
    assert gilang.expected_release == dt.date(2027, 1, 14)
    assert gilang.asimilasi_eligible is True and gilang.cell == "12"
    dewi = inmate(facility, "20261")  # a number cell, read without ".0"
    assert (dewi.sex, dewi.status, dewi.cell) == ("P", "tahanan", "3")
    assert dewi.sentence_start == dt.date(2026, 2, 1)
    assert (dewi.departed_on, dewi.departure) == (dt.date(2026, 3, 2), "bebas")


def test_xlsx_detected_by_content_whatever_its_name(facility):
    content = xlsx([["no_registrasi", "nama", "jk", "status", "klasifikasi"],
                    ["BI.100/2026", "Gilang Bambusari", "L", "Napi", "Maksimum"]])  # fmt: skip
    assert run_import(facility, content, "ekspor.csv").created == 1
    assert inmate(facility, "BI.100/2026").security_class == "maksimum"


def test_semicolon_separated_csv(facility):
    content = sdp_csv(
        [sdp_row("BI.100/2026", nama="Gilang, S.Pd.", tanggal_mulai="15.01.2024")],
        delimiter=";",
    )
    assert content.startswith(b"no_registrasi;nama;")
    assert run_import(facility, content).created == 1
    gilang = inmate(facility, "BI.100/2026")
    assert gilang.name == "Gilang, S.Pd."
    assert gilang.sentence_start == dt.date(2024, 1, 15)


def test_utf8_with_bom(facility):
    content = b"\xef\xbb\xbf" + sdp_csv([sdp_row("BI.100/2026", nama="Dédé Rotanjaya")])
    assert run_import(facility, content).created == 1
    assert inmate(facility, "BI.100/2026").name == "Dédé Rotanjaya"


def test_header_aliases_case_spaces_and_punctuation(facility):
    header = ["No. Registrasi", "Nama WBP", "JK", "Jenis Tahanan", "Tingkat Risiko",
              "Tahap", "Tgl. Mulai", "Tgl Ekspirasi", "Layak Asimilasi", "Blok Hunian",
              "Sel", "Tgl. Keluar", "Alasan Keluar"]  # fmt: skip
    row = ["BI.100/2026", "Gilang Bambusari", "Laki-laki", "NARAPIDANA", "menengah", "Awal",
           "2024-01-15", "14-01-2027", "y", "C", "C-12", "01-03-2026", "Mutasi"]  # fmt: skip
    content = sdp_csv([dict(zip(header, row, strict=True))])

    assert run_import(facility, content).created == 1
    gilang = inmate(facility, "BI.100/2026")
    assert (gilang.name, gilang.sex, gilang.status) == ("Gilang Bambusari", "L", "narapidana")
    assert (gilang.security_class, gilang.stage) == ("medium", "awal")
    assert gilang.sentence_start == dt.date(2024, 1, 15)
    assert gilang.asimilasi_eligible is True
    assert (gilang.block, gilang.cell) == ("C", "C-12")
    assert (gilang.departed_on, gilang.departure) == (dt.date(2026, 3, 1), "pindah")


def test_extra_columns_are_ignored(facility):
    content = sdp_csv([sdp_row("BI.100/2026", perkara="Pasal 362", alamat="")])
    assert run_import(facility, content).created == 1
