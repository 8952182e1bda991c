"""Writes on the inmate registry: by hand, and by importing the national database export."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record_many, audited_create, audited_update, snapshot
from karya.core.errors import Conflict, DomainError
from karya.inmates.importing import ImportRejected, ParsedRow, Problem, SdpRows, open_rows
from karya.inmates.models import Inmate
from karya.inmates.signals import inmates_departed, inmates_registered

EDITABLE_FIELDS = (
    "registration_number",
    "name",
    "sex",
    "status",
    "sentence_start",
    "expected_release",
    "security_class",
    "stage",
    "asimilasi_eligible",
    "block",
    "cell",
    "departed_on",
    "departure",
)
BATCH = 1000


def _release_before_start(line: int) -> Problem:
    return Problem(line, _("the expected release is before the sentence start"))


def _check(fields: dict[str, Any]) -> None:
    start, release = fields.get("sentence_start"), fields.get("expected_release")
    if start and release and release < start:
        raise DomainError(
            _("The expected release cannot be before the sentence start."),
            field="expected_release",
        )
    if bool(fields.get("departed_on")) != bool(fields.get("departure")):
        raise DomainError(
            _("Fill in both the date of leaving and the reason, or neither."),
            field="departure",
        )


@transaction.atomic
def inmate_create(*, actor, facility, **fields: Any) -> Inmate:
    """Add one inmate to a unit's registry by hand.

    Refuses a registration number already used in the unit. Side effect: one audit row.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown inmate fields: {sorted(unknown)}")
    _check(fields)
    if Inmate.objects.filter(
        facility=facility, registration_number=fields.get("registration_number")
    ).exists():
        raise Conflict(
            _("This registration number is already in the unit's registry."),
            code="duplicate",
            field="registration_number",
        )
    return audited_create(actor=actor, model=Inmate, facility=facility, **fields)


@transaction.atomic
def inmate_update(*, actor, inmate: Inmate, **fields: Any) -> Inmate:
    """Change an inmate's record. Side effects: an audit row of what changed (if anything);
    marking the inmate as left sends `inmates_departed` (the work programme ends the inmate's
    allocations in the same transaction)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown inmate fields: {sorted(unknown)}")
    merged = {name: getattr(inmate, name) for name in EDITABLE_FIELDS} | fields
    _check(merged)
    number = fields.get("registration_number")
    if (
        number
        and number != inmate.registration_number
        and Inmate.objects.filter(
            facility_id=inmate.facility_id, registration_number=number
        ).exists()
    ):
        raise Conflict(
            _("This registration number is already in the unit's registry."),
            code="duplicate",
            field="registration_number",
        )
    was_present = inmate.departed_on is None
    try:
        with transaction.atomic():
            audited_update(actor=actor, instance=inmate, **fields)
    except IntegrityError as exc:
        raise Conflict(_("The record changed meanwhile; try again."), code="conflict") from exc
    if was_present and inmate.departed_on is not None:
        inmates_departed.send(sender=Inmate, inmates=[inmate], actor=actor)
    return inmate


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    departed: int = 0
    unchanged: int = 0
    not_in_file: int = 0
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def inmates_import(
    *,
    actor,
    facility,
    file_name: str,
    content: bytes,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Bring a unit's registry in line with an SDP export (CSV or XLSX).

    The whole file is checked first; any bad row refuses the whole file (ImportRejected lists
    every problem) and nothing is written. Rows are matched by registration number within the
    unit: new ones are created, changed ones updated, unchanged ones left alone (so re-importing
    the same file changes nothing). Optional columns the file does not have are left as they
    are. A row with a date and reason of leaving marks that inmate as released or transferred.
    Inmates of the unit missing from the file are counted, not changed: a partial export must
    not discharge anyone. Side effects: one audit row per created or changed inmate, all in one
    transaction (Conflict if the registry changed meanwhile); `inmates_registered` for the
    inmates added and `inmates_departed` for those who left. `progress(n)` is called as rows
    are processed. Call inside a scope that includes `facility`.

    The file is read one row at a time, never held as a list. On PostgreSQL new inmates are
    streamed with COPY while the file is read, known ones through a temporary table, and the
    rest is a few set-based statements: the number of queries does not grow with the rows,
    nor the memory with the file (rows written before a bad row is read are rolled back with
    the transaction). Elsewhere the rows are compared in Python and written with
    bulk_create/bulk_update.
    """
    rows = open_rows(file_name, content)
    try:
        with transaction.atomic():
            if _copy_available():
                result = _import_copy(actor, facility, file_name, rows, dry_run, progress)
            else:
                result = _import_orm(actor, facility, file_name, rows, dry_run, progress)
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError as exc:  # another import or an edit added the same number meanwhile
        raise Conflict(_("The record changed meanwhile; try again."), code="conflict") from exc
    result.dry_run = dry_run
    return result


