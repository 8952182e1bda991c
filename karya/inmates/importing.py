"""Reading an export of the national inmate database (SDP), CSV or XLSX, into checked rows.

This module only reads and validates: it never writes. `read_rows` turns the file into
`ParsedRow`s or raises `ImportRejected` listing every bad row with its line number and reason.
The expected columns are documented in docs/sdp-import.md; headers are matched without regard
to case, spaces or punctuation, and common alternative spellings are accepted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from karya.core.dates import parse_date
from karya.core.errors import DomainError
from karya.inmates.choices import Departure, LegalStatus, SecurityClass, Sex, Stage

COLUMNS: dict[str, tuple[str, ...]] = {
    "registration_number": ("no_registrasi", "nomor_registrasi", "no_reg", "noreg", "registrasi"),
    "name": ("nama", "nama_wbp", "nama_lengkap"),
    "sex": ("jenis_kelamin", "jk", "kelamin"),
    "status": ("status", "status_wbp", "jenis_tahanan"),
    "security_class": ("klasifikasi", "klasifikasi_keamanan", "tingkat_risiko"),
    "stage": ("tahap_pembinaan", "tahap"),
    "sentence_start": ("tanggal_mulai", "tgl_mulai", "tanggal_mulai_pidana", "mulai_pidana"),
    "expected_release": ("tanggal_ekspirasi", "tgl_ekspirasi", "ekspirasi", "tanggal_bebas"),
    "asimilasi_eligible": ("asimilasi", "layak_asimilasi"),
    "block": ("blok", "blok_hunian"),
    "cell": ("kamar", "sel", "kamar_hunian"),
    "departed_on": ("tanggal_keluar", "tgl_keluar"),
    "departure": ("jenis_keluar", "alasan_keluar", "keterangan_keluar"),
}
REQUIRED = ("registration_number", "name", "sex", "status", "security_class")

SEX_VALUES = {
    "l": Sex.MALE,
    "laki-laki": Sex.MALE,
    "laki laki": Sex.MALE,
    "pria": Sex.MALE,
    "p": Sex.FEMALE,
    "perempuan": Sex.FEMALE,
    "wanita": Sex.FEMALE,
}
STATUS_VALUES = {
    "tahanan": LegalStatus.DETAINEE,
    "narapidana": LegalStatus.PRISONER,
    "napi": LegalStatus.PRISONER,
}
CLASS_VALUES = {
    "maksimum": SecurityClass.MAXIMUM,
    "maximum": SecurityClass.MAXIMUM,
    "medium": SecurityClass.MEDIUM,
    "menengah": SecurityClass.MEDIUM,
    "minimum": SecurityClass.MINIMUM,
}
STAGE_VALUES = {"awal": Stage.INITIAL, "lanjutan": Stage.ADVANCED, "akhir": Stage.FINAL, "": ""}
BOOL_VALUES = {
    "ya": True,
    "y": True,
    "1": True,
    "true": True,
    "tidak": False,
    "t": False,
    "0": False,
    "false": False,
    "": False,
}
DEPARTURE_VALUES = {
    "bebas": Departure.RELEASED,
    "pindah": Departure.TRANSFERRED,
    "mutasi": Departure.TRANSFERRED,
    "meninggal": Departure.DECEASED,
    "lainnya": Departure.OTHER,
}


@dataclass(frozen=True)
class Problem:
    """One reason a file was refused: the line in the file (1 is the header) and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class ImportRejected(DomainError):
    """The file was refused as a whole; `details` holds every Problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(
            _("The file was not imported: %(count)s problem(s) found. Nothing was changed.")
            % {"count": len(problems)},
            code="import_rejected",
            field="file",
            details=problems,
        )
        self.problems = problems


@dataclass
class ParsedRow:
    line: int
    values: dict[str, object]


def _normalise_header(text: object) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text or "").strip().lower()).strip("_")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table_from_csv(content: bytes) -> Iterator[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1  # where the first non-UTF-8 byte is
        raise ImportRejected(
            [
                Problem(
                    line,
                    _("The file is not in UTF-8 encoding. Save it as “CSV UTF-8” and try again."),
                )
            ]
        ) from exc
    if "\x00" in text:
        raise ImportRejected([Problem(1, _("The file is not a text CSV file."))])
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    try:
        for line, row in enumerate(reader, start=1):  # noqa: B007 (read after the loop)
            yield row
    except csv.Error as exc:  # e.g. a quote left open swallows the rest of the file
        message = _(
            "The CSV file cannot be read from this line on (perhaps a quote is not closed)."
        )
        raise ImportRejected([Problem(line + 1, message)]) from exc


def _table_from_xlsx(content: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise ImportRejected([Problem(1, _("The file is not a readable XLSX workbook."))]) from exc
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell_text(cell) for cell in row]
    finally:
        workbook.close()


def _table(file_name: str, content: bytes) -> Iterator[list[str]]:
    if not content:
        raise ImportRejected([Problem(1, _("The file is empty."))])
    if file_name.lower().endswith(".xlsx") or content[:4] == b"PK\x03\x04":
        return _table_from_xlsx(content)
    if file_name.lower().endswith((".csv", ".txt")):
        return _table_from_csv(content)
    raise ImportRejected([Problem(1, _("Upload a CSV or XLSX file."))])


def _choice(raw: str, values: dict, label: str, problems: list[str]):
    key = raw.strip().lower()
    if key in values:
        return values[key]
    problems.append(_("unknown %(label)s “%(value)s”") % {"label": label, "value": raw})
    return None


def _date(raw: str, label: str, problems: list[str]) -> dt.date | None:
    if not raw.strip():
        return None
    value = parse_date(raw)
    if value is None:
        problems.append(
            _("%(label)s “%(value)s” is not a valid date (use DD-MM-YYYY)")
            % {"label": label, "value": raw}
        )
    return value


def _row_values(cells: dict[str, str]) -> tuple[dict[str, object], list[str]]:
    """The checked values of one row, and what is wrong with it.

    `cells` holds only the columns the file has: an optional column missing from the file is
    left out of the values, so importing it leaves what Karya already knows alone.
    """
    problems: list[str] = []
    values: dict[str, object] = {}
    for field in REQUIRED:
        if not cells.get(field, "").strip():
            problems.append(_("column “%(column)s” is empty") % {"column": COLUMNS[field][0]})
    registration = cells.get("registration_number", "").strip()
    name = " ".join(cells.get("name", "").split())
    if len(registration) > 40:
        problems.append(_("the registration number is longer than 40 characters"))
    if len(name) > 150:
        problems.append(_("the name is longer than 150 characters"))
    values["registration_number"] = registration
    values["name"] = name
    if cells.get("sex", "").strip():
        values["sex"] = _choice(cells["sex"], SEX_VALUES, _("sex"), problems)
    if cells.get("status", "").strip():
        values["status"] = _choice(cells["status"], STATUS_VALUES, _("status"), problems)
    if cells.get("security_class", "").strip():
        values["security_class"] = _choice(
            cells["security_class"], CLASS_VALUES, _("classification"), problems
        )
    if "stage" in cells:
        values["stage"] = _choice(cells["stage"], STAGE_VALUES, _("stage"), problems)
    if "asimilasi_eligible" in cells:
        values["asimilasi_eligible"] = _choice(
            cells["asimilasi_eligible"], BOOL_VALUES, _("asimilasi value"), problems
        )
    if "sentence_start" in cells:
        values["sentence_start"] = _date(cells["sentence_start"], _("sentence start"), problems)
    if "expected_release" in cells:
        values["expected_release"] = _date(
            cells["expected_release"], _("expected release"), problems
        )
    start, release = values.get("sentence_start"), values.get("expected_release")
    if start and release and release < start:
        problems.append(_("the expected release is before the sentence start"))
    for field in ("block", "cell"):
        if field in cells:
            values[field] = cells[field].strip()[:40]
    if "departed_on" in cells or "departure" in cells:  # the two go together
        departed_on = _date(cells.get("departed_on", ""), _("date of leaving"), problems)
        raw_departure = cells.get("departure", "").strip()
        departure = ""
        if raw_departure:
            departure = _choice(raw_departure, DEPARTURE_VALUES, _("reason for leaving"), problems)
        if departed_on and not raw_departure:
            problems.append(_("a date of leaving needs a reason for leaving (Bebas, Pindah, ...)"))
        if raw_departure and not departed_on and not cells.get("departed_on", "").strip():
            problems.append(_("a reason for leaving needs a date of leaving"))
        values["departed_on"] = departed_on
        values["departure"] = departure or ""
    return values, problems


def read_rows(file_name: str, content: bytes) -> list[ParsedRow]:
    """Parse and check the whole file. Raises ImportRejected with every problem found."""
    table = _table(file_name, content)
    header = next(table, None)
    if header is None or not any(cell.strip() for cell in header):
        raise ImportRejected([Problem(1, _("The file is empty."))])
    index: dict[str, int] = {}
    aliases = {alias: field for field, names in COLUMNS.items() for alias in names}
    for position, title in enumerate(header):
        field = aliases.get(_normalise_header(title))
        if field and field not in index:
            index[field] = position
    missing = [COLUMNS[field][0] for field in REQUIRED if field not in index]
    if missing:
        raise ImportRejected(
            [Problem(1, _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})]
        )
    rows: list[ParsedRow] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(table, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        if any(cell.strip() for cell in raw[len(header) :]):
            problems.append(Problem(line, _("the row has more cells than the header")))
            continue
        cells = {field: (raw[pos] if pos < len(raw) else "") for field, pos in index.items()}
        values, row_problems = _row_values(cells)
        registration = values["registration_number"]
        if registration:
            if registration in seen:
                row_problems.append(
                    _("registration number %(number)s already appears on line %(line)s")
                    % {"number": registration, "line": seen[registration]}
                )
            else:
                seen[registration] = line
        problems.extend(Problem(line, message) for message in row_problems)
        rows.append(ParsedRow(line, values))
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise ImportRejected([Problem(1, _("The file has a header but no rows."))])
    return rows
