"""The certificate of participation (surat keterangan mengikuti pelatihan) of one participant:
the unit's letterhead, a number, the training, its hours, dates, competency units, the result,
signed by the head of the unit; always in Indonesian."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.core.dates import today_in
from karya.programs.models import Training, TrainingParticipant
from karya.programs.tests.test_documents_support import capture_html, document_text

pytestmark = pytest.mark.django_db


def make_participant(facility, inmate, *, end=None, **fields):
    end = end or today_in(facility.timezone) - dt.timedelta(days=10)
    with scopes_disabled():
        training = Training.objects.create(
            facility=facility,
            title="Membatik Cap untuk Pemula",
            provider_name="CV Rajasa Mas Jaya",
            hours_jp=40,
            competency_units=(
                "C.14BTK00.001.1 Menyiapkan bahan batik cap\n\n"
                "C.14BTK00.005.1 Mencap kain dengan malam"
            ),
            start_date=end - dt.timedelta(days=4),
            end_date=end,
            location="Bengkel Batik",
        )
        return TrainingParticipant.objects.create(
            facility=facility, training=training, inmate=inmate, **fields
        )


def url(participant):
    return reverse(
        "programs:doc-training-certificate", args=[participant.facility.code, participant.pk]
    )


def test_certificate_pdf(login, officer, make_user, facility, inmates, monkeypatch):
    facility.city = "Purwokerto"
    facility.save()
    make_user("head", facility=facility, full_name="Dr. Hendra Wijaya", nip="197501012000031001")
    participant = make_participant(
        facility,
        inmates[0],
        end=dt.date(2025, 11, 7),
        result="kompeten",
        certificate_number="BNSP-123/2025",
        certificate_issuer="BNSP",
        certificate_date=dt.date(2025, 11, 20),
    )
    html = capture_html(monkeypatch)
    response = login(officer).get(url(participant))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="surat-keterangan-pelatihan-agus-sapulidi-{participant.pk}.pdf"'
    )
    text = document_text(response.content, html[0]).lower()
    for expected in (
        "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA",
        "KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN JAWA TENGAH",
        "LAPAS KELAS IIA PURWOKERTO",
        "Surat Keterangan Mengikuti Pelatihan",
        f"Nomor: {participant.pk:04d}/PLT.{participant.training.pk:03d}/LPPWT/2025",
        "Agus Sapulidi",
        "Membatik Cap untuk Pemula",
        "CV Rajasa Mas Jaya",
        "3 November 2025 s.d. 7 November 2025",
        "40 JP",
        "C.14BTK00.001.1 Menyiapkan bahan batik cap",
        "C.14BTK00.005.1 Mencap kain dengan malam",
        "Kompeten",
        "BNSP No. BNSP-123/2025, tanggal 20 November 2025",
        "Kepala Lapas Kelas IIA Purwokerto",
        "Dr. Hendra Wijaya",
        "NIP. 197501012000031001",
        "Purwokerto, ",
    ):
        assert expected.lower() in text, expected
    assert "bi.1/2025" not in text  # no registration number on a certificate


def test_certificate_is_indonesian_in_an_english_interface(
    login, officer, facility, inmates, monkeypatch
):
    from karya.programs.views import documents as views

    monkeypatch.setattr(views, "today_in", lambda tz: dt.date(2026, 1, 31))
    participant = make_participant(
        facility, inmates[1], end=dt.date(2026, 1, 20), result="belum_kompeten"
    )
    html = capture_html(monkeypatch, fake_pdf=True)
    client = login(officer)
    client.cookies["django_language"] = "en"
    assert "Log out" in client.get(reverse("unit-home", args=[facility.code])).text
    response = client.get(url(participant))
    assert response.status_code == 200
    text = document_text(response.content, html[0])
    assert "Belum kompeten" in text and "Yang bertanda tangan di bawah ini" in text
    assert "31 Januari 2026" in text  # signed on, in Indonesian
    assert "(………………………………………)" in text  # no head recorded: the name is left to write


def test_no_certificate_before_the_training_ends(login, officer, facility, inmates, monkeypatch):
    end = today_in(facility.timezone) + dt.timedelta(days=3)
    participant = make_participant(facility, inmates[0], end=end)
    html = capture_html(monkeypatch, fake_pdf=True)
    response = login(officer).get(url(participant))
    assert response.status_code == 400
    assert "sertifikatnya dapat dicetak mulai hari itu" in response.text
    assert html == []


def test_a_failed_render_gives_a_clear_message(login, officer, facility, inmates, monkeypatch):
    import weasyprint

    def broken(*args, **kwargs):
        raise RuntimeError("pango exploded")

    monkeypatch.setattr(weasyprint, "HTML", broken)
    participant = make_participant(facility, inmates[0])
    response = login(officer).get(url(participant))
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "Dokumen tidak dapat dibuat" in response.text
    assert "pango" not in response.text
