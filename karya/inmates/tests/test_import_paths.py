"""The two ways the import writes: COPY and set-based SQL on PostgreSQL, the ORM elsewhere.

Both must leave the same registry and the same audit rows (on PostgreSQL the test runs both;
elsewhere only the ORM exists), the number of queries must not grow with the rows, and the
file is read one row at a time.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.inmates import services
from karya.inmates.importing import ImportRejected, open_rows
from karya.inmates.models import Inmate
from karya.inmates.signals import inmates_departed, inmates_registered
from karya.inmates.tests.sdp import run_import, sdp_csv, sdp_row

pytestmark = pytest.mark.django_db

PATHS = ["orm"] + (["copy"] if connection.vendor == "postgresql" else [])


@pytest.fixture(params=PATHS)
def path(request, monkeypatch):
    monkeypatch.setattr(services, "_copy_available", lambda: request.param == "copy")
    return request.param


FIRST = [
    sdp_row("BI.1/2026", nama="Agus Sapulidi", tanggal_mulai="02-01-2026", blok="A"),
    sdp_row("BI.2/2026", nama="Budi Anyamsari", tanggal_mulai="", blok="B"),
    sdp_row("BI.3/2026", nama="Citra Batikwangi", tanggal_mulai="05-02-2025", blok="C"),
]
SECOND = [
    sdp_row("BI.1/2026", nama="Agus Sapulidi", tanggal_mulai="02-01-2026", blok="A"),  # same
    sdp_row("BI.2/2026", nama="Budi Anyamsari", tanggal_mulai="03-03-2026", blok="D"),
    sdp_row("BI.4/2026", nama="Dewi Rotanjaya", tanggal_mulai="", blok="A"),
]
LEAVING = [
    {
        **sdp_row("BI.3/2026", nama="Citra Batikwangi", tanggal_mulai="05-02-2025", blok="C"),
        "tanggal_keluar": "20-11-2026",
        "jenis_keluar": "Bebas",
    }
]
CREATED_CHANGES = {
    "registration_number": [None, "BI.1/2026"],
    "name": [None, "Agus Sapulidi"],
    "sex": [None, "L"],
    "status": [None, "narapidana"],
    "sentence_start": [None, "2026-01-02"],
    "security_class": [None, "medium"],
    "stage": [None, ""],
    "asimilasi_eligible": [None, False],
    "block": [None, "A"],
    "cell": [None, ""],
    "departure": [None, ""],
}


def audit_changes(facility) -> dict[str, list[dict]]:
    """Each inmate's audit rows (by the name shown in the log), oldest first."""
    with scopes_disabled():
        ids = {str(pk) for (pk,) in Inmate.objects.filter(facility=facility).values_list("pk")}
    result: dict[str, list[dict]] = {}
    for entry in AuditEntry.objects.filter(facility=facility, action="import").order_by("pk"):
        assert entry.object_id in ids
        result.setdefault(entry.object_repr, []).append(entry.changes)
    return result


def registry(facility) -> list[tuple]:
    with scopes_disabled():
        return list(
            Inmate.objects.filter(facility=facility)
            .order_by("registration_number")
            .values_list(*services.EDITABLE_FIELDS)
        )


