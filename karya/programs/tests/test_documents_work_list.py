"""The daily work list (unlock list): who goes out to which workshop in which session, per
block, for security to let out and count back; as a page and as a signed PDF."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.programs.tests.test_documents_support import (
    allocate,
    capture_html,
    document_text,
    make_workshop,
)
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 2, 2)


def page_url(facility):
    return reverse("programs:doc-work-list", args=[facility.code])


def pdf_url(facility):
    return reverse("programs:doc-work-list-pdf", args=[facility.code])


@pytest.fixture
def day(facility, inmates):
    """On Monday 2 February 2026: Agus (block A, batik, morning) and Budi (block B, car wash
    outside the walls, afternoon) go out; five others do not, each for a different reason."""
    agus, budi, citra = inmates
    batik = make_workshop(facility, "Bengkel Batik")
    car_wash = make_workshop(
        facility, "Cuci Mobil", sector="jasa", outside_walls=True, working_days=[0, 1, 2, 3, 4, 5]
    )
    wood = make_workshop(facility, "Bengkel Kayu", sector="kayu", working_days=[1, 3])
    closed = make_workshop(facility, "Bengkel Lama", is_active=False)
    with scopes_disabled():
        agus.cell = "A-12"
        agus.save()
        dedi, eko, fajar, gita = (
            InmateFactory(facility=facility, name=name, block="A")
            for name in ("Dedi Diskors", "Eko Esok", "Fajar Selesai", "Gita Tutup")
        )
    allocate(agus, batik)
    allocate(budi, car_wash, session="siang")
    allocate(citra, wood)  # the wood workshop works Tuesdays and Thursdays
    allocate(dedi, batik, status="SUSPENDED")
    allocate(eko, batik, start=dt.date(2026, 2, 10))  # starts next week
    allocate(fajar, batik, status="ENDED", end=dt.date(2026, 1, 30))
    allocate(gita, closed)
    return {"agus": agus, "budi": budi}


OUT_OF_THE_LIST = ("Citra Batikwangi", "Dedi Diskors", "Eko Esok", "Fajar Selesai", "Gita Tutup")


def test_page_lists_who_works_that_day_per_block(login, officer, facility, day):
    response = login(officer).get(page_url(facility), {"tanggal": "2026-02-02"})
    assert response.status_code == 200
    text = response.text
    assert "Agus Sapulidi" in text and "BI.1/2025" in text and "A / A-12" in text
    assert "Budi Anyamsari" in text and "Cuci Mobil" in text
    for name in OUT_OF_THE_LIST:
        assert name not in text
    # grouped per block, block A before block B
    assert text.index("Blok A") < text.index("Agus Sapulidi") < text.index("Blok B")
    assert text.index("Blok B") < text.index("Budi Anyamsari")
    assert "Senin, 2 Februari 2026" in text
    assert f"{pdf_url(facility)}?tanggal=2026-02-02" in text


def test_pdf_has_the_rows_the_tick_columns_and_both_signatures(
    login, make_user, facility, day, monkeypatch
):
    officer = make_user(
        "officer",
        facility=facility,
        username="bimker",
        full_name="Sri Rahayu",
        nip="198001012005012001",
    )
    html = capture_html(monkeypatch)
    response = login(officer).get(pdf_url(facility), {"tanggal": "2026-02-02"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="daftar-kerja-lppwt-2026-02-02.pdf"'
    text = document_text(response.content, html[0]).lower()  # titles are drawn in capitals
    for expected in (
        "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA",
        "DIREKTORAT JENDERAL PEMASYARAKATAN",
        "LAPAS KELAS IIA PURWOKERTO",
        "Daftar Kerja Harian",
        "Senin, 2 Februari 2026",
        "Agus Sapulidi",
        "BI.1/2025",
        "Bengkel Batik",
        "Pagi",
        "Dalam tembok",
        "Budi Anyamsari",
        "Siang",
        "Luar tembok",
        "Keluar",
        "Kembali",
        "Petugas kegiatan kerja",
        "Petugas pengamanan",
        "Sri Rahayu",
        "NIP. 198001012005012001",
    ):
        assert expected.lower() in text, expected
    for name in OUT_OF_THE_LIST:
        assert name.lower() not in text


def test_security_officer_signs_the_security_block(login, make_user, facility, day, monkeypatch):
    guard = make_user("security", facility=facility, full_name="Bambang Jaga")
    html = capture_html(monkeypatch, fake_pdf=True)
    response = login(guard).get(pdf_url(facility), {"tanggal": "2026-02-02"})
    assert response.status_code == 200
    signatures = html[0][html[0].index('class="signatures"') :]
    officer_block, security_block = signatures.split('class="signature', 2)[1:]
    assert "Bambang Jaga" in security_block and "Bambang Jaga" not in officer_block


def test_default_date_is_today_in_the_units_zone(login, officer, facility, monkeypatch):
    from karya.programs.views import documents as views

    monkeypatch.setattr(views, "today_in", lambda tz: dt.date(2026, 3, 4))
    response = login(officer).get(page_url(facility))
    assert response.status_code == 200
    assert "4 Maret 2026" in response.text


@pytest.mark.parametrize("bad", ["2026-02-31", "31-13-2026", "kemarin", "9999-99-99"])
def test_impossible_date_is_explained_on_the_page(login, officer, facility, bad, monkeypatch):
    from karya.programs.views import documents as views

    monkeypatch.setattr(views, "today_in", lambda tz: dt.date(2026, 3, 4))
    client = login(officer)
    response = client.get(page_url(facility), {"tanggal": bad})
    assert response.status_code == 200
    assert "Ini bukan tanggal" in response.text
    assert "4 Maret 2026" in response.text  # today's list instead
    html = capture_html(monkeypatch, fake_pdf=True)
    response = client.get(pdf_url(facility), {"tanggal": bad})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Ini bukan tanggal" in response.text
    assert html == []  # no PDF with a date nobody asked for


def test_page_query_count_does_not_grow_with_rows(
    login, officer, facility, day, django_assert_max_num_queries
):
    client = login(officer)
    with django_assert_max_num_queries(15) as few:
        client.get(page_url(facility), {"tanggal": "2026-02-02"})
    workshop = make_workshop(facility, "Bengkel Anyaman", sector="anyaman")
    with scopes_disabled():
        more = InmateFactory.create_batch(12, facility=facility, block="C")
    for inmate in more:
        allocate(inmate, workshop)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(page_url(facility), {"tanggal": "2026-02-02"})
    assert response.text.count("Bengkel Anyaman") == 12
