"""The BAST PDF, read back from the PDF's own text: letterhead, title, number, the dating line
in Indonesian words with the time, both parties, the agreement, every line, the total in words,
and the three signature blocks; a draft is marked DRAF, a reversal says what it cancels."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.utils import translation
from django_scopes import scopes_disabled

from karya.programs.tests.test_documents_support import capture_html, document_text
from karya.sales.documents.bast import handover_pdf
from karya.sales.services.handovers import handover_post, handover_reverse

pytestmark = pytest.mark.usefixtures("in_scope")


@pytest.fixture
def named(output_officer, head, agreement):
    with scopes_disabled():
        output_officer.full_name, output_officer.nip = "Dwi Hartono", "198703152010121002"
        output_officer.save()
        head.full_name, head.nip = "Aliandra Harahap", "197405061998031001"
        head.save()
        type(agreement).objects.filter(pk=agreement.pk).update(number="W.13.PAS.16-HM.05.01-118")


def _text(monkeypatch, handover) -> str:
    """The PDF's words, a table row on one line (poppler's layout mode), whitespace collapsed;
    the laid-out HTML where the machine has no pdftotext."""
    html = capture_html(monkeypatch)
    pdf = handover_pdf(handover)
    assert pdf.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        return document_text(pdf, html[-1])
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return " ".join(text.split())


def test_the_bast_says_everything_the_minutes_need(
    monkeypatch, facility, output_officer, make_draft, named
):
    posted = handover_post(actor=output_officer, handover=make_draft())
    with translation.override("en"):  # the interface language does not matter
        text = _text(monkeypatch, posted)

    for expected in [
        "LAPAS KELAS IIA PURWOKERTO",
        "BERITA ACARA SERAH TERIMA HASIL KARYA",
        "Nomor: BAST/LPPWT/2026/01/0001",
        "Pada hari ini, Sabtu tanggal tiga puluh satu bulan Januari tahun dua ribu dua puluh "
        "enam, pukul 09.40 WIB",
        "Dwi Hartono",
        "198703152010121002",
        "Petugas pengelolaan hasil kerja",
        "PIHAK PERTAMA",
        "Budi Santoso",
        "Direktur",
        "PIHAK KEDUA",
        "CV. Pusat Handicraft",
        "Perjanjian Kerja Sama tentang PKS CV. Pusat Handicraft Nomor W.13.PAS.16-HM.05.01-118",
        "1 Sapu lidi L-2026-001 1.140 batang Rp 2.500 Rp 2.850.000",
        "2 Sapu lakop — 290 buah Rp 7.500 Rp 2.175.000",
        "Total Rp 5.025.000",
        "Terbilang: Lima juta dua puluh lima ribu rupiah",
        "dibeli putus",
        "Mengetahui",
        "Aliandra Harahap",
        "NIP 197405061998031001",
    ]:
        assert expected in text, expected
    assert "DRAF" not in text


def test_a_draft_prints_with_a_draft_mark_and_no_number(monkeypatch, make_draft, named):
    text = _text(monkeypatch, make_draft("maklon"))
    assert "DRAF" in text and "belum bernomor" in text and "BAST/" not in text
    assert "Jasa per satuan" in text and "Terbilang: Satu juta empat ratus tiga puluh ribu" in text


def test_a_reversal_prints_as_the_cancellation_of_the_handover(
    monkeypatch, output_officer, make_draft, named
):
    posted = handover_post(actor=output_officer, handover=make_draft("konsinyasi"))
    reversal = handover_reverse(
        actor=output_officer,
        handover=posted,
        reason="Salah hitung",
        when=dt.datetime(2026, 2, 2, 3, 0, tzinfo=dt.UTC),
    )
    text = _text(monkeypatch, reversal)
    assert "BERITA ACARA PEMBATALAN SERAH TERIMA HASIL KARYA" in text
    assert "Nomor: BAST/LPPWT/2026/02/0001" in text
    assert "Senin tanggal dua bulan Februari tahun dua ribu dua puluh enam, pukul 10.00 WIB" in text
    assert "membatalkan Berita Acara Serah Terima Nomor BAST/LPPWT/2026/01/0001" in text
    assert "Salah hitung" in text
