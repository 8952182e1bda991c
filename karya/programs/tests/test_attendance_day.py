"""The day screen: a whole workshop's attendance, hours and pieces saved at once; corrections
keep the earlier value in the audit log; bad input is refused and nothing is written."""

import datetime as dt
import math
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.dates import today_in
from karya.programs.models import Allocation, Attendance, OutputRecord, Workshop
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.django_db


def today():
    return today_in("Asia/Jakarta")


def day_url(workshop, date=None):
    address = reverse("programs:attendance-day", args=[workshop.facility.code, workshop.pk])
    return f"{address}?tanggal={date.isoformat()}" if date else address


def allocate(workshop, inmates, status="ACTIVE", start=dt.date(2026, 1, 5), **fields):
    with scopes_disabled():
        return Allocation.objects.bulk_create(
            Allocation(
                facility=workshop.facility,
                workshop=workshop,
                inmate=inmate,
                session="pagi",
                status=status,
                start_date=start,
                **({"started": status != "PENDING"} | fields),
            )
            for inmate in inmates
        )


def stored():
    with scopes_disabled():
        return {
            "attendance": sorted(
                Attendance.objects.values_list(
                    "allocation__inmate__name", "date", "status", "hours"
                )
            ),
            "outputs": sorted(
                OutputRecord.objects.values_list("allocation__inmate__name", "product", "quantity")
            ),
            "audit": AuditEntry.objects.count(),
        }


@pytest.fixture
def crew(workshop, inmates):
    """Agus and Budi work in the workshop (Citra does not)."""
    agus, budi = allocate(workshop, inmates[:2])
    return agus, budi


def post_day(client, workshop, date, rows, product):
    """rows: {allocation: (status, hours, pieces)}."""
    data = {"tanggal": date.isoformat()}
    for allocation, (status, hours, pieces) in rows.items():
        data[f"status-{allocation.pk}"] = status
        data[f"hours-{allocation.pk}"] = hours
        data[f"out-{allocation.pk}-{product.pk}"] = pieces
    return client.post(day_url(workshop), data)


def input_value(page, name):
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page)
    assert match, name
    return match.group(1)


def selected_status(page, allocation):
    select = re.search(rf'<select name="status-{allocation.pk}">(.*?)</select>', page, re.S)
    chosen = re.search(r'<option value="([^"]*)" selected>', select.group(1))
    return chosen.group(1) if chosen else ""


def test_the_day_shows_everyone_working_that_day(login, officer, workshop, crew, make_inmate):
    allocate(workshop, [make_inmate(name="Dedi Diskors")], status="SUSPENDED")
    allocate(workshop, [make_inmate(name="Eko Belum")], status="PENDING")
    allocate(
        workshop,
        [make_inmate(name="Fajar Selesai")],
        status="ENDED",
        end_date=dt.date(2026, 2, 1),
        end_reason="selesai",
    )
    allocate(workshop, [make_inmate(name="Gita Besok")], start=today() + dt.timedelta(days=1))
    page = login(officer).get(day_url(workshop)).text
    legends = re.findall(r"<legend>([^<]+)", page)
    assert [name.strip() for name in legends] == ["Agus Sapulidi", "Budi Anyamsari", "Dedi Diskors"]
    assert "dihentikan sementara" in page
    assert page.count("Sapu lidi (batang)") == 3
    assert "Simpan hari ini" in page


def test_officer_saves_the_day(login, officer, workshop, product, crew):
    agus, budi = crew
    client = login(officer)
    response = post_day(
        client,
        workshop,
        today(),
        {agus: ("hadir", "7.5", "12"), budi: ("sakit", "", "")},
        product,
    )
    assert response.status_code == 302
    assert response.url.endswith(f"?tanggal={today().isoformat()}")
    page = client.get(response.url).text
    assert "Tersimpan: 2 baru, 0 dikoreksi." in page
    assert stored()["attendance"] == [
        ("Agus Sapulidi", today(), "hadir", Decimal("7.50")),
        ("Budi Anyamsari", today(), "sakit", Decimal("0.00")),
    ]
    assert stored()["outputs"] == [("Agus Sapulidi", product.pk, 12)]
    with scopes_disabled():
        assert {a.recorded_by for a in Attendance.objects.all()} == {officer}
    # The page shows what is stored, in the form a number input reads ("7.5", not "7,50").
    assert selected_status(page, agus) == "hadir" and selected_status(page, budi) == "sakit"
    assert input_value(page, f"hours-{agus.pk}") == "7.5"
    assert input_value(page, f"out-{agus.pk}-{product.pk}") == "12"
    assert input_value(page, f"out-{budi.pk}-{product.pk}") == ""


