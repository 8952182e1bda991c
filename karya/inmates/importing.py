"""Reading an export of the national inmate database (SDP), CSV or XLSX, into checked rows.

This module only reads and validates: it never writes. `open_rows` checks the header and
streams the file's rows one at a time (the file is never turned into one big list), so an
import of hundreds of thousands of rows keeps its memory bounded; when the last row has been
read it raises `ImportRejected` listing every bad row with its line number and reason.
`read_rows` is the same, as a list.
The expected columns are documented in docs/sdp-import.md; headers are matched without regard
to case, spaces or punctuation, and common alternative spellings are accepted.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
        content.decode("utf-8-sig")  # checked whole first, then read line by line
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
    if b"\x00" in content:
        raise ImportRejected([Problem(1, _("The file is not a text CSV file."))])
    end = content.find(b"\n")
    first_line = content[: end if end >= 0 else len(content)]
    delimiter = ";" if first_line.count(b";") > first_line.count(b",") else ","
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=delimiter)
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


def _choice(raw: str, values: dict, label, problems: list[str]):
    key = raw.strip().lower()
    if key in values:
        return values[key]
    problems.append(_("unknown %(label)s “%(value)s”") % {"label": label, "value": raw})
    return None


LABEL_SEX = gettext_lazy("sex")
LABEL_STATUS = gettext_lazy("status")
LABEL_CLASS = gettext_lazy("classification")
LABEL_STAGE = gettext_lazy("stage")
LABEL_ASIMILASI = gettext_lazy("asimilasi value")
LABEL_START = gettext_lazy("sentence start")
LABEL_RELEASE = gettext_lazy("expected release")
LABEL_LEFT_ON = gettext_lazy("date of leaving")
LABEL_DEPARTURE = gettext_lazy("reason for leaving")


@functools.lru_cache(maxsize=4096)
def _day(text: str) -> dt.date | None:
    """The date written in `text` (stripped), or None. Cached: an export repeats its dates."""
    if len(text) == 10 and text[2] == "-" == text[5] and text.isascii():  # DD-MM-YYYY, fast
        day, month, year = text[:2], text[3:5], text[6:]
        if day.isdigit() and month.isdigit() and year.isdigit():
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                pass
    return parse_date(text)


def _date(raw: str, label, problems: list[str]) -> dt.date | None:
    text = raw.strip()
    if not text:
        return None
    value = _day(text)
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
        values["sex"] = _choice(cells["sex"], SEX_VALUES, LABEL_SEX, problems)
    if cells.get("status", "").strip():
        values["status"] = _choice(cells["status"], STATUS_VALUES, LABEL_STATUS, problems)
    if cells.get("security_class", "").strip():
        values["security_class"] = _choice(
            cells["security_class"], CLASS_VALUES, LABEL_CLASS, problems
        )
    if "stage" in cells:
        values["stage"] = _choice(cells["stage"], STAGE_VALUES, LABEL_STAGE, problems)
    if "asimilasi_eligible" in cells:
        values["asimilasi_eligible"] = _choice(
            cells["asimilasi_eligible"], BOOL_VALUES, LABEL_ASIMILASI, problems
        )
    if "sentence_start" in cells:
        values["sentence_start"] = _date(cells["sentence_start"], LABEL_START, problems)
    if "expected_release" in cells:
        values["expected_release"] = _date(cells["expected_release"], LABEL_RELEASE, problems)
    start, release = values.get("sentence_start"), values.get("expected_release")
    if start and release and release < start:
        problems.append(_("the expected release is before the sentence start"))
    for field in ("block", "cell"):
        if field in cells:
            values[field] = cells[field].strip()[:40]
    if "departed_on" in cells or "departure" in cells:  # the two go together
        departed_on = _date(cells.get("departed_on", ""), LABEL_LEFT_ON, problems)
        raw_departure = cells.get("departure", "").strip()
        departure = ""
        if raw_departure:
            departure = _choice(raw_departure, DEPARTURE_VALUES, LABEL_DEPARTURE, problems)
        if departed_on and not raw_departure:
            problems.append(_("a date of leaving needs a reason for leaving (Bebas, Pindah, ...)"))
        if raw_departure and not departed_on and not cells.get("departed_on", "").strip():
            problems.append(_("a reason for leaving needs a date of leaving"))
        values["departed_on"] = departed_on
        values["departure"] = departure or ""
    return values, problems


def value_fields(present: set[str] | frozenset[str]) -> tuple[str, ...]:
    """The values every good row of a file holds, given the columns the file has: the
    required ones, the optional ones present, and the two of leaving together."""
    fields = [*REQUIRED]
    fields += [f for f in COLUMNS if f not in REQUIRED and f in present]
    if "departed_on" in present or "departure" in present:
        fields += [f for f in ("departed_on", "departure") if f not in fields]
    return tuple(fields)


class SdpRows:
    """The checked rows of a file, read one at a time.

    `fields` names the values every row holds (see `value_fields`). Iterating yields the good
    rows; a bad row is not yielded but its problems are kept, and after the last row
    ImportRejected lists every problem of the file (or says it has no rows). Iterate once.
    """

    def __init__(self, file_name: str, content: bytes):
        self._file = (file_name, content)
        self._table = _table(file_name, content)
        header = next(self._table, None)
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
        self._index = index
        self._width = len(header)
        self.fields = value_fields(set(index))

    def again(self) -> SdpRows:
        """The same file's rows, to read once more."""
        return SdpRows(*self._file)

    def __iter__(self) -> Iterator[ParsedRow]:
        index, width = self._index, self._width
        problems: list[Problem] = []
        seen: dict[str, int] = {}
        count = 0
        for line, raw in enumerate(self._table, start=2):
            if not "".join(raw).strip():
                continue
            if len(raw) > width and "".join(raw[width:]).strip():
                problems.append(Problem(line, _("the row has more cells than the header")))
                continue
            cells = {field: (raw[pos] if pos < len(raw) else "") for field, pos in index.items()}
            values, row_problems = _row_values(cells)
            registration = values["registration_number"]
            if registration:
                first = seen.setdefault(registration, line)
                if first != line:
                    row_problems.append(
                        _("registration number %(number)s already appears on line %(line)s")
                        % {"number": registration, "line": first}
                    )
            if row_problems:
                problems.extend(Problem(line, message) for message in row_problems)
            else:
                count += 1
                yield ParsedRow(line, values)
        if problems:
            raise ImportRejected(problems)
        if not count:
            raise ImportRejected([Problem(1, _("The file has a header but no rows."))])


def open_rows(file_name: str, content: bytes) -> SdpRows:
    """Check the file's kind and header (ImportRejected at once if wrong) and return its rows,
    to be read one at a time."""
    return SdpRows(file_name, content)


def read_rows(file_name: str, content: bytes) -> list[ParsedRow]:
    """Parse and check the whole file. Raises ImportRejected with every problem found."""
    return list(open_rows(file_name, content))
