"""A whole large unit's export (10,000 rows) imports completely, and quickly."""

import csv
import io
import time

import pytest
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.inmates.models import Inmate
from karya.inmates.tests.sdp import run_import

pytestmark = pytest.mark.django_db

ROWS = 10_000


def large_export() -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["no_registrasi", "nama", "jenis_kelamin", "status", "klasifikasi",
                     "tanggal_mulai", "tanggal_ekspirasi", "blok", "tanggal_keluar",
                     "jenis_keluar"])  # fmt: skip
    for n in range(ROWS):
        left = n % 100 == 0  # every hundredth inmate has been released
        writer.writerow([
            f"BI.{n}/2026", f"Warga Binaan {n}", "LP"[n % 2], ("Narapidana", "Tahanan")[n % 3 == 0],
            ("Maksimum", "Medium", "Minimum")[n % 3], "02-01-2026", "01-01-2029", f"B{n % 12}",
            "03-03-2026" if left else "", "Bebas" if left else "",
        ])  # fmt: skip
    return out.getvalue().encode()


def test_ten_thousand_rows_import_completely(facility, officer, django_assert_max_num_queries):
    content = large_export()
    started = time.monotonic()
    with django_assert_max_num_queries(ROWS // 20):  # batched (SQLite: ~60 rows a query)
        result = run_import(facility, content, "sdp-besar.csv", actor=officer)
    elapsed = time.monotonic() - started

    assert (result.rows, result.created, result.updated) == (ROWS, ROWS, 0)
    assert result.departed == ROWS // 100
    with scopes_disabled():
        assert Inmate.objects.filter(facility=facility).count() == ROWS
        assert Inmate.objects.filter(facility=facility, departure="bebas").count() == ROWS // 100
        last = Inmate.objects.get(registration_number=f"BI.{ROWS - 1}/2026")
    assert (last.name, last.sex) == (f"Warga Binaan {ROWS - 1}", "P")
    assert AuditEntry.objects.filter(action="import").count() == ROWS
    assert elapsed < 15, f"10,000 rows took {elapsed:.1f} s"  # about 2 s on a small machine