def test_a_correction_keeps_the_earlier_value_in_the_audit_log(
    login, officer, head, workshop, product, crew
):
    agus, budi = crew
    day = today() - dt.timedelta(days=1)
    post_day(
        login(officer),
        workshop,
        day,
        {agus: ("hadir", "7", "12"), budi: ("hadir", "7", "9")},
        product,
    )
    assert AuditEntry.objects.count() == 0  # a first entry is not a correction

    client = login(head)
    response = post_day(
        client,
        workshop,
        day,
        {agus: ("hadir", "5", "10"), budi: ("hadir", "7", "9")},
        product,
    )
    page = client.get(response.url).text
    assert "Tersimpan: 0 baru, 1 dikoreksi." in page
    with scopes_disabled():
        attendance = Attendance.objects.get(allocation=agus, date=day)
        output = OutputRecord.objects.get(allocation=agus, date=day)
        [hours_change] = AuditEntry.objects.for_object(attendance)
        [pieces_change] = AuditEntry.objects.for_object(output)
    assert attendance.hours == Decimal("5.00") and attendance.recorded_by == head
    assert output.quantity == 10
    assert hours_change.changes == {"hours": ["7.00", "5.00"]}
    assert pieces_change.changes == {"quantity": [12, 10]}
    for entry in (hours_change, pieces_change):
        assert entry.actor == head and entry.action == "update"
        assert entry.note == f"Koreksi {day.isoformat()}"
        assert entry.facility_id == workshop.facility_id

    # The same values again: nothing is corrected, nothing is logged.
    before = stored()
    response = post_day(
        client,
        workshop,
        day,
        {agus: ("hadir", "5", "10"), budi: ("hadir", "7", "9")},
        product,
    )
    assert "Tersimpan: 0 baru, 0 dikoreksi." in client.get(response.url).text
    assert stored() == before


def test_sixty_inmates_take_as_many_queries_as_five(login, officer, facility, product):
    client = login(officer)
    queries = []
    for size in (5, 60):
        with scopes_disabled():
            workshop = Workshop.objects.create(
                facility=facility, name=f"Bengkel {size}", sector="kerajinan", capacity=100
            )
            workshop.products.add(product)
            crew = InmateFactory.create_batch(size, facility=facility)
        allocations = allocate(workshop, crew)
        client.get(day_url(workshop))  # the session remembers the unit once, not counted
        counted = []
        for hours, pieces in (("7", "10"), ("6", "11")):  # a first entry, then a correction
            rows = {a: ("hadir", hours, pieces) for a in allocations}
            with CaptureQueriesContext(connection) as captured:
                response = post_day(client, workshop, today(), rows, product)
            assert response.status_code == 302
            counted.append(len(captured.captured_queries))
        queries.append(counted)
        with scopes_disabled():
            assert Attendance.objects.filter(allocation__workshop=workshop).count() == size
    (first_5, correction_5), (first_60, correction_60) = queries
    assert first_5 == first_60
    # A correction of hours and pieces appends two audit rows per inmate in bulk. SQLite takes
    # at most 999 parameters per statement, so Django splits that INSERT into batches (one
    # statement per ~110 rows there; PostgreSQL takes them in one): that is the only growth.
    assert correction_60 - correction_5 == audit_batches(2 * 60) - audit_batches(2 * 5)
    with scopes_disabled():
        assert AuditEntry.objects.filter(note__startswith="Koreksi").count() == 2 * (5 + 60)


def audit_batches(rows: int) -> int:
    columns = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    batch = connection.ops.bulk_batch_size(columns, [None] * rows)
    return math.ceil(rows / batch)


def test_a_day_not_yet_come_is_refused(login, officer, workshop, product, crew):
    agus, _ = crew
    tomorrow = today() + dt.timedelta(days=1)
    before = stored()
    response = post_day(login(officer), workshop, tomorrow, {agus: ("hadir", "7", "3")}, product)
    assert response.status_code == 400
    assert "Hari yang belum tiba tidak dapat dicatat." in response.text
    assert stored() == before