def _copy_available() -> bool:
    """Whether the import streams the file with COPY (PostgreSQL) or writes through the ORM."""
    return connection.vendor == "postgresql"


def _counted(rows: Iterable[ParsedRow], progress) -> Iterator[ParsedRow]:
    """The rows, calling `progress` every BATCH rows and once for the rest."""
    done = 0
    for done, row in enumerate(rows, start=1):  # noqa: B007 (read after the loop)
        yield row
        if progress and done % BATCH == 0:
            progress(BATCH)
    if progress and done % BATCH:
        progress(done % BATCH)


def _audit_note(file_name: str) -> str:
    return (_("SDP import: %(file)s") % {"file": file_name[:200]})[:300]


def _departed_send(actor, departed: list[Inmate]) -> None:
    if departed:
        inmates_departed.send(sender=Inmate, inmates=departed, actor=actor)


# -- elsewhere than PostgreSQL: compared in Python, written with the ORM ----------------------
def _import_orm(actor, facility, file_name, rows: SdpRows, dry_run, progress) -> ImportResult:
    result, to_create, to_update = _import_plan(facility, _counted(rows, progress))
    if result.changed and not dry_run:
        _import_write(actor, facility, file_name, to_create, to_update)
    return result


def _import_plan(facility, rows: Iterable[ParsedRow]) -> tuple[ImportResult, list, list]:
    """What the import would do: the result, the inmates to create and those to update."""
    result = ImportResult()
    existing = {
        inmate.registration_number: inmate
        for inmate in Inmate.objects.filter(facility=facility).order_by()
    }
    in_file: set[str] = set()
    to_create: list[Inmate] = []
    to_update: list[tuple[Inmate, dict, dict]] = []
    problems: list[Problem] = []
    for row in rows:
        result.rows += 1
        values = row.values
        number = str(values["registration_number"])
        in_file.add(number)
        inmate = existing.get(number)
        if inmate is None:
            inmate = Inmate(facility=facility, **values)
            to_create.append(inmate)
            if values.get("departed_on"):
                result.departed += 1
        else:
            before = snapshot(inmate, EDITABLE_FIELDS)
            if values.get("departed_on") and inmate.departed_on is None:
                result.departed += 1
            for name, value in values.items():
                setattr(inmate, name, value)
            after = snapshot(inmate, EDITABLE_FIELDS)
            if after != before:
                to_update.append((inmate, before, after))
            else:
                result.unchanged += 1
        # A file with only one of the two dates is checked against the date already known.
        start, release = inmate.sentence_start, inmate.expected_release
        if start and release and release < start:
            problems.append(_release_before_start(row.line))
    if problems:
        raise ImportRejected(problems)
    result.created = len(to_create)
    result.updated = len(to_update)
    result.not_in_file = sum(
        1 for number, inmate in existing.items() if number not in in_file and inmate.is_present
    )
    return result, to_create, to_update


def _import_write(actor, facility, file_name: str, to_create: list, to_update: list) -> None:
    created = Inmate.objects.bulk_create(to_create, batch_size=BATCH)
    if not all(i.pk for i in created):  # backends that do not return ids
        numbers = [i.registration_number for i in to_create]
        created = list(Inmate.objects.filter(facility=facility, registration_number__in=numbers))
    now = timezone.now()
    for inmate, _b, _a in to_update:
        inmate.updated_at = now  # bulk_update does not apply auto_now
    Inmate.objects.bulk_update(
        [inmate for inmate, _b, _a in to_update],
        [*EDITABLE_FIELDS, "updated_at"],
        batch_size=BATCH,
    )
    audit_record_many(
        actor=actor,
        action=AuditEntry.Action.IMPORT,
        note=_audit_note(file_name),
        items=[(i, {}, snapshot(i, EDITABLE_FIELDS)) for i in created] + to_update,
    )
    if created:
        inmates_registered.send(sender=Inmate, facility=facility, inmates=created)
    _departed_send(
        actor,
        [
            i
            for i, before, after in to_update
            if after.get("departed_on") and not before.get("departed_on")
        ],
    )


