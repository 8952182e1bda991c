"""Stock counts (stock opname): an officer counts a location, the head of the unit approves
the count, and only then are the differences posted to the ledger as adjustment moves.

DRAFT (created with the quantities the ledger expects) → SUBMITTED (every line counted) →
APPROVED (differences posted) or REJECTED (nothing posted; count again). A count whose
expected quantities no longer match the ledger when it is approved is refused: goods moved
while it was being counted, so its differences would be wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.accounts.permissions import Perm, access_for
from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, audit_record_many, snapshot
from karya.core.dates import today_in
from karya.core.errors import Conflict, DomainError
from karya.inventory.choices import OPEN_COUNT_STATUSES, CountStatus
from karya.inventory.models import Lot, StockBalance, StockCount, StockCountLine, StockLocation
from karya.inventory.services.moves import MAX_QUANTITY, adjustment_post, check_item

STATUS_FIELDS = (
    "status",
    "submitted_at",
    "submitted_by",
    "decided_at",
    "decided_by",
    "decision_note",
)
NOTE_MAX = StockCount._meta.get_field("note").max_length


def _locked(count: StockCount) -> StockCount:
    return (
        StockCount.objects.select_for_update(of=("self",))
        .select_related("location", "facility")
        .get(pk=count.pk)
    )


def _check_head(actor, count: StockCount) -> None:
    if not access_for(actor).can(Perm.STOCK_APPROVE, count.facility):
        raise DomainError(
            _("Only the head of the unit may approve or reject a stock count."),
            code="permission_denied",
        )


def _set_status(actor, count: StockCount, **fields) -> StockCount:
    before = snapshot(count, STATUS_FIELDS)
    for name, value in fields.items():
        setattr(count, name, value)
    count.save(update_fields=list(fields))
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=count,
        before=before,
        after=snapshot(count, STATUS_FIELDS),
    )
    return count


def _item_name(line) -> str:
    return f"{line.product} ({line.lot.code})" if line.lot_id else str(line.product)


@transaction.atomic
def stock_count_create(
    *, actor, location: StockLocation, counted_on: dt.date, note: str = ""
) -> StockCount:
    """Start a count of a location: one line per product and lot the location holds, with
    the quantity the ledger expects now. Refused for a day not yet come and while the
    location has another count open. Side effects: the count, its lines, audit rows."""
    facility = location.facility
    if counted_on is None or counted_on > today_in(facility.timezone):
        raise DomainError(_("The count date cannot be in the future."), field="counted_on")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_("At most %(max)s characters.") % {"max": NOTE_MAX}, field="note")
    if StockCount.objects.filter(location=location, status__in=OPEN_COUNT_STATUSES).exists():
        raise Conflict(
            _("%(location)s already has a stock count open: finish that one first.")
            % {"location": location.name},
            code="count_open",
            field="location",
        )
    try:
        with transaction.atomic():
            count = StockCount.objects.create(
                facility=facility,
                location=location,
                counted_on=counted_on,
                note=note,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as exc:  # another officer opened one at the same moment
        raise Conflict(
            _("%(location)s already has a stock count open: finish that one first.")
            % {"location": location.name},
            code="count_open",
            field="location",
        ) from exc
    audit_record(
        actor=actor, action=AuditEntry.Action.CREATE, instance=count, after=snapshot(count)
    )
    balances = StockBalance.objects.filter(location=location, quantity__gt=0).order_by("pk")
    lines = StockCountLine.objects.bulk_create(
        [
            StockCountLine(
                facility_id=facility.pk,
                count=count,
                product_id=balance.product_id,
                lot_id=balance.lot_id,
                expected=balance.quantity,
            )
            for balance in balances
        ]
    )
    audit_record_many(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        items=[(line, {}, snapshot(line)) for line in lines],
    )
    return count


@transaction.atomic
def stock_count_add_line(*, actor, count: StockCount, product, lot: Lot | None = None):
    """Add a product (and lot) the ledger did not expect at the location to a draft count,
    e.g. goods found there; its expected quantity is the ledger's (usually 0)."""
    count = _locked(count)
    if count.status != CountStatus.DRAFT:
        raise DomainError(_("Only a draft count can be changed."), code="count_not_draft")
    check_item(count.location, product, lot)
    if StockCountLine.objects.filter(count=count, product=product, lot=lot).exists():
        raise Conflict(
            _("%(product)s is already on this count.") % {"product": product},
            code="duplicate",
            field="product",
        )
    expected = (
        StockBalance.objects.filter(location=count.location, product=product, lot=lot)
        .values_list("quantity", flat=True)
        .first()
        or 0
    )
    line = StockCountLine.objects.create(
        facility_id=count.facility_id, count=count, product=product, lot=lot, expected=expected
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=line, after=snapshot(line))
    return line


