"""The quotation letter (surat penawaran harga) as PDF, read back from the PDF's text: the
letterhead, its number and date in Indonesian, the customer, every line, the total in figures
and in words, how long the prices hold, the head who signs."""

import pytest

from karya.programs.tests.test_documents_support import capture_html, document_text
from karya.sales.documents.quotation import quotation_filename, quotation_pdf
from karya.sales.selectors import orders as selectors
from karya.sales.tests.orders.support import quote

pytestmark = pytest.mark.usefixtures("in_scope")


def test_the_letter_says_what_is_offered(
    monkeypatch, facility, make_user, output_officer, priced, car_wash, table
):
    broom, lakop = priced
    make_user("head", facility=facility, full_name="Aliandra Harahap", nip="197001011990031001")
    order = quote(
        facility,
        output_officer,
        [(table, 2)],
        customer_kind="ekatalog",
        customer_name="Dinas Pendidikan Kabupaten Banyumas",
        customer_contact="Bagian Umum, 0281-635111",
        ekatalog_reference="EPA-P2601-0042",
    )
    html = capture_html(monkeypatch)
    pdf = quotation_pdf(selectors.order_get(facility=facility, pk=order.pk))
    text = document_text(pdf, html[0])
    for expected in (
        "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN",
        facility.name.upper(),
        "SURAT PENAWARAN HARGA",
        f"Nomor: {order.number}",
        "Tanggal : 20 Januari 2026",
        "Dinas Pendidikan Kabupaten Banyumas",
        "Bagian Umum, 0281-635111",
        "1 Meja kayu",
        "2 buah",
        "Rp 1.500.000 Rp 3.000.000",
        "Jumlah Rp 3.000.000",
        "Terbilang: Tiga juta rupiah",
        "berlaku sampai dengan 19 Februari 2026",
        "nomor pesanan EPA-P2601-0042",
        "Kepala Lapas Kelas IIA Purwokerto",
        "Aliandra Harahap",
        "NIP. 197001011990031001",
    ):
        assert expected in text, expected
    assert quotation_filename(order) == f"penawaran-harga-PSN-{facility.code}-2026-01-0001"


def test_every_line_and_the_total_in_words(monkeypatch, facility, output_officer, priced, car_wash):
    broom, lakop = priced
    order = quote(facility, output_officer, [(broom, 100), (lakop, 10, 22000), (car_wash, 3)])
    html = capture_html(monkeypatch)
    text = document_text(quotation_pdf(order), html[0])
    for expected in (
        "1 Sapu lidi",
        "100 batang",
        "Rp 15.000 Rp 1.500.000",
        "2 Sapu lakop",
        "10 buah",
        "Rp 22.000 Rp 220.000",
        "3 Cuci mobil",
        "3 kali",
        "Rp 40.000 Rp 120.000",
        "Jumlah Rp 1.840.000",
        "Satu juta delapan ratus empat puluh ribu rupiah",
        "Bu Sri",
    ):
        assert expected in text, expected
    assert "e-Katalog" not in text
