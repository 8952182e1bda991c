"""Writes on the inmate registry: by hand, and by importing the national database export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record_many, audited_create, audited_update, snapshot
from karya.core.errors import Conflict, DomainError
from karya.inmates.importing import ImportRejected, ParsedRow, Problem, read_rows
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
    changed_numbers: list[str] = field(default_factory=list)

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
    transaction (Conflict if the registry changed meanwhile). `progress(n)` is called as rows
    are processed. Call inside a scope that includes `facility`.
    """
    rows = read_rows(file_name, content)
    if dry_run:
        result = _import_plan(facility, rows, progress)[0]
        result.dry_run = True
        return result
    try:
        with transaction.atomic():
            result, to_create, to_update = _import_plan(facility, rows, progress)
            if result.changed:
                _import_write(actor, facility, file_name, to_create, to_update)
    except IntegrityError as exc:  # another import or an edit added the same number meanwhile
        raise Conflict(_("The record changed meanwhile; try again."), code="conflict") from exc
    return result


def _import_plan(facility, rows: list[ParsedRow], progress) -> tuple[ImportResult, list, list]:
    """What the import would do: the result, the inmates to create and those to update."""
    result = ImportResult(rows=len(rows))
    existing = {
        inmate.registration_number: inmate
        for inmate in Inmate.objects.filter(facility=facility).order_by()
    }
    in_file: set[str] = set()
    to_create: list[Inmate] = []
    to_update: list[tuple[Inmate, dict, dict]] = []
    problems: list[Problem] = []
    for done, row in enumerate(rows, start=1):
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
            problems.append(
                Problem(row.line, _("the expected release is before the sentence start"))
            )
        if progress and done % BATCH == 0:
            progress(BATCH)
    if progress and len(rows) % BATCH:
        progress(len(rows) % BATCH)
    if problems:
        raise ImportRejected(problems)
    result.created = len(to_create)
    result.updated = len(to_update)
    result.not_in_file = sum(
        1 for number, inmate in existing.items() if number not in in_file and inmate.is_present
    )
    result.changed_numbers = [i.registration_number for i in to_create] + [
        i.registration_number for i, _b, _a in to_update
    ]
    return result, to_create, to_update


def _import_write(actor, facility, file_name: str, to_create: list, to_update: list) -> None:
    note = _("SDP import: %(file)s") % {"file": file_name[:200]}
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
        note=note,
        items=[(i, {}, snapshot(i, EDITABLE_FIELDS)) for i in created] + to_update,
    )
    departed = [
        i
        for i, before, after in to_update
        if after.get("departed_on") and not before.get("departed_on")
    ]
    if created:
        inmates_registered.send(sender=Inmate, facility=facility, inmates=created)
    if departed:
        inmates_departed.send(sender=Inmate, inmates=departed, actor=actor)
