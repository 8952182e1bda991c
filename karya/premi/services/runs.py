"""Premi runs: preview (and preview again), discard, corrections of earlier runs, approval by
the head — which posts every share to the inmates' ledgers and closes the attendance days the
run used — and the lock those days keep.

The workshop's row is locked by every write here and by every attendance save of the
workshop (`attendance_day_lock`), so a run is never approved on records that change meanwhile.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from karya.accounts.permissions import Perm, access_for
from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, audit_record_many, snapshot
from karya.core.dates import local, tanggal, today_in
from karya.core.errors import Conflict, DomainError
from karya.core.money import format_rupiah, rupiah, split_largest_remainder
from karya.core.numbering import next_number
from karya.inmates.models import Inmate
from karya.premi import selectors
from karya.premi.choices import SERIES_RUN, EntryKind, RunStatus
from karya.premi.division import divide_pool, explain
from karya.premi.models import InmateLedgerEntry, PremiAdjustment, PremiRun, PremiShare
from karya.premi.periods import Period, period_label
from karya.programs.models import Workshop

RUN_FIELDS = (
    "status",
    "number",
    "start",
    "end",
    "pool_proceeds",
    "pool_piece_rates",
    "pool",
    "adjustments_total",
    "total",
)
# What a preview (again) writes on its run.
PREVIEW_FIELDS = (
    "period_kind",
    "start",
    "end",
    "basis",
    "pool_proceeds",
    "pool_piece_rates",
    "pool",
    "total_points",
    "prepared_at",
    "prepared_by",
    "total",
)
REASON_MAX = PremiAdjustment._meta.get_field("reason").max_length


def _lock_workshop(workshop: Workshop) -> Workshop:
    return (
        Workshop.objects.select_for_update(of=("self",))
        .select_related("facility")
        .get(pk=workshop.pk)
    )


def _lock_run(run: PremiRun) -> PremiRun:
    return (
        PremiRun.objects.select_for_update(of=("self",))
        .select_related("workshop", "facility")
        .get(pk=run.pk)
    )


def _check_begun(facility, period: Period) -> None:
    if period.start > today_in(facility.timezone):
        raise DomainError(_("This period has not begun yet."), field="period")


def _overlap_conflict(other: PremiRun) -> Conflict:
    values = {
        "period": period_label(other.period_kind, other.start, other.end),
        "status": other.get_status_display().lower(),
    }
    return Conflict(
        _(
            "This workshop already has a premi run for %(period)s (%(status)s) that "
            "overlaps this period."
        )
        % values,
        code="overlapping_run",
        field="period",
    )


def _runs_in_period(workshops: list[Workshop], period: Period) -> dict[int, tuple]:
    """Per workshop: (its preview of exactly this period or None, the first other run that
    overlaps the period or None). One query."""
    found: dict[int, tuple] = {w.pk: (None, None) for w in workshops}
    for run in PremiRun.objects.filter(
        workshop_id__in=list(found), start__lte=period.end, end__gte=period.start
    ).order_by("workshop_id", "-start", "-pk"):
        existing, other = found[run.workshop_id]
        same = run.start == period.start and run.end == period.end
        if same and run.status == RunStatus.PREVIEW:
            existing = run
        elif other is None:
            other = run
        found[run.workshop_id] = (existing, other)
    return found


def _share_rows(run: PremiRun, gathered: selectors.Gathered) -> list[PremiShare]:
    amounts = divide_pool(gathered.pool, gathered.contributions)
    total_points = gathered.total_points
    return [
        PremiShare(
            facility_id=run.facility_id,
            run=run,
            inmate_id=c.inmate_id,
            position=position,
            measure=c.measure,
            points=c.points,
            breakdown=[
                {
                    "product": part.label,
                    "quantity": str(part.quantity),
                    "weight": str(part.weight),
                    "points": str(part.points),
                }
                for part in c.parts
                if part.label
            ],
            amount=amount,
            explanation=explain(c, total_points=total_points, pool=gathered.pool, amount=amount),
        )
        for position, (c, amount) in enumerate(zip(gathered.contributions, amounts, strict=True))
    ]


def _write_previews(
    *,
    actor,
    period: Period,
    items: list[tuple[Workshop, PremiRun | None, selectors.Gathered]],
) -> list[PremiRun]:
    """Write the previews of (locked workshop, its preview of the period or None, what it
    gathered): new runs, or the existing previews with their values of now and their shares
    replaced (their corrections stay), then every share and the audit rows — a fixed number
    of queries whatever the number of workshops and inmates."""
    now = timezone.now()
    prepared_by = actor if getattr(actor, "pk", None) else None
    created: list[PremiRun] = []
    changed: list[tuple[PremiRun, dict]] = []
    runs: list[PremiRun] = []
    for workshop, existing, gathered in items:
        values = {
            "period_kind": period.kind,
            "start": period.start,
            "end": period.end,
            "basis": gathered.basis,
            "pool_proceeds": gathered.pool_proceeds,
            "pool_piece_rates": gathered.pool_piece_rates,
            "pool": gathered.pool,
            "total_points": gathered.total_points,
            "prepared_at": now,
            "prepared_by": prepared_by,
        }
        if existing is None:
            run = PremiRun(
                facility=workshop.facility,
                workshop=workshop,
                adjustments_total=0,
                total=gathered.pool,
                **values,
            )
            created.append(run)
        else:
            run = existing
            run.workshop = workshop  # named by the audit row
            changed.append((run, snapshot(run, RUN_FIELDS)))
            for name, value in values.items():
                setattr(run, name, value)
            run.total = run.pool + run.adjustments_total
        runs.append(run)
    if created:
        try:
            PremiRun.objects.bulk_create(created)
        except IntegrityError as exc:
            raise Conflict(
                _("This run was started by someone else meanwhile; open it again."),
                code="conflict",
            ) from exc
    if changed:
        refreshed = [run for run, _before in changed]
        PremiShare.objects.filter(run__in=refreshed).delete()
        PremiRun.objects.bulk_update(refreshed, PREVIEW_FIELDS)
    with translation.override(settings.LANGUAGE_CODE):
        shares = [
            share
            for run, (_workshop, _existing, gathered) in zip(runs, items, strict=True)
            for share in _share_rows(run, gathered)
        ]
    PremiShare.objects.bulk_create(shares, batch_size=2000)
    note = _("Premi preview")
    audit_record_many(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        items=[(run, {}, snapshot(run, RUN_FIELDS)) for run in created],
        note=note,
    )
    audit_record_many(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        items=[(run, before, snapshot(run, RUN_FIELDS)) for run, before in changed],
        note=note,
    )
    return runs


@transaction.atomic
def premi_run_preview(*, actor, workshop: Workshop, period: Period) -> PremiRun:
    """Gather the pool and the contributions of the workshop for the period and divide the
    pool among the inmates who worked (see karya.premi.division), as a PREVIEW.

    Previewing the same workshop and period again replaces the preview's shares (its
    corrections stay). Refused: a period not begun yet, a period that overlaps another run of
    the workshop (approved, or a preview of another period). Side effects: the run, its
    shares, an audit row. A fixed number of queries whatever the number of inmates and days.
    """
    workshop = _lock_workshop(workshop)
    _check_begun(workshop.facility, period)
    existing, other = _runs_in_period([workshop], period)[workshop.pk]
    if other is not None:
        raise _overlap_conflict(other)
    gathered = selectors.gather_many(workshops=[workshop], period=period)[workshop.pk]
    return _write_previews(actor=actor, period=period, items=[(workshop, existing, gathered)])[0]


@dataclass
class UnitPreview:
    """What previewing every workshop of a unit did: the runs previewed (new or again), the
    workshops left out because another run overlaps the period (with the reason), and the
    workshops with nothing to preview (nobody worked, no proceeds)."""

    previewed: list[PremiRun]
    skipped: list[tuple[Workshop, str]]
    idle: list[Workshop]


@transaction.atomic
def premi_runs_preview_unit(*, actor, facility, period: Period) -> UnitPreview:
    """Preview the premi run of the period for every active workshop of the unit at once, as
    `premi_run_preview` does for one: the same pool, shares and explanations, a preview of
    the same period previewed again (its corrections stay).

    A workshop with another run overlapping the period (approved, or a preview of another
    period) is left out and said why; one where nobody worked and no proceeds came is left
    out too (unless it has a preview of the period already). Refused: a period not begun
    yet. Side effects: the runs, their shares, an audit row per run. A fixed number of
    queries whatever the number of workshops, inmates and days; the unit's workshops are
    locked (in id order) as one preview locks its own.
    """
    _check_begun(facility, period)
    workshops = list(
        Workshop.objects.select_for_update(of=("self",))
        .filter(facility=facility, is_active=True)
        .select_related("facility")
        .order_by("pk")
    )
    runs = _runs_in_period(workshops, period)
    skipped, open_ = [], []
    for workshop in workshops:
        existing, other = runs[workshop.pk]
        if other is not None:
            skipped.append((workshop, _overlap_conflict(other).message))
        else:
            open_.append((workshop, existing))
    gathered = selectors.gather_many(workshops=[w for w, _existing in open_], period=period)
    items, idle = [], []
    for workshop, existing in open_:
        found = gathered[workshop.pk]
        if existing is None and found.is_empty:
            idle.append(workshop)
        else:
            items.append((workshop, existing, found))
    previewed = _write_previews(actor=actor, period=period, items=items) if items else []
    return UnitPreview(previewed=previewed, skipped=skipped, idle=idle)


@transaction.atomic
def premi_run_discard(*, actor, run: PremiRun) -> None:
    """Throw a preview away (its shares and corrections with it). An approved run stays."""
    run = _lock_run(run)
    if run.is_approved:
        raise Conflict(_("An approved premi run cannot be discarded."), code="run_approved")
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        instance=run,
        before=snapshot(run, RUN_FIELDS),
        note=_("Premi preview discarded"),
    )
    run.adjustments.all().delete()
    run.delete()


def _refresh_total(run: PremiRun) -> None:
    total = sum((a.amount for a in run.adjustments.all()), Decimal(0))
    run.adjustments_total = total
    run.total = run.pool + total
    run.save(update_fields=["adjustments_total", "total"])


@transaction.atomic
def premi_adjustment_add(
    *, actor, run: PremiRun, inmate: Inmate, corrects: PremiRun, amount, reason: str
) -> PremiAdjustment:
    """Carry a correction of an earlier approved run of the same workshop in this preview: a
    signed amount for one inmate (more: positive; too much paid: negative), with the reason.
    Posted to the inmate's ledger when this run is approved."""
    run = _lock_run(run)
    if run.is_approved:
        raise Conflict(_("An approved premi run cannot be changed."), code="run_approved")
    if (
        corrects.workshop_id != run.workshop_id
        or corrects.status != RunStatus.APPROVED
        or corrects.end >= run.start
    ):
        raise DomainError(
            _("Choose an approved earlier run of this workshop to correct."), field="corrects"
        )
    if inmate.facility_id != run.facility_id:
        raise DomainError(_("Choose an inmate of this unit."), field="inmate")
    try:
        value = rupiah(amount)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Give the amount in whole rupiah."), field="amount") from exc
    if value == 0:
        raise DomainError(_("A correction cannot be Rp 0."), field="amount")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say what is corrected and why."), field="reason")
    adjustment = PremiAdjustment.objects.create(
        facility_id=run.facility_id,
        run=run,
        corrects=corrects,
        inmate=inmate,
        amount=value,
        reason=reason[:REASON_MAX],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _refresh_total(run)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=adjustment,
        after=snapshot(adjustment, ("inmate", "corrects", "amount", "reason")),
    )
    return adjustment


