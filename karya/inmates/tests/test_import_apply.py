"""What a good SDP file does to the unit's registry: create, update by registration number,
mark as left, leave alone; and what it never does (touch another unit, discharge inmates
missing from the file, write anything in a dry run, change anything on a re-import)."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.inmates.models import Inmate
from karya.inmates.tests.sdp import inmate, registry_state, run_import, sdp_csv, sdp_row
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.django_db

FULL = sdp_row(
    "BI.100/2026",
    nama="Gilang  Bambusari ",
    jenis_kelamin="L",
    status="Narapidana",
    klasifikasi="Minimum",
    tahap_pembinaan="Akhir",
    tanggal_mulai="15-01-2024",
    tanggal_ekspirasi="14/01/2027",
    asimilasi="Ya",
    blok="C",
    kamar="C-12",
    tanggal_keluar="",
    jenis_keluar="",
)

# The inmates of the `inmates` fixture, as the SDP export has them.
AGUS = {"nama": "Agus Sapulidi", "blok": "A"}
BUDI = {"nama": "Budi Anyamsari", "status": "Tahanan", "blok": "B"}
CITRA = {"nama": "Citra Batikwangi", "jenis_kelamin": "P", "klasifikasi": "Maksimum", "blok": "W"}
BEBAS = {"tanggal_keluar": "02-03-2026", "jenis_keluar": "Bebas"}


def known(number, **changes):
    """The row of the SDP export for an inmate of the `inmates` fixture, as Karya has it."""
    cells = {"BI.1/2025": AGUS, "BI.2/2025": BUDI, "BI.3/2025": CITRA}[number]
    return sdp_row(
        number,
        tahap_pembinaan="Lanjutan",
        tanggal_mulai="10-01-2024",
        tanggal_ekspirasi="01-06-2028",
        **(cells | changes),
    )


def left_long_ago(facility, number="BI.9/2020"):
    with scopes_disabled():
        return InmateFactory(
            facility=facility,
            registration_number=number,
            departed_on=dt.date(2025, 1, 1),
            departure="bebas",
        )


def test_a_new_file_creates_inmates_with_every_value(facility, officer):
    result = run_import(facility, sdp_csv([FULL]), "sdp-januari.csv", actor=officer)
    assert (result.rows, result.created, result.updated) == (1, 1, 0)
    new = inmate(facility, "BI.100/2026")
    assert new.name == "Gilang Bambusari"
    assert (new.sex, new.status) == ("L", "narapidana")
    assert (new.security_class, new.stage) == ("minimum", "akhir")
    assert new.sentence_start == dt.date(2024, 1, 15)
    assert new.expected_release == dt.date(2027, 1, 14)
    assert new.asimilasi_eligible is True
    assert (new.block, new.cell) == ("C", "C-12")
    assert new.is_present
    entry = AuditEntry.objects.for_object(new).get()
    assert (entry.action, entry.actor, entry.facility) == ("import", officer, facility)
    assert entry.note == "Impor SDP: sdp-januari.csv"
    assert entry.changes["security_class"] == [None, "minimum"]


def test_reimporting_the_same_file_changes_nothing(facility, officer, inmates):
    content = sdp_csv([FULL, known("BI.1/2025", klasifikasi="Minimum"), known("BI.2/2025")])
    first = run_import(facility, content, actor=officer)
    assert (first.created, first.updated, first.unchanged) == (1, 1, 1)
    before = registry_state()

    again = run_import(facility, content, actor=officer)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert not again.changed
    assert registry_state() == before  # same rows, same updated_at, no new audit row


def test_an_updated_file_updates_by_registration_number(facility, officer, inmates):
    agus = inmates[0]
    content = sdp_csv([known("BI.1/2025", klasifikasi="Minimum"), known("BI.2/2025")])
    result = run_import(facility, content, actor=officer)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    changed = inmate(facility, "BI.1/2025")
    assert changed.pk == agus.pk and changed.security_class == "minimum"
    assert changed.updated_at > agus.updated_at
    assert inmate(facility, "BI.2/2025").updated_at == inmates[1].updated_at
    entry = AuditEntry.objects.for_object(changed).get()
    assert entry.action == "import" and entry.actor == officer
    assert entry.changes == {"security_class": ["medium", "minimum"]}
    assert not AuditEntry.objects.for_object(inmates[1]).exists()


def test_rows_with_a_date_and_reason_of_leaving_mark_inmates_as_left(facility, inmates):
    content = sdp_csv(
        [
            known("BI.1/2025", **BEBAS),
            known("BI.2/2025", tanggal_keluar="05-03-2026", jenis_keluar="Pindah"),
            known("BI.3/2025", tanggal_keluar="", jenis_keluar=""),
        ]
    )
    result = run_import(facility, content)

    assert (result.departed, result.updated, result.unchanged) == (2, 2, 1)
    released, transferred = inmate(facility, "BI.1/2025"), inmate(facility, "BI.2/2025")
    assert (released.departed_on, released.departure) == (dt.date(2026, 3, 2), "bebas")
    assert (transferred.departed_on, transferred.departure) == (dt.date(2026, 3, 5), "pindah")
    assert inmate(facility, "BI.3/2025").is_present
    entry = AuditEntry.objects.for_object(released).get()
    assert entry.changes["departed_on"] == [None, "2026-03-02"]
    assert entry.changes["departure"] == ["", "bebas"]


def test_inmates_missing_from_the_file_are_counted_not_changed(facility, inmates):
    left_long_ago(facility)
    content = sdp_csv([known("BI.1/2025")])
    before = {inmate(facility, n).updated_at for n in ("BI.2/2025", "BI.3/2025")}

    result = run_import(facility, content)

    assert result.not_in_file == 2  # BI.2 and BI.3; BI.9/2020 has already left
    for number in ("BI.2/2025", "BI.3/2025"):
        assert inmate(facility, number).is_present
    assert {inmate(facility, n).updated_at for n in ("BI.2/2025", "BI.3/2025")} == before
    assert AuditEntry.objects.count() == 0  # BI.1 matched the file already


def test_optional_columns_missing_from_the_file_are_left_alone(facility, inmates):
    """An export with only the required columns must not wipe blocks, dates or departures."""
    left_long_ago(facility)
    content = sdp_csv(
        [
            sdp_row("BI.1/2025", nama="Agus Sapulidi", klasifikasi="Minimum"),
            sdp_row("BI.9/2020", nama="Warga Binaan Lama"),
        ]
    )
    run_import(facility, content)

    agus = inmate(facility, "BI.1/2025")
    assert agus.security_class == "minimum"
    assert (agus.block, agus.stage, agus.sentence_start) == ("A", "lanjutan", dt.date(2024, 1, 10))
    assert inmate(facility, "BI.9/2020").departure == "bebas"


def test_another_unit_with_the_same_numbers_is_never_touched(
    facility, other_facility, officer, inmates
):
    with scopes_disabled():
        twin = InmateFactory(facility=other_facility, registration_number="BI.1/2025")
    content = sdp_csv([known("BI.1/2025", klasifikasi="Minimum", **BEBAS), sdp_row("BI.100/2026")])

    result = run_import(facility, content, actor=officer)

    assert (result.created, result.updated) == (1, 1)
    with scopes_disabled():
        twin_now = Inmate.objects.get(pk=twin.pk)
        assert (twin_now.name, twin_now.security_class) == (twin.name, "medium")
        assert twin_now.is_present and twin_now.updated_at == twin.updated_at
        assert list(Inmate.objects.filter(facility=other_facility)) == [twin_now]
    assert not AuditEntry.objects.filter(facility=other_facility).exists()


def test_dry_run_reports_the_counts_and_writes_nothing(facility, inmates):
    content = sdp_csv(
        [
            FULL,
            known("BI.1/2025", klasifikasi="Minimum"),
            known("BI.2/2025", **BEBAS),
        ]
    )
    before = registry_state()

    result = run_import(facility, content, dry_run=True)

    assert result.dry_run
    assert (result.rows, result.created, result.updated, result.departed) == (3, 1, 2, 1)
    assert result.not_in_file == 1
    assert registry_state() == before