# -- PostgreSQL: COPY into a temporary table, then set-based SQL ------------------------------
STAGE = "karya_inmate_import"


def _import_copy(actor, facility, file_name, rows: SdpRows, dry_run, progress) -> ImportResult:
    """The import on PostgreSQL, in two steps over the file read one row at a time.

    The unit's registration numbers are read first (with their dates of leaving, nothing
    else). The file's new inmates are
    streamed with COPY straight into the registry while the file is read; the rows of inmates
    already known (none on a first import) are then read again and streamed into a temporary
    table (dropped at the end of the transaction), from which the changed ones are found,
    cross-checked, audited and updated by a few set-based statements. The audit rows of the
    new inmates are written by one INSERT ... SELECT. No step loads the file or the registry
    as objects."""
    fields = rows.fields
    meta = Inmate._meta
    table = connection.ops.quote_name(meta.db_table)
    columns = {name: meta.get_field(name) for name in EDITABLE_FIELDS}
    absent = [name for name in EDITABLE_FIELDS if name not in fields]
    defaults = [columns[name].get_default() for name in absent]
    present = dict(
        Inmate.objects.filter(facility=facility)
        .order_by()
        .values_list("registration_number", "departed_on")
    )
    known: set[str] = set()
    now = timezone.now()
    result = ImportResult()
    with connection.cursor() as cursor, connection.wrap_database_errors:
        copy_new = (
            nullcontext()
            if dry_run
            else cursor.cursor.copy(
                f"COPY {table} (facility_id, {', '.join([*fields, *absent])},"
                f" created_at, updated_at) FROM STDIN"
            )
        )
        with copy_new as copy:
            for row in _counted(rows, progress):
                values = row.values
                result.rows += 1
                number = values["registration_number"]
                if number in present:
                    known.add(number)
                    continue
                result.created += 1
                if values.get("departed_on"):
                    result.departed += 1
                if copy is not None:
                    copy.write_row([facility.pk, *(values[f] for f in fields), *defaults, now, now])
        result.not_in_file = sum(
            1 for number, left_on in present.items() if left_on is None and number not in known
        )
        departed_ids: list[int] = []
        if known:
            departed_ids = _import_copy_known(
                cursor, facility, file_name, rows.again(), known, result, dry_run, actor, now
            )
        result.unchanged = result.rows - result.created - result.updated
        if result.created and not dry_run:
            changes = _changes_sql(
                {name: ("NULL", f"n.{name}") for name in EDITABLE_FIELDS}, created=True
            )
            cursor.execute(
                f"{_audit_insert_sql()} SELECT %s, %s, %s, %s, %s, n.id::text,"  # noqa: S608  # nosec B608 # names from model metadata; values are parameters
                f" left(n.name || ' (' || n.registration_number || ')', 200), n.facility_id,"
                f" {changes} FROM {table} n WHERE n.facility_id = %s AND n.created_at = %s",
                [*_audit_params(actor, file_name, now), facility.pk, now],
            )
    if dry_run:
        return result
    if result.created:
        added = Inmate.objects.filter(facility=facility, created_at=now)
        inmates_registered.send(sender=Inmate, facility=facility, inmates=added)
    if departed_ids:
        departed = list(Inmate.objects.filter(facility=facility, pk__in=departed_ids))
        for inmate in departed:
            inmate.facility = facility
        _departed_send(actor, departed)
    return result


def _audit_params(actor, file_name: str, now) -> list:
    """The values every audit row of the import shares (see `_audit_insert_sql`)."""
    return [
        now,
        actor.pk if getattr(actor, "pk", None) else None,
        ContentType.objects.get_for_model(Inmate, for_concrete_model=False).pk,
        _audit_note(file_name),
        AuditEntry.Action.IMPORT.value,
    ]


