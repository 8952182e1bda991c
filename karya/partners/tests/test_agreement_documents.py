"""An agreement's documents (signed scans: uploaded with a type and size check, downloaded only
through a permission-checked page) and its summary as PDF on the unit's letterhead."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_scopes import scopes_disabled

from karya.partners.models import Agreement, AgreementDocument, Obligation
from karya.partners.tests.conftest import PDF_BYTES, PNG_BYTES, image_bytes, url
from karya.programs.tests.test_documents_support import capture_html, document_text

pytestmark = pytest.mark.django_db


def documents():
    with scopes_disabled():
        return list(AgreementDocument.objects.order_by("pk").values_list("title", "content_type"))


def upload(client, facility, agreement, name, content, title="PKS ditandatangani"):
    return client.post(
        url("agreement-document-add", facility, agreement.pk),
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


def test_officer_uploads_a_scan_and_readers_download_it(
    login, officer, make_user, facility, ours, media_root
):
    response = upload(login(officer), facility, ours.agreement, "pks.PNG", PNG_BYTES)
    assert response.status_code == 302
    with scopes_disabled():
        document = AgreementDocument.objects.get(title="PKS ditandatangani")
    assert (document.content_type, document.uploaded_by) == ("image/png", officer)
    # Stored under a random name in the unit's folder, never the uploaded name.
    assert document.file.name.startswith(f"agreements/{facility.code}/")
    assert "pks" not in document.file.name and document.file.name.endswith(".png")
    reader = login(make_user("treasurer", facility=facility))
    page = reader.get(url("agreement-detail", facility, ours.agreement.pk)).content.decode()
    link = url("agreement-document", facility, ours.agreement.pk, document.pk)
    assert link in page and "/media/" not in page
    response = reader.get(link)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\x89PNG") and len(content) == document.size
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="pks-ditandatangani.png"'
    # The PDF of the fixture opens in the browser.
    response = reader.get(url("agreement-document", facility, ours.agreement.pk, ours.document.pk))
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Type"] == "application/pdf"
    # Media files are not served by the app at all.
    assert Client().get(f"/media/{document.file.name}").status_code == 404
    assert reader.get(f"/media/{document.file.name}").status_code == 404


def test_a_photo_is_stored_without_its_gps_position(login, officer, facility, ours):
    from PIL import Image

    photo = image_bytes("JPEG", gps=True)
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)  # it has a position
    response = upload(login(officer), facility, ours.agreement, "foto.jpg", photo)
    assert response.status_code == 302
    with scopes_disabled():
        document = AgreementDocument.objects.get(title="PKS ditandatangani")
    with document.file.open("rb") as stored:
        content = stored.read()
    assert document.content_type == "image/jpeg" and content.startswith(b"\xff\xd8\xff")
    image = Image.open(io.BytesIO(content))
    assert image.size == (40, 30)
    assert not image.getexif() and b"Exif" not in content and b"Telepon" not in content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pks.pdf", b"MZ\x90\x00 not a pdf at all"),  # a program named .pdf
        ("pks.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),  # a broken picture
        ("pks.html", b"<html><script>alert(1)</script></html>"),
        ("pks.docx", b"PK\x03\x04 a word file"),
    ],
)
def test_only_pdf_jpeg_png_are_accepted(login, officer, facility, ours, name, content):
    response = upload(login(officer), facility, ours.agreement, name, content)
    assert response.status_code == 200
    assert "Unggah berkas PDF, JPEG atau PNG." in response.content.decode()
    assert documents() == [("Naskah penjajakan", "application/pdf")]


def test_the_size_is_limited(login, officer, facility, ours, settings):
    settings.KARYA_DOCUMENT_MAX_BYTES = 1024 * 1024
    client = login(officer)
    too_big = PDF_BYTES + b"0" * (1024 * 1024)
    response = upload(client, facility, ours.agreement, "besar.pdf", too_big)
    assert "Berkas lebih besar dari 1 MB." in response.content.decode()
    assert len(documents()) == 1
    response = upload(client, facility, ours.agreement, "kecil.pdf", PDF_BYTES)
    assert response.status_code == 302 and len(documents()) == 2


def test_setting_has_a_ten_megabyte_default():
    from karya import settings as production_settings

    assert production_settings.KARYA_DOCUMENT_MAX_BYTES == 10 * 1024 * 1024


def test_a_missing_file_answers_404(login, officer, facility, ours):
    ours.document.file.delete(save=False)
    response = login(officer).get(
        url("agreement-document", facility, ours.agreement.pk, ours.document.pk)
    )
    assert response.status_code == 404


# The summary PDF


@pytest.fixture
def signed(facility, ours, theirs):
    facility.city = "Purwokerto"
    facility.address = "Jl. Pahlawan No. 152"
    facility.save()
    with scopes_disabled():
        Agreement.objects.filter(pk=ours.agreement.pk).update(
            status="PKS",
            schemes=["konsinyasi", "beli_putus"],
            number="W13.PAS.PAS.6-UM.01.01-123",
            mou_signed_on=dt.date(2025, 9, 1),
            pks_signed_on=dt.date(2025, 11, 3),
            start_date=dt.date(2025, 11, 3),
            end_date=dt.date(2030, 11, 2),
            commission_percent=10,
            payment_terms="Dibayar setiap akhir bulan",
            unit_signatory="Aliandra Harahap",
            partner_signatory="Budi Santoso, Direktur",
        )
        Obligation.objects.create(
            facility=facility,
            agreement=ours.agreement,
            party="upt",
            description="Menyediakan hasil karya sesuai pesanan",
            fulfilled_on=dt.date(2025, 12, 1),
            evidence="BAST 1 Desember 2025",
        )
    return ours.agreement


def test_summary_pdf_in_indonesian(login, officer, facility, signed, monkeypatch):
    html = capture_html(monkeypatch)
    client = login(officer)
    client.cookies["django_language"] = "en"  # an official form: Indonesian regardless
    response = client.get(url("agreement-pdf", facility, signed.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Cache-Control"] == "private, no-store"
    text = document_text(response.content, html[0])
    for expected in (
        "DIREKTORAT JENDERAL PEMASYARAKATAN",
        "LAPAS KELAS IIA PURWOKERTO",
        "Ringkasan Perjanjian Kerja Sama",
        "Nomor: W13.PAS.PAS.6-UM.01.01-123",
        "PIHAK PERTAMA : Lapas Kelas IIA Purwokerto",
        "diwakili oleh Aliandra Harahap",
        "PIHAK KEDUA : CV. Pusat Handicraft (CV)",
        "diwakili oleh Budi Santoso, Direktur",
        "Status : PKS berlaku",
        "Masa berlaku : 3 November 2025 s.d. 2 November 2030",
        "Konsinyasi / pemasaran",
        "Beli putus",
        "Komisi Pihak Kedua : 10,00% dari harga jual",
        "Sapu lidi batang Rp 2.500",
        "Pihak Kedua Mengambil hasil karya setiap bulan 28 Februari 2026 Belum dipenuhi",
        "Pihak Pertama Menyediakan hasil karya sesuai pesanan — Dipenuhi 1 Desember 2025 "
        "(BAST 1 Desember 2025)",
        "Purwokerto,",
        "Kepala Lapas Kelas IIA Purwokerto",
    ):
        assert expected.lower() in text.lower(), expected  # the title is upper case in print
    # Another unit's partner never shows.
    assert "Toko Acun" not in text and "Perangkap tikus" not in text


def test_summary_of_an_exploration(login, officer, facility, ours, monkeypatch):
    html = capture_html(monkeypatch, fake_pdf=True)
    response = login(officer).get(url("agreement-pdf", facility, ours.agreement.pk))
    text = document_text(response.content, html[0])
    assert "ringkasan penjajakan kerja sama" in text.lower() and "Nomor: —" in text
    assert "Status : Penjajakan" in text


def test_a_failed_pdf_explains_itself(login, officer, facility, ours, monkeypatch):
    from karya.core import documents as core_documents

    def broken(html):
        raise core_documents.DocumentError()

    monkeypatch.setattr(core_documents, "html_to_pdf", broken)
    response = login(officer).get(url("agreement-pdf", facility, ours.agreement.pk))
    assert response.status_code == 503
    assert "Dokumen tidak dapat dibuat" in response.content.decode()