def test_both_paths_write_the_same_inmates_and_audit_rows(path, facility, officer):
    first = run_import(facility, sdp_csv(FIRST), actor=officer)
    second = run_import(facility, sdp_csv(SECOND), actor=officer)
    leaving = run_import(facility, sdp_csv(LEAVING), actor=officer)

    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    assert (second.created, second.updated, second.unchanged, second.not_in_file) == (1, 1, 1, 1)
    assert (leaving.updated, leaving.departed, leaving.not_in_file) == (1, 1, 3)
    assert [(r[0], r[1], r[4], r[9], r[11], r[12]) for r in registry(facility)] == [
        ("BI.1/2026", "Agus Sapulidi", dt.date(2026, 1, 2), "A", None, ""),
        ("BI.2/2026", "Budi Anyamsari", dt.date(2026, 3, 3), "D", None, ""),
        ("BI.3/2026", "Citra Batikwangi", dt.date(2025, 2, 5), "C", dt.date(2026, 11, 20), "bebas"),
        ("BI.4/2026", "Dewi Rotanjaya", None, "A", None, ""),
    ]
    without_start = {k: v for k, v in CREATED_CHANGES.items() if k != "sentence_start"}
    assert audit_changes(facility) == {
        "Agus Sapulidi (BI.1/2026)": [CREATED_CHANGES],
        "Budi Anyamsari (BI.2/2026)": [
            without_start
            | {
                "registration_number": [None, "BI.2/2026"],
                "name": [None, "Budi Anyamsari"],
                "block": [None, "B"],
            },
            {"sentence_start": [None, "2026-03-03"], "block": ["B", "D"]},
        ],
        "Citra Batikwangi (BI.3/2026)": [
            CREATED_CHANGES
            | {
                "registration_number": [None, "BI.3/2026"],
                "name": [None, "Citra Batikwangi"],
                "sentence_start": [None, "2025-02-05"],
                "block": [None, "C"],
            },
            {"departed_on": [None, "2026-11-20"], "departure": ["", "bebas"]},
        ],
        "Dewi Rotanjaya (BI.4/2026)": [
            without_start
            | {"registration_number": [None, "BI.4/2026"], "name": [None, "Dewi Rotanjaya"]}
        ],
    }
    entries = AuditEntry.objects.filter(action="import")
    assert {(e.actor, e.facility, e.note) for e in entries} == {
        (officer, facility, "Impor SDP: sdp.csv")
    }


def test_both_paths_send_the_signals_with_the_inmates_concerned(path, facility):
    received = {}

    def registered(sender, *, facility, inmates, **kwargs):
        received["registered"] = sorted(i.registration_number for i in inmates)

    def departed(sender, *, inmates, **kwargs):
        received["departed"] = [(i.registration_number, i.departure) for i in inmates]

    inmates_registered.connect(registered, dispatch_uid="test-registered")
    inmates_departed.connect(departed, dispatch_uid="test-departed")
    try:
        run_import(facility, sdp_csv(FIRST))
        assert received.pop("registered") == ["BI.1/2026", "BI.2/2026", "BI.3/2026"]
        run_import(facility, sdp_csv(LEAVING))
    finally:
        inmates_registered.disconnect(dispatch_uid="test-registered")
        inmates_departed.disconnect(dispatch_uid="test-departed")
    assert received == {"departed": [("BI.3/2026", "bebas")]}


def export(count: int, *, block: str = "A") -> bytes:
    return sdp_csv([sdp_row(f"BI.{n}/2026", blok=block) for n in range(count)])


def queries(facility, content: bytes) -> int:
    with CaptureQueriesContext(connection) as captured:
        run_import(facility, content)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_rows(facility, other_facility):
    small = [queries(facility, export(20)), queries(facility, export(20, block="B"))]
    large = [queries(other_facility, export(600)), queries(other_facility, export(600, block="B"))]
    if connection.vendor == "postgresql":  # COPY and set-based statements
        assert large == small
    else:  # bulk_create and bulk_update: a query per batch, never one per row
        assert all(big - few <= 600 // 20 for big, few in zip(large, small, strict=True))
    with scopes_disabled():
        assert Inmate.objects.filter(facility=other_facility, block="B").count() == 600


def test_a_refused_file_leaves_the_registry_as_it_was_on_both_paths(path, facility):
    run_import(facility, sdp_csv(FIRST))
    before = registry(facility), AuditEntry.objects.count()
    rows = [sdp_row(f"BI.{n}/2027") for n in range(50)] + [sdp_row("BI.99/2027", jenis_kelamin="X")]
    with pytest.raises(ImportRejected) as caught:
        run_import(facility, sdp_csv(SECOND + rows))
    assert [p.line for p in caught.value.problems] == [55]
    assert (registry(facility), AuditEntry.objects.count()) == before


def test_the_file_is_read_one_row_at_a_time_and_refused_after_the_last():
    content = sdp_csv([sdp_row("BI.1/2026"), sdp_row("BI.2/2026", status="Entah")])
    rows = iter(open_rows("sdp.csv", content))
    first = next(rows)  # given before the bad line further down has been read
    assert (first.line, first.values["registration_number"]) == (2, "BI.1/2026")
    with pytest.raises(ImportRejected) as caught:
        next(rows)
    assert [p.line for p in caught.value.problems] == [3]