def _import_copy_known(
    cursor, facility, file_name, rows: SdpRows, known: set[str], result, dry_run, actor, now
) -> list[int]:
    """The rows of inmates already in the registry: read the file again, stream them into a
    temporary table, count the changed and departing ones, refuse the file if a date of the
    file contradicts the date already known, and (unless a dry run) audit and update the
    changed inmates. Returns the ids of the inmates who left."""
    fields = rows.fields
    table = connection.ops.quote_name(Inmate._meta.db_table)
    types = {name: Inmate._meta.get_field(name).db_type(connection) for name in fields}
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{STAGE}")
    definition = ", ".join(f"{name} {types[name]}" for name in fields)
    cursor.execute(f"CREATE TEMP TABLE {STAGE} (line integer, {definition}) ON COMMIT DROP")
    with cursor.cursor.copy(f"COPY {STAGE} (line, {', '.join(fields)}) FROM STDIN") as copy:
        for row in rows:
            values = row.values
            if values["registration_number"] in known:
                copy.write_row([row.line, *(values[name] for name in fields)])
    cursor.execute(f"ANALYZE {STAGE}")

    join = f"{table} i ON i.facility_id = %s AND i.registration_number = s.registration_number"
    if ("sentence_start" in fields) != ("expected_release" in fields):
        # A file with only one of the two dates is checked against the date already known.
        prefix = {"sentence_start": "i", "expected_release": "i"} | {f: "s" for f in fields}
        cursor.execute(
            f"SELECT s.line FROM {STAGE} s JOIN {join} WHERE "  # noqa: S608  # nosec B608 # names from model metadata; values are parameters
            f"{prefix['expected_release']}.expected_release"
            f" < {prefix['sentence_start']}.sentence_start ORDER BY s.line",
            [facility.pk],
        )
        problems = [_release_before_start(line) for (line,) in cursor]
        if problems:
            raise ImportRejected(problems)

    differs = " OR ".join(f"i.{name} IS DISTINCT FROM s.{name}" for name in fields)
    leaving = "s.departed_on IS NOT NULL" if "departed_on" in fields else "false"
    cursor.execute(
        f"SELECT count(*) FILTER (WHERE {differs}),"  # noqa: S608  # nosec B608 # names from model metadata; values are parameters
        f" count(*) FILTER (WHERE {leaving} AND i.departed_on IS NULL)"
        f" FROM {STAGE} s JOIN {join}",
        [facility.pk],
    )
    updated, departed = cursor.fetchone()
    result.updated = updated
    result.departed += departed
    departed_ids: list[int] = []
    if updated and not dry_run:
        changes = _changes_sql({name: (f"i.{name}", f"s.{name}") for name in fields})
        cursor.execute(
            f"{_audit_insert_sql()} SELECT %s, %s, %s, %s, %s, i.id::text,"  # noqa: S608  # nosec B608 # names from model metadata; values are parameters
            f" left(s.name || ' (' || s.registration_number || ')', 200), i.facility_id,"
            f" {changes} FROM {STAGE} s JOIN {join} WHERE {differs}",
            [*_audit_params(actor, file_name, now), facility.pk],
        )
        if departed:
            cursor.execute(
                f"SELECT i.id FROM {STAGE} s JOIN {join}"  # noqa: S608  # nosec B608 # names from model metadata; values are parameters
                f" WHERE i.departed_on IS NULL AND s.departed_on IS NOT NULL",
                [facility.pk],
            )
            departed_ids = [pk for (pk,) in cursor]
        assignments = ", ".join(f"{name} = s.{name}" for name in fields)
        cursor.execute(
            f"UPDATE {table} i SET {assignments}, updated_at = %s FROM {STAGE} s"  # noqa: S608  # nosec B608 # names from model metadata; values are parameters
            f" WHERE i.facility_id = %s AND i.registration_number = s.registration_number"
            f" AND ({differs})",
            [now, facility.pk],
        )
    cursor.execute(f"DROP TABLE pg_temp.{STAGE}")
    return departed_ids


def _audit_insert_sql() -> str:
    """INSERT INTO the audit log, for a SELECT of: at, actor, content type, note, action (these
    five as parameters), object id, object repr, facility and changes."""
    meta = AuditEntry._meta
    names = ("at", "actor", "content_type", "note", "action")
    names += ("object_id", "object_repr", "facility", "changes")
    columns = ", ".join(meta.get_field(name).column for name in names)
    return f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns})"


def _changes_sql(pairs: dict[str, tuple[str, str]], *, created: bool = False) -> str:
    """The audit row's `changes` as jsonb, the way `audit_record_many` writes them: each field
    whose value differs, as [before, after] (a date as its ISO text). For a created row
    (`before` NULL) a NOT NULL column always differs, so it needs no comparison."""
    fields = Inmate._meta
    items = ", ".join(
        f"'{name}', jsonb_build_array({before}, {after})"
        if created and not fields.get_field(name).null
        else f"'{name}', CASE WHEN {before} IS DISTINCT FROM {after}"
        f" THEN jsonb_build_array({before}, {after}) END"
        for name, (before, after) in pairs.items()
    )
    return f"jsonb_strip_nulls(jsonb_build_object({items}))"