@transaction.atomic
def premi_adjustment_remove(*, actor, adjustment: PremiAdjustment) -> None:
    """Take a correction off a preview."""
    run = _lock_run(adjustment.run)
    if run.is_approved:
        raise Conflict(_("An approved premi run cannot be changed."), code="run_approved")
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        instance=adjustment,
        before=snapshot(adjustment, ("inmate", "corrects", "amount", "reason")),
    )
    adjustment.delete()
    _refresh_total(run)


def _same_as_preview(run: PremiRun, gathered: selectors.Gathered) -> bool:
    stored = {(s.inmate_id, s.points) for s in run.shares.all()}
    fresh = {(c.inmate_id, c.points) for c in gathered.contributions}
    return (
        stored == fresh
        and run.pool_proceeds == gathered.pool_proceeds
        and run.pool_piece_rates == gathered.pool_piece_rates
        and run.basis == gathered.basis
    )


def _split(amount: Decimal, percent: int) -> tuple[Decimal, Decimal]:
    """A signed amount divided into (spendable, savings) by the spendable percent."""
    spendable, savings = split_largest_remainder(abs(amount), [percent, 100 - percent])
    sign = 1 if amount > 0 else -1
    return sign * spendable, sign * savings


@transaction.atomic
def premi_run_approve(*, actor, run: PremiRun) -> PremiRun:
    """The head approves a preview: it gets its number (PRM/<unit>/<yyyy>/<mm>/<nnnn>), each
    share is credited to the inmate's ledger divided into spendable (the unit's percent, 25%
    by default) and savings, each correction is posted, and the attendance and output of the
    workshop's days in the period can no longer be corrected.

    Refused: anyone but a head; a run approved already; records or proceeds that changed since
    the preview (preview again); a pool with nobody to share it; a negative correction larger
    than what the inmate has. Side effects: the run (immutable from now on), ledger entries,
    an audit row.
    """
    workshop = _lock_workshop(run.workshop)  # first, as previews and attendance saves do
    run = _lock_run(run)
    if not access_for(actor).can(Perm.PREMI_APPROVE, run.facility):
        raise DomainError(
            _("Only the head of the unit approves a premi run."), code="approval_forbidden"
        )
    if run.is_approved:
        raise Conflict(_("This premi run is approved already."), code="run_approved")
    period = Period(run.period_kind, run.start, run.end)
    gathered = selectors.gather(workshop=workshop, period=period)
    if not _same_as_preview(run, gathered):
        raise Conflict(
            _(
                "The attendance, output or proceeds of this period changed after the preview. "
                "Preview the run again, check it, then approve."
            ),
            code="stale_preview",
        )
    if run.pool > 0 and not gathered.total_points:
        raise DomainError(
            _("Nobody worked in this workshop in this period: the pool cannot be shared."),
            code="nothing_to_share",
        )
    setting = selectors.setting_for(run.facility)
    percent = setting.spendable_percent
    facility = run.facility
    now = timezone.now()
    today = local(now, facility.timezone).date()
    shares = list(run.shares.select_related("inmate"))
    adjustments = list(run.adjustments.select_related("inmate"))
    negative = sorted({a.inmate_id for a in adjustments if a.amount < 0})
    if negative:
        list(Inmate.objects.select_for_update().filter(pk__in=negative).order_by("pk"))
    balances = selectors.balances_of(negative)
    entries = []
    for share in shares:
        if not share.amount:
            continue
        spendable, savings = _split(share.amount, percent)
        entries.append(
            InmateLedgerEntry(
                facility=facility,
                inmate_id=share.inmate_id,
                kind=EntryKind.CREDIT,
                entry_date=today,
                amount=share.amount,
                spendable=spendable,
                savings=savings,
                run=run,
                share=share,
                created_by=actor,
            )
        )
    for adjustment in adjustments:
        spendable, savings = _split(adjustment.amount, percent)
        if adjustment.amount < 0:
            balance = balances.get(adjustment.inmate_id, selectors.Balance())
            if balance.spendable + spendable < 0 or balance.savings + savings < 0:
                raise DomainError(
                    _(
                        "%(name)s has only %(balance)s left: the correction of %(amount)s "
                        "cannot be taken."
                    )
                    % {
                        "name": adjustment.inmate.name,
                        "balance": format_rupiah(balance.total),
                        "amount": format_rupiah(adjustment.amount),
                    },
                    code="correction_too_large",
                )
            balance.spendable += spendable
            balance.savings += savings
            balances[adjustment.inmate_id] = balance
        entries.append(
            InmateLedgerEntry(
                facility=facility,
                inmate_id=adjustment.inmate_id,
                kind=EntryKind.ADJUSTMENT,
                entry_date=today,
                amount=adjustment.amount,
                spendable=spendable,
                savings=savings,
                run=run,
                adjustment=adjustment,
                note=adjustment.reason[:300],
                created_by=actor,
            )
        )
    before = snapshot(run, RUN_FIELDS)
    run.status = RunStatus.APPROVED
    run.number = next_number(facility, SERIES_RUN, today)
    run.spendable_percent = percent
    run.approved_at = now
    run.approved_by = actor
    run.save()
    InmateLedgerEntry.objects.bulk_create(entries)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=run,
        before=before,
        after=snapshot(run, RUN_FIELDS),
        note=_("Premi run approved"),
    )
    return run


def attendance_day_lock(sender=None, *, workshop: Workshop, date: dt.date, **kwargs) -> str | None:
    """Receiver of karya.programs.signals.attendance_day_locks: a day an approved premi run of
    the workshop used is closed to changes. Locks the workshop's row first, so an approval
    and an attendance save of the same workshop never interleave."""
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    run = selectors.approved_runs_covering(workshop=workshop, date=date).first()
    if run is None:
        return None
    return _(
        "The premi of %(date)s was approved in run %(number)s: this day's attendance and "
        "output can no longer be corrected. Record a correction in a later premi run."
    ) % {"date": tanggal(date), "number": run.number}
