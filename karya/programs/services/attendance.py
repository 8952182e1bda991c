"""A workshop's day: attendance and output of every allocated inmate, saved at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record_many, snapshot
from karya.core.bulk import rows_update
from karya.core.dates import today_in
from karya.core.errors import Conflict, DomainError
from karya.programs.choices import AllocationStatus, AttendanceStatus
from karya.programs.models import Allocation, Attendance, OutputRecord, Workshop
from karya.programs.signals import attendance_day_locks

ATTENDANCE_FIELDS = ("status", "hours", "note")


@dataclass
class DayEntry:
    """What the officer entered for one allocation on the day."""

    allocation_id: int
    status: str
    hours: Decimal | str | int = 0
    note: str = ""
    outputs: dict[int, int] = field(default_factory=dict)  # product id → quantity


@dataclass
class DayResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


def allocations_on(workshop: Workshop, date: dt.date):
    """Allocations of the workshop that are open on `date`: started (an allocation that ended
    while still pending never worked), from their start date, not ended before."""
    return (
        Allocation.objects.filter(
            workshop=workshop,
            status__in=(
                AllocationStatus.ACTIVE,
                AllocationStatus.SUSPENDED,
                AllocationStatus.ENDED,
            ),
            start_date__lte=date,
            started=True,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=date))
        .select_related("inmate")
        .order_by("inmate__name", "pk")
    )


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value or 0))
    except InvalidOperation as exc:
        raise DomainError(_("Hours must be a number."), field="hours") from exc
    if not hours.is_finite() or hours < 0 or hours > 24:
        raise DomainError(_("Hours must be between 0 and 24."), field="hours")
    return hours.quantize(Decimal("0.01"))


@transaction.atomic
def attendance_save_day(
    *, actor, workshop: Workshop, date: dt.date, entries: list[DayEntry]
) -> DayResult:
    """Save a whole day for a workshop in a fixed number of queries, whatever the headcount.

    Checks everything first (date not in the future, every allocation open that day, known
    status, hours 0–24 and only when present, quantities ≥ 0 of the workshop's own products,
    output only when present) and writes nothing if anything is wrong. New rows are inserted,
    changed ones updated, and every correction appends an audit row with the earlier value.
    A day closed to changes (`attendance_day_locks`: an approved premi run used it) is
    refused whole.
    """
    if date > today_in(workshop.facility.timezone):
        raise DomainError(_("You cannot record a day that has not come yet."), field="date")
    for _receiver, reason in attendance_day_locks.send(
        sender=Workshop, workshop=workshop, date=date
    ):
        if reason:
            raise Conflict(reason, code="day_locked", field="date")
    allocations = {a.pk: a for a in allocations_on(workshop, date)}
    products = {p.pk: p for p in workshop.products.all()}
    product_ids = set(products)
    seen: set[int] = set()
    cleaned: list[tuple[Allocation, DayEntry, Decimal]] = []
    for entry in entries:
        allocation = allocations.get(entry.allocation_id)
        if allocation is None or entry.allocation_id in seen:
            raise DomainError(
                _("An inmate in the list is not allocated to this workshop on this day."),
                code="not_allocated",
            )
        seen.add(entry.allocation_id)
        if entry.status not in AttendanceStatus.values:
            raise DomainError(
                _("Unknown attendance status for %(name)s.") % {"name": allocation.inmate.name},
                field="status",
            )
        hours = _hours(entry.hours)
        present = entry.status == AttendanceStatus.PRESENT
        if hours and not present:
            raise DomainError(
                _("%(name)s was not present, so hours must be 0.")
                % {"name": allocation.inmate.name},
                field="hours",
            )
        for product_id, quantity in entry.outputs.items():
            if product_id not in product_ids:
                raise DomainError(_("This workshop does not make that product."), field="outputs")
            if quantity < 0:
                raise DomainError(_("A quantity cannot be negative."), field="outputs")
            if quantity and not present:
                raise DomainError(
                    _("%(name)s was not present, so no output can be recorded.")
                    % {"name": allocation.inmate.name},
                    field="outputs",
                )
        cleaned.append((allocation, entry, hours))

    # The rows get the allocations and products already loaded: their str() (kept in the
    # audit row of a correction) would otherwise fetch them one query per row.
    existing = {}
    for row in Attendance.objects.filter(allocation_id__in=seen, date=date):
        row.allocation = allocations[row.allocation_id]
        existing[row.allocation_id] = row
    existing_outputs = {}
    for output in OutputRecord.objects.filter(allocation_id__in=seen, date=date):
        output.allocation = allocations[output.allocation_id]
        output.product = products[output.product_id]
        existing_outputs[(output.allocation_id, output.product_id)] = output
    result = DayResult()
    actor_id = actor.pk  # once: `actor` is often the request's lazy user
    new_rows, changed_rows, audit_items = [], [], []
    new_outputs, changed_outputs = [], []
    for allocation, entry, hours in cleaned:
        row = existing.get(allocation.pk)
        values = {"status": entry.status, "hours": hours, "note": entry.note.strip()[:200]}
        if row is None:
            new_rows.append(
                Attendance(
                    facility_id=workshop.facility_id,
                    allocation=allocation,
                    date=date,
                    recorded_by_id=actor_id,
                    **values,
                )
            )
            result.created += 1
        else:
            row.allocation = allocation  # loaded with its inmate: the audit row names them
            before = snapshot(row, ATTENDANCE_FIELDS)
            for name, value in values.items():
                setattr(row, name, value)
            after = snapshot(row, ATTENDANCE_FIELDS)
            if before != after:
                row.recorded_by_id = actor_id
                changed_rows.append(row)
                audit_items.append((row, before, after))
                result.changed += 1
            else:
                result.unchanged += 1
        for product_id, quantity in entry.outputs.items():
            output = existing_outputs.get((allocation.pk, product_id))
            if output is None:
                if quantity:
                    new_outputs.append(
                        OutputRecord(
                            facility_id=workshop.facility_id,
                            allocation=allocation,
                            date=date,
                            product_id=product_id,
                            quantity=quantity,
                            recorded_by_id=actor_id,
                        )
                    )
            elif output.quantity != quantity:
                audit_items.append((output, {"quantity": output.quantity}, {"quantity": quantity}))
                output.quantity = quantity
                output.recorded_by_id = actor_id
                changed_outputs.append(output)
    now = timezone.now()
    for row in [*changed_rows, *changed_outputs]:
        row.updated_at = now  # bulk_update does not apply auto_now
    try:
        with transaction.atomic():
            Attendance.objects.bulk_create(new_rows)
            OutputRecord.objects.bulk_create(new_outputs)
    except IntegrityError as exc:  # someone saved the same day at the same moment
        raise Conflict(
            _("This day was saved by someone else meanwhile; open it again."), code="conflict"
        ) from exc
    rows_update(Attendance, changed_rows, [*ATTENDANCE_FIELDS, "recorded_by", "updated_at"])
    rows_update(OutputRecord, changed_outputs, ["quantity", "recorded_by", "updated_at"])
    if audit_items:
        audit_record_many(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            items=audit_items,
            note=_("Correction of %(date)s") % {"date": date.isoformat()},
        )
    return result
