"""Helpers for the SDP import tests: building export files, running the import, and taking a
picture of the whole registry (every unit's inmates and the audit log) to prove nothing moved.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation
from django_scopes import scope, scopes_disabled

from karya.audit.models import AuditEntry
from karya.inmates.importing import ImportRejected
from karya.inmates.models import Inmate
from karya.inmates.services import ImportResult, inmates_import

REQUIRED_HEADER = ["no_registrasi", "nama", "jenis_kelamin", "status", "klasifikasi"]


def sdp_row(number: str, **cells: str) -> dict[str, str]:
    """One row of an export, keyed by column title; the required columns get plain values."""
    return {
        "no_registrasi": number,
        "nama": f"Warga Binaan {number}",
        "jenis_kelamin": "L",
        "status": "Narapidana",
        "klasifikasi": "Medium",
        **cells,
    }


def sdp_csv(
    rows: list[dict[str, str]],
    *,
    header: list[str] | None = None,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> bytes:
    """A CSV export. The header is every column the rows use (in order) unless given."""
    if header is None:
        header = list(dict.fromkeys(title for row in rows for title in row))
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(title, "") for title in header])
    return out.getvalue().encode(encoding)


def run_import(
    facility, content: bytes, file_name: str = "sdp.csv", *, actor=None, dry_run: bool = False
) -> ImportResult:
    """The service, called as the page calls it: inside the unit's scope, in Indonesian."""
    with scope(facility=[facility.pk]), translation.override("id"):
        return inmates_import(
            actor=actor, facility=facility, file_name=file_name, content=content, dry_run=dry_run
        )


def registry_state() -> tuple[list[tuple], int]:
    """Every inmate of every unit (all fields, updated_at included) and the audit row count."""
    with scopes_disabled():
        inmates = sorted(Inmate.objects.order_by().values_list(), key=lambda values: values[0])
    return inmates, AuditEntry.objects.count()


def refused(facility, content: bytes, file_name: str = "sdp.csv") -> list[str]:
    """Import a file that must be refused; checks nothing was written and returns the problems
    as the user reads them ("Baris 3: ...")."""
    before = registry_state()
    with pytest.raises(ImportRejected) as caught, translation.override("id"):
        run_import(facility, content, file_name)
    assert registry_state() == before, "a refused file changed the registry or the audit log"
    with translation.override("id"):
        return [str(problem) for problem in caught.value.problems]


def inmate(facility, number: str) -> Inmate:
    with scopes_disabled():
        return Inmate.objects.get(facility=facility, registration_number=number)
