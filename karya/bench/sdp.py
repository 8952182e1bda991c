"""B1 of the benchmark: the SDP import of a whole national-size file into the empty unit, in
a process of its own (karya.bench.child_import, so its peak memory is its own), rolled back;
and a plain COPY of the same rows into a table like the inmates', the floor it is compared
with."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess  # nosec B404: this interpreter running our own module, no shell
import sys
import tempfile
import time
from typing import TYPE_CHECKING

from django.db import connection, transaction

from karya.bench.report import Figure
from karya.facilities.models import Facility

if TYPE_CHECKING:
    from karya.bench.measure import Context

HEADER = [
    "no_registrasi",
    "nama",
    "jenis_kelamin",
    "status",
    "klasifikasi",
    "tahap_pembinaan",
    "tanggal_mulai",
    "tanggal_ekspirasi",
    "asimilasi",
    "blok",
    "kamar",
]


def sdp_file(rows: int) -> bytes:
    """A deterministic SDP export of `rows` inmates (CSV, as SDP gives it)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for n in range(rows):
        start = dt.date(2024, 1, 1) + dt.timedelta(days=n % 700)
        writer.writerow(
            [
                f"IMP.{n + 1:07d}",
                f"Warga Binaan {n + 1}",
                "L" if n % 9 else "P",
                "Narapidana" if n % 5 else "Tahanan",
                ("Maksimum", "Medium", "Minimum")[n % 3],
                ("Awal", "Lanjutan", "Akhir")[n % 3],
                start.strftime("%d-%m-%Y"),
                (start + dt.timedelta(days=900 + n % 900)).strftime("%d-%m-%Y"),
                "Ya" if n % 4 == 0 else "Tidak",
                f"Blok {chr(65 + n % 8)}",
                str(n % 60 + 1),
            ]
        )
    return out.getvalue().encode()


def _plain_copy_seconds(facility: Facility, content: bytes) -> float:
    """COPY the same rows into a table like the inmates' (same columns, constraints and
    indexes), inside a transaction rolled back: the floor the import is compared with."""
    rows = list(csv.reader(io.StringIO(content.decode())))[1:]
    now = dt.datetime.now(dt.UTC)

    def day(text):
        return dt.datetime.strptime(text, "%d-%m-%Y").date()

    values = [
        (
            facility.pk,
            r[0],
            r[1],
            r[2],
            r[3].lower(),
            day(r[6]),
            day(r[7]),
            r[4].lower(),
            r[5].lower(),
            r[8] == "Ya",
            r[9],
            r[10],
            "",
            now,
            now,
        )
        for r in rows
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_copy (LIKE inmates_inmate INCLUDING ALL) ON COMMIT DROP"
        )
        started = time.perf_counter()
        with cursor.cursor.copy(
            "COPY bench_copy (facility_id, registration_number, name, sex, status, "
            "sentence_start, expected_release, security_class, stage, asimilasi_eligible, "
            "block, cell, departure, created_at, updated_at) FROM STDIN"
        ) as copy:
            for row in values:
                copy.write_row(row)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def measure_import(ctx: Context) -> list[Figure]:
    """B1: the SDP import of the whole file into an empty unit, in a process of its own (so
    its peak memory is its own), rolled back; and a plain COPY of the same rows."""
    rows = ctx.rows_inmates
    content = sdp_file(rows)
    with tempfile.NamedTemporaryFile(suffix=".csv", prefix="karya-bench-sdp-") as handle:
        handle.write(content)
        handle.flush()
        done = subprocess.run(  # noqa: S603  # nosec B603 # this interpreter, our own module
            [sys.executable, "-m", "karya.bench.child_import", handle.name, ctx.import_unit.code],
            capture_output=True,
            text=True,
            check=False,
            env=os.environ.copy(),
        )
    if done.returncode != 0:
        raise RuntimeError(f"the import process failed: {done.stderr[-2000:]}")
    child = json.loads(done.stdout.strip().splitlines()[-1])
    copy_seconds = _plain_copy_seconds(ctx.import_unit, content)
    rate = rows / child["seconds"]
    ratio = child["seconds"] / copy_seconds
    return [
        Figure(
            "B1",
            "SDP import: rows per second",
            "≥ 20,000 rows/s",
            value=round(rate),
            unit="rows/s",
            met=rate >= 20_000,
            samples=1,
            note=f"{rows:,} rows in {child['seconds']:.1f} s ({child['created']:,} added)",
        ),
        Figure(
            "B1",
            "SDP import vs plain COPY of the same rows",
            "within 10×",
            value=round(ratio, 1),
            unit="×",
            met=ratio <= 10,
            samples=1,
            note=f"COPY {copy_seconds:.2f} s ({rows / copy_seconds:,.0f} rows/s)",
        ),
        Figure(
            "B1",
            "SDP import: peak memory of the process",
            "≤ 400 MB",
            value=child["peak_rss_mb"],
            unit="MB",
            met=child["peak_rss_mb"] <= 400,
            samples=1,
            note="resident set, whole process (Django included)",
        ),
    ]