def _clean_counted(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DomainError(_("A counted quantity is a whole number, 0 or more."), field="counted")
    if value > MAX_QUANTITY:
        raise DomainError(_("A counted quantity is too large."), field="counted")
    return value


def _record(actor, count: StockCount, counted: Mapping[int, int | None]) -> list[StockCountLine]:
    lines = list(count.lines.select_related("product", "lot"))
    by_id = {line.pk: line for line in lines}
    unknown = set(counted) - set(by_id)
    if unknown:
        raise DomainError(
            _("Some of the lines counted are not lines of this count."), code="unknown_line"
        )
    changed = []
    for line_id, value in counted.items():
        line = by_id[line_id]
        value = _clean_counted(value)
        if value != line.counted:
            before = snapshot(line, ["counted"])
            line.counted = value
            changed.append((line, before, snapshot(line, ["counted"])))
    if changed:
        StockCountLine.objects.bulk_update([item[0] for item in changed], ["counted"])
        audit_record_many(actor=actor, action=AuditEntry.Action.UPDATE, items=changed)
    return lines


@transaction.atomic
def stock_count_record(
    *, actor, count: StockCount, counted: Mapping[int, int | None]
) -> StockCount:
    """Save counted quantities of a draft count ({line id: quantity or None}), without
    submitting it. Side effect: an audit row per line changed."""
    count = _locked(count)
    if count.status != CountStatus.DRAFT:
        raise DomainError(_("Only a draft count can be changed."), code="count_not_draft")
    _record(actor, count, counted)
    return count


@transaction.atomic
def stock_count_submit(
    *, actor, count: StockCount, counted: Mapping[int, int | None] | None = None
) -> StockCount:
    """Save the counted quantities given, then submit the count for the head's approval.
    Every line must have been counted. Side effects: audit rows."""
    count = _locked(count)
    if count.status != CountStatus.DRAFT:
        raise DomainError(_("Only a draft count can be submitted."), code="count_not_draft")
    lines = _record(actor, count, counted or {})
    missing = [line for line in lines if line.counted is None]
    if missing:
        raise DomainError(
            _("Enter the counted quantity of every line: %(items)s.")
            % {"items": ", ".join(_item_name(line) for line in missing)},
            code="count_incomplete",
            field="counted",
        )
    return _set_status(
        actor,
        count,
        status=CountStatus.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=actor if getattr(actor, "pk", None) else None,
    )


@transaction.atomic
def stock_count_approve(*, actor, count: StockCount) -> StockCount:
    """The head approves a submitted count: each difference between counted and expected is
    posted as an `adjusted` move of the location.

    The location's balances are locked first; if any line's expected quantity differs from
    the balance now (goods moved since the count was made), the approval is refused and the
    message asks to reject it and count again. Side effects: the moves, balances, audit rows.
    """
    count = _locked(count)
    _check_head(actor, count)
    if count.status != CountStatus.SUBMITTED:
        raise DomainError(_("Only a submitted count can be approved."), code="count_not_submitted")
    balances = StockBalance.objects.select_for_update().filter(location=count.location)
    current = {(b.product_id, b.lot_id): b.quantity for b in balances.order_by("pk")}
    lines = list(count.lines.select_related("product", "lot").order_by("pk"))
    stale = [
        line for line in lines if current.get((line.product_id, line.lot_id), 0) != line.expected
    ]
    if stale:
        raise Conflict(
            _(
                "The stock changed after this count was made (%(items)s). Reject this count "
                "and count %(location)s again."
            )
            % {
                "items": ", ".join(
                    _("%(item)s: expected %(expected)s, now %(now)s")
                    % {
                        "item": _item_name(line),
                        "expected": line.expected,
                        "now": current.get((line.product_id, line.lot_id), 0),
                    }
                    for line in stale
                ),
                "location": count.location.name,
            },
            code="count_stale",
        )
    for line in lines:
        if line.difference:
            adjustment_post(
                actor=actor,
                location=count.location,
                product=line.product,
                lot=line.lot,
                difference=line.difference,
                count=count,
            )
    return _set_status(
        actor,
        count,
        status=CountStatus.APPROVED,
        decided_at=timezone.now(),
        decided_by=actor if getattr(actor, "pk", None) else None,
    )


@transaction.atomic
def stock_count_reject(*, actor, count: StockCount, reason: str) -> StockCount:
    """The head rejects an open (draft or submitted) count, with a reason; nothing is posted
    and the location can be counted again. Side effect: an audit row."""
    count = _locked(count)
    _check_head(actor, count)
    if not count.is_open:
        raise DomainError(_("This count has already been decided."), code="count_decided")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the count is rejected."), field="reason")
    if len(reason) > NOTE_MAX:
        raise DomainError(_("At most %(max)s characters.") % {"max": NOTE_MAX}, field="reason")
    return _set_status(
        actor,
        count,
        status=CountStatus.REJECTED,
        decided_at=timezone.now(),
        decided_by=actor if getattr(actor, "pk", None) else None,
        decision_note=reason,
    )
