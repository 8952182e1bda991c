"""The skills record an inmate takes to an employer on release: trainings and certificates,
workshops and days worked per sector, products made. Never the registration number, block,
cell or sentence. Printing it is recorded (and audited); the "about to be released" page shows
who still needs one."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scope, scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.dates import tanggal, today_in
from karya.inmates.models import Inmate
from karya.programs.models import (
    Attendance,
    OutputRecord,
    SkillsRecordPrint,
    Training,
    TrainingParticipant,
)
from karya.programs.selectors.documents import skills_record
from karya.programs.tests.test_documents_support import (
    allocate,
    capture_html,
    document_text,
    make_product,
    make_workshop,
)
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(facility, inmates):
    """Agus: a batik training (competent, BNSP certificate), batik workshop from 5 January to
    30 January 2026 (3 days present, 1 sick), then the car wash since 2 February (2 days);
    12 sheets of batik cloth and 5 car washes. A pending allocation never started."""
    agus = inmates[0]
    with scopes_disabled():
        agus.cell = "A-12"
        agus.save()
    batik = make_workshop(facility, "Bengkel Batik Cap")
    car_wash = make_workshop(facility, "Cuci Mobil Lapas", sector="jasa", outside_walls=True)
    wood = make_workshop(facility, "Bengkel Kayu", sector="kayu")
    cloth = make_product(facility, "Kain batik cap", unit="lembar", category="batik")
    wash = make_product(facility, "Cuci mobil", unit="kali", category="jasa")
    first = allocate(
        agus, batik, status="ENDED", start=dt.date(2026, 1, 5), end=dt.date(2026, 1, 30)
    )
    second = allocate(agus, car_wash, session="siang", start=dt.date(2026, 2, 2))
    allocate(agus, wood, status="PENDING", start=dt.date(2026, 2, 2))
    with scopes_disabled():
        for day, status in ((5, "hadir"), (6, "hadir"), (7, "sakit"), (8, "hadir")):
            Attendance.objects.create(
                facility=facility, allocation=first, date=dt.date(2026, 1, day), status=status
            )
        for day in (2, 3):
            Attendance.objects.create(
                facility=facility, allocation=second, date=dt.date(2026, 2, day), status="hadir"
            )
        for day, quantity in ((5, 4), (6, 8)):
            OutputRecord.objects.create(
                facility=facility,
                allocation=first,
                date=dt.date(2026, 1, day),
                product=cloth,
                quantity=quantity,
            )
        for day, quantity in ((2, 2), (3, 3)):
            OutputRecord.objects.create(
                facility=facility,
                allocation=second,
                date=dt.date(2026, 2, day),
                product=wash,
                quantity=quantity,
            )
        training = Training.objects.create(
            facility=facility,
            title="Membatik Cap",
            provider_name="CV Rajasa Mas Jaya",
            hours_jp=40,
            competency_units="C.14BTK00.005.1 Mencap kain dengan malam",
            start_date=dt.date(2025, 11, 3),
            end_date=dt.date(2025, 11, 7),
        )
        TrainingParticipant.objects.create(
            facility=facility,
            training=training,
            inmate=agus,
            result="kompeten",
            certificate_number="LSP-77/2025",
            certificate_issuer="LSP",
            certificate_date=dt.date(2025, 11, 20),
        )
    return agus


def print_url(inmate):
    return reverse("programs:doc-skills-record", args=[inmate.facility.code, inmate.pk])


def list_url(facility):
    return reverse("programs:doc-release-list", args=[facility.code])


def test_record_adds_up_days_per_workshop_and_sector_and_products(facility, history):
    with scope(facility=[facility.pk]), translation.override("en"):
        record = skills_record(inmate=history, today=dt.date(2026, 2, 20))
    assert [(w.workshop, w.first_day, w.last_day, w.days_present) for w in record.workshops] == [
        ("Bengkel Batik Cap", dt.date(2026, 1, 5), dt.date(2026, 1, 30), 3),
        ("Cuci Mobil Lapas", dt.date(2026, 2, 2), None, 2),  # still there
    ]
    assert [(s.sector, s.days_present) for s in record.sectors] == [("Batik", 3), ("Services", 2)]
    assert record.days_present == 5
    assert [(p.name, p.quantity, p.unit) for p in record.products] == [
        ("Cuci mobil", 5, "kali"),
        ("Kain batik cap", 12, "lembar"),
    ]
    assert [p.training.title for p in record.trainings] == ["Membatik Cap"]


def test_printing_gives_the_pdf_and_records_it(login, make_user, facility, history, monkeypatch):
    officer = make_user("officer", facility=facility, full_name="Sri Rahayu")
    make_user("head", facility=facility, full_name="Dr. Hendra Wijaya", nip="197501012000031001")
    html = capture_html(monkeypatch)
    response = login(officer).post(print_url(history))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="catatan-keterampilan-agus-sapulidi.pdf"'
    )
    with scopes_disabled():
        printed = SkillsRecordPrint.objects.get()
        assert (printed.inmate, printed.printed_by) == (history, officer)
        assert AuditEntry.objects.filter(
            object_id=str(printed.pk), content_type__model="skillsrecordprint", actor=officer
        ).exists()
    text = document_text(response.content, html[0]).lower()
    year = today_in(facility.timezone).year
    for expected in (
        "LAPAS KELAS IIA PURWOKERTO",
        "Catatan Keterampilan Kerja",
        f"Nomor {printed.pk:04d}/CKK/LPPWT/{year}",
        "Agus Sapulidi",
        "Membatik Cap",
        "CV Rajasa Mas Jaya",
        "C.14BTK00.005.1 Mencap kain dengan malam",
        "Kompeten",
        "LSP LSP-77/2025",
        "Bengkel Batik Cap",
        "5 Januari 2026",
        "30 Januari 2026",
        "Cuci Mobil Lapas",
        "sekarang",
        "Jasa",
        "Kain batik cap",
        "12 lembar",
        "5 kali",
        "Cuci mobil",
        "Kepala Lapas Kelas IIA Purwokerto",
        "Dr. Hendra Wijaya",
        "Sri Rahayu",  # printed by, in the footer
    ):
        assert expected.lower() in text, expected
    for secret in ("BI.1/2025", "A-12", "Blok", tanggal(history.expected_release), "Bengkel Kayu"):
        assert secret.lower() not in text, secret


def test_a_failed_render_records_nothing(login, officer, facility, history, monkeypatch):
    import weasyprint

    def broken(*args, **kwargs):
        raise OSError("no fonts")

    monkeypatch.setattr(weasyprint, "HTML", broken)
    response = login(officer).post(print_url(history))
    assert response.status_code == 503
    assert "Dokumen tidak dapat dibuat" in response.text
    assert list_url(facility) in response.text  # a way back
    with scopes_disabled():
        assert not SkillsRecordPrint.objects.exists()
        assert not AuditEntry.objects.filter(content_type__model="skillsrecordprint").exists()


def _soon(facility, days, **fields):
    today = today_in(facility.timezone)
    with scopes_disabled():
        return InmateFactory(
            facility=facility, expected_release=today + dt.timedelta(days=days), **fields
        )


def test_release_list_shows_who_leaves_within_30_days_and_their_record(
    login, officer, make_user, facility, monkeypatch
):
    today = today_in(facility.timezone)
    leaving = _soon(facility, 5, name="Hari Pulang")
    last_day = _soon(facility, 30, name="Indra Tigapuluh")
    _soon(facility, 31, name="Joko Nanti")
    _soon(facility, -1, name="Kurnia Lewat")
    _soon(facility, 3, name="Lukman Pindah", departed_on=today, departure="pindah")
    with scopes_disabled():
        SkillsRecordPrint.objects.create(facility=facility, inmate=leaving, printed_by=officer)
    response = login(officer).get(list_url(facility))
    assert response.status_code == 200
    text = response.text
    assert text.index("Hari Pulang") < text.index("Indra Tigapuluh")
    for absent in ("Joko Nanti", "Kurnia Lewat", "Lukman Pindah"):
        assert absent not in text
    row_of = {
        name: text[text.index(name) :].split("</tr>")[0]
        for name in ("Hari Pulang", "Indra Tigapuluh")
    }
    assert "dicetak" in row_of["Hari Pulang"] and officer.display_name in row_of["Hari Pulang"]
    assert "Belum dicetak" in row_of["Indra Tigapuluh"]
    assert print_url(last_day) in row_of["Indra Tigapuluh"]
    assert "dalam 5 hari" in row_of["Hari Pulang"]


def test_release_list_query_count_does_not_grow_with_rows(
    login, officer, facility, django_assert_max_num_queries
):
    client = login(officer)
    first = _soon(facility, 4)
    with scopes_disabled():
        SkillsRecordPrint.objects.create(facility=facility, inmate=first, printed_by=officer)
    with django_assert_max_num_queries(15) as few:
        client.get(list_url(facility))
    more = [_soon(facility, day) for day in range(1, 15)]
    with scopes_disabled():
        for inmate in more[::2]:
            for _ in range(2):
                SkillsRecordPrint.objects.create(
                    facility=facility, inmate=inmate, printed_by=officer
                )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(list_url(facility))
    with scopes_disabled():
        assert Inmate.objects.filter(facility=facility).count() == 15
    assert response.text.count("Belum dicetak") == 7