@pytest.mark.parametrize(
    ("agus", "message"),
    [
        (("sakit", "3", ""), "Agus Sapulidi tidak hadir, jadi jam kerja harus 0."),
        (("izin", "", "4"), "Agus Sapulidi tidak hadir, jadi hasil kerja tidak dapat dicatat."),
        (("hadir", "7", "dua"), "Jumlah hasil Agus Sapulidi harus bilangan bulat."),
        (("hadir", "7", "-3"), "Jumlah hasil Agus Sapulidi harus bilangan bulat."),
        (("hadir", "7", "2.5"), "Jumlah hasil Agus Sapulidi harus bilangan bulat."),
        (("hadir", "tujuh", ""), "Jam harus berupa angka."),
        (("hadir", "25", ""), "Jam harus antara 0 dan 24."),
        (("mangkir", "", ""), "Status kehadiran Agus Sapulidi tidak dikenal."),
    ],
    ids=[
        "hours-when-sick",
        "pieces-when-excused",
        "pieces-in-words",
        "negative-pieces",
        "fractional-pieces",
        "hours-in-words",
        "too-many-hours",
        "unknown-status",
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    login, officer, workshop, product, crew, agus, message
):
    allocation, budi = crew
    before = stored()
    response = post_day(
        login(officer),
        workshop,
        today(),
        {allocation: agus, budi: ("hadir", "7", "9")},  # Budi's row is fine: not saved either
        product,
    )
    assert response.status_code == 400
    assert message in response.text
    assert stored() == before
    # What the officer typed is still there to correct, for both inmates.
    page = response.text
    status, hours, pieces = agus
    if status != "mangkir":
        assert selected_status(page, allocation) == status
    assert input_value(page, f"hours-{allocation.pk}") == hours
    assert input_value(page, f"out-{allocation.pk}-{product.pk}") == pieces
    assert selected_status(page, budi) == "hadir"
    assert input_value(page, f"out-{budi.pk}-{product.pk}") == "9"


def test_an_inmate_of_another_workshop_is_ignored(
    login, officer, facility, workshop, product, crew, make_inmate
):
    with scopes_disabled():
        elsewhere = Workshop.objects.create(
            facility=facility, name="Bengkel Lain", sector="kerajinan", capacity=5
        )
    [stranger] = allocate(elsewhere, [make_inmate(name="Hadi Lain")])
    agus, _ = crew
    response = post_day(
        login(officer),
        workshop,
        today(),
        {agus: ("hadir", "7", ""), stranger: ("hadir", "7", "")},
        product,
    )
    assert response.status_code == 302
    assert [row[0] for row in stored()["attendance"]] == ["Agus Sapulidi"]


def test_a_bad_date_is_refused(login, officer, workshop, product, crew):
    agus, _ = crew
    client = login(officer)
    before = stored()
    response = client.post(day_url(workshop), {"tanggal": "kemarin", f"status-{agus.pk}": "hadir"})
    assert response.status_code == 400
    assert "“kemarin” bukan tanggal; yang ditampilkan hari ini." in response.text
    assert stored() == before
    # Reading a bad date shows today with the same warning.
    page = client.get(day_url(workshop) + "?tanggal=31-02-2026").text
    assert "“31-02-2026” bukan tanggal; yang ditampilkan hari ini." in page


def test_a_save_reads_the_days_records_once(login, officer, workshop, product, crew):
    """The page posts every row; the save reads the day's attendance and output once (in the
    service, which writes them) and the unit once, and leaves the monthly figures alone."""
    agus, budi = crew
    client = login(officer)
    client.get(day_url(workshop))  # the session remembers the unit once, not counted
    for hours in ("7", "6"):  # a first entry, then a correction
        rows = {agus: ("hadir", hours, "3"), budi: ("sakit", "", "")}
        with CaptureQueriesContext(connection) as captured:
            response = post_day(client, workshop, today(), rows, product)
        assert response.status_code == 302
        reads = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
        for table in ("programs_attendance", "programs_outputrecord", "facilities_facility"):
            assert sum(f'FROM "{table}"' in sql for sql in reads) == 1, table
        # Attendance and output are no monthly figure: the save neither marks nor refreshes.
        assert not [q for q in captured.captured_queries if '"reports_' in q["sql"]]
    assert stored()["attendance"] == [
        ("Agus Sapulidi", today(), "hadir", Decimal("6.00")),
        ("Budi Anyamsari", today(), "sakit", Decimal("0.00")),
    ]
