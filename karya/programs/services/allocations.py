"""The waiting list and allocations: suitability rules, overrides and guarded transitions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.accounts.permissions import Perm, access_for
from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, audited_create, audited_update, snapshot
from karya.core.dates import tanggal, today_in
from karya.core.errors import Conflict, DomainError
from karya.inmates.choices import Departure
from karya.inmates.models import Inmate
from karya.programs.choices import (
    OPEN_ALLOCATION_STATUSES,
    SESSION_OVERLAPS,
    AllocationStatus,
    ApplicationStatus,
    EndReason,
    SuitabilityRule,
)
from karya.programs.models import CLASS_RANK, Allocation, Application, Workshop

END_REASON_FOR_DEPARTURE = {
    Departure.RELEASED: EndReason.RELEASED,
    Departure.TRANSFERRED: EndReason.TRANSFERRED,
    Departure.DECEASED: EndReason.OTHER,
    Departure.OTHER: EndReason.OTHER,
}


@dataclass(frozen=True)
class RuleFailure:
    """A suitability rule the inmate does not meet, explained for the officer."""

    rule: str
    message: str
    overridable: bool = True


def suitability_failures(
    *,
    workshop: Workshop,
    inmate: Inmate,
    session: str,
    start_date: dt.date,
    exclude: Allocation | None = None,
    planned: int = 0,
) -> list[RuleFailure]:
    """Every rule the inmate fails for this workshop, session and start date (empty: suitable).

    `planned` counts allocations being made in the same batch, for the capacity rule.
    """
    failures: list[RuleFailure] = []
    if not inmate.is_present:
        failures.append(
            RuleFailure(
                SuitabilityRule.PRESENT,
                _("%(name)s has left the unit (%(reason)s).")
                % {"name": inmate.name, "reason": inmate.get_departure_display()},
                overridable=False,
            )
        )
    if CLASS_RANK[inmate.security_class] < CLASS_RANK[workshop.min_security_class]:
        failures.append(
            RuleFailure(
                SuitabilityRule.CLASSIFICATION,
                _("Classification %(inmate)s is below the workshop's minimum (%(workshop)s).")
                % {
                    "inmate": inmate.get_security_class_display(),
                    "workshop": workshop.get_min_security_class_display(),
                },
            )
        )
    if inmate.stage not in workshop.allowed_stages:
        failures.append(
            RuleFailure(
                SuitabilityRule.STAGE,
                _("Pembinaan stage “%(stage)s” is not allowed in this workshop.")
                % {"stage": inmate.get_stage_display() or _("not set")},
            )
        )
    if (
        inmate.expected_release
        and (inmate.expected_release - start_date).days <= workshop.release_margin_days
    ):
        failures.append(
            RuleFailure(
                SuitabilityRule.RELEASE,
                _("Expected release on %(date)s, within %(days)s days of the start.")
                % {"date": tanggal(inmate.expected_release), "days": workshop.release_margin_days},
            )
        )
    clashing = Allocation.objects.filter(
        inmate=inmate,
        status__in=OPEN_ALLOCATION_STATUSES,
        session__in=SESSION_OVERLAPS[session],
    ).select_related("workshop")
    if exclude is not None:
        clashing = clashing.exclude(pk=exclude.pk)
    other = clashing.first()
    if other is not None:
        failures.append(
            RuleFailure(
                SuitabilityRule.SESSION,
                _("Already allocated to %(workshop)s in the %(session)s session.")
                % {"workshop": other.workshop.name, "session": other.get_session_display()},
            )
        )
    taken = Allocation.objects.filter(workshop=workshop, status__in=OPEN_ALLOCATION_STATUSES)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.count() + planned >= workshop.capacity:
        failures.append(
            RuleFailure(
                SuitabilityRule.CAPACITY,
                _("The workshop is full (%(capacity)s places).") % {"capacity": workshop.capacity},
            )
        )
    return failures


def _apply_overrides(actor, workshop, failures, overrides: dict[str, str]) -> list[dict]:
    """Check that every failure is overridden with a reason by someone allowed to; return the
    override records to keep on the allocation."""
    blocking = []
    records = []
    for failure in failures:
        reason = (overrides or {}).get(failure.rule, "").strip()
        if failure.overridable and reason:
            records.append(
                {
                    "rule": failure.rule,
                    "message": failure.message,
                    "reason": reason,
                    "by": actor.username if actor else "",
                    "at": timezone.now().isoformat(),
                }
            )
        else:
            blocking.append(failure)
    if records and not access_for(actor).can(Perm.ALLOCATION_OVERRIDE, workshop.facility):
        raise DomainError(
            _("Only the head of the unit may override a rule."), code="override_forbidden"
        )
    if blocking:
        raise DomainError(
            _("The inmate does not meet the workshop's rules: %(rules)s")
            % {"rules": " ".join(f.message for f in blocking)},
            code="unsuitable",
            details=[f"{f.rule}: {f.message}" for f in blocking],
        )
    return records


def _check_session(workshop: Workshop, session: str) -> None:
    if session not in workshop.sessions:
        raise DomainError(_("The workshop does not work in this session."), field="session")


def suitability_check(
    *, workshop: Workshop, inmate: Inmate, session: str, start_date: dt.date, planned: int = 0
) -> list[RuleFailure]:
    """What `allocation_create` checks, without writing: a session the workshop does not work
    or an inmate of another unit is an error; then every rule the inmate fails."""
    _check_session(workshop, session)
    if inmate.facility_id != workshop.facility_id:
        raise DomainError(_("The inmate is not in this unit."), field="inmate")
    return suitability_failures(
        workshop=workshop, inmate=inmate, session=session, start_date=start_date, planned=planned
    )


@transaction.atomic
def application_create(
    *, actor, workshop: Workshop, inmate: Inmate, session: str, note: str = ""
) -> Application:
    """Put an inmate on a workshop's waiting list. Side effect: an audit row."""
    _check_session(workshop, session)
    if inmate.facility_id != workshop.facility_id:
        raise DomainError(_("The inmate is not in this unit."), field="inmate")
    if not inmate.is_present:
        raise DomainError(_("The inmate has left the unit."), field="inmate")
    if Application.objects.filter(
        workshop=workshop, inmate=inmate, status=ApplicationStatus.WAITING
    ).exists():
        raise Conflict(
            _("The inmate is already on this workshop's waiting list."),
            code="duplicate",
            field="inmate",
        )
    # Not `audited_create(note=...)`: there `note` is the audit row's note, not the field.
    application = Application(
        facility=workshop.facility,
        workshop=workshop,
        inmate=inmate,
        session=session,
        note=note.strip()[:300],
        created_by=actor,
    )
    application.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=application,
        after=snapshot(application),
    )
    return application


@transaction.atomic
def application_decline(*, actor, application: Application, reason: str) -> Application:
    """Decline a waiting application with a reason. Side effect: an audit row."""
    if application.status != ApplicationStatus.WAITING:
        raise DomainError(_("This application was already decided."), code="decided")
    if not reason.strip():
        raise DomainError(_("Give the reason for declining."), field="reason")
    return audited_update(
        actor=actor,
        instance=application,
        status=ApplicationStatus.DECLINED,
        decline_reason=reason.strip(),
        decided_by=actor,
        decided_at=timezone.now(),
    )


@transaction.atomic
def allocation_create(
    *,
    actor,
    workshop: Workshop,
    inmate: Inmate,
    session: str,
    start_date: dt.date,
    overrides: dict[str, str] | None = None,
    application: Application | None = None,
    planned: int = 0,
    start_if_due: bool = False,
) -> Allocation:
    """Allocate an inmate to a workshop (state PENDING; `allocation_start` makes it ACTIVE;
    with `start_if_due`, it starts at once when its start date has come in the unit's zone).

    Every suitability rule is checked; a failed rule blocks unless overridden with a written
    reason by a head (kept on the allocation). The workshop row is locked so that two officers
    cannot fill the last place twice. Side effects: audit rows; an application is approved.
    """
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    failures = suitability_check(
        workshop=workshop, inmate=inmate, session=session, start_date=start_date, planned=planned
    )
    records = _apply_overrides(actor, workshop, failures, overrides or {})
    allocation = audited_create(
        actor=actor,
        model=Allocation,
        facility=workshop.facility,
        workshop=workshop,
        inmate=inmate,
        session=session,
        start_date=start_date,
        overrides=records,
        application=application,
        created_by=actor,
        status=AllocationStatus.PENDING,
    )
    if application is not None:
        audited_update(
            actor=actor,
            instance=application,
            status=ApplicationStatus.APPROVED,
            decided_by=actor,
            decided_at=timezone.now(),
        )
    if start_if_due and start_date <= today_in(workshop.facility.timezone):
        allocation = allocation_start(actor=actor, allocation=allocation)
    return allocation


@dataclass
class BatchResult:
    created: list[Allocation]
    refused: list[tuple[Application, str]]


def applications_approve(
    *,
    actor,
    applications: Iterable[Application],
    start_date: dt.date,
    start_now: bool = True,
) -> BatchResult:
    """Approve several waiting applications at once. Each one that meets every rule becomes an
    allocation (started at once when `start_now` and the date has come); the others stay on
    the waiting list and are returned with the reason. Each allocation is its own
    transaction."""
    result = BatchResult(created=[], refused=[])
    for application in applications:
        if application.status != ApplicationStatus.WAITING:
            result.refused.append((application, _("This application was already decided.")))
            continue
        try:
            with transaction.atomic():
                allocation = allocation_create(
                    actor=actor,
                    workshop=application.workshop,
                    inmate=application.inmate,
                    session=application.session,
                    start_date=start_date,
                    application=application,
                )
                if start_now and start_date <= today_in(application.workshop.facility.timezone):
                    allocation = allocation_start(actor=actor, allocation=allocation)
        except DomainError as error:
            result.refused.append((application, error.message))
        else:
            result.created.append(allocation)
    return result


def _locked(allocation: Allocation) -> Allocation:
    return (
        Allocation.objects.select_for_update()
        .select_related("workshop", "inmate")
        .get(pk=allocation.pk)
    )


def _check_move(allocation: Allocation, status: str, *, only_from: str | None = None) -> None:
    if not allocation.can_move_to(status) or (only_from and allocation.status != only_from):
        raise DomainError(
            _("An allocation cannot go from %(from)s to %(to)s.")
            % {"from": allocation.get_status_display(), "to": AllocationStatus(status).label},
            code="illegal_transition",
        )


def _move(
    actor, allocation: Allocation, status: str, *, only_from: str | None = None, **fields
) -> Allocation:
    current = _locked(allocation)
    _check_move(current, status, only_from=only_from)
    audited_update(actor=actor, instance=current, status=status, **fields)
    return current


@transaction.atomic
def allocation_start(*, actor, allocation: Allocation) -> Allocation:
    """PENDING → ACTIVE, on or after its start date. The inmate must still be in the unit."""
    _check_move(allocation, AllocationStatus.ACTIVE, only_from=AllocationStatus.PENDING)
    if allocation.start_date > today_in(allocation.workshop.facility.timezone):
        raise DomainError(
            _("The allocation starts on %(date)s.") % {"date": tanggal(allocation.start_date)},
            code="not_yet",
        )
    if not allocation.inmate.is_present:
        raise DomainError(_("The inmate has left the unit."), code="unsuitable")
    return _move(actor, allocation, AllocationStatus.ACTIVE, only_from=AllocationStatus.PENDING)


@transaction.atomic
def allocation_suspend(*, actor, allocation: Allocation, with_pay: bool, reason: str) -> Allocation:
    """ACTIVE → SUSPENDED, with or without pay, with a reason."""
    if not reason.strip():
        raise DomainError(_("Give the reason for the suspension."), field="reason")
    return _move(
        actor,
        allocation,
        AllocationStatus.SUSPENDED,
        suspended_with_pay=with_pay,
        suspension_reason=reason.strip(),
    )


@transaction.atomic
def allocation_resume(*, actor, allocation: Allocation) -> Allocation:
    """SUSPENDED → ACTIVE."""
    return _move(
        actor,
        allocation,
        AllocationStatus.ACTIVE,
        only_from=AllocationStatus.SUSPENDED,
        suspended_with_pay=None,
        suspension_reason="",
    )


@transaction.atomic
def allocation_end(
    *, actor, allocation: Allocation, reason: str, end_date: dt.date, note: str = ""
) -> Allocation:
    """Any open state → ENDED with an end reason and date (not before the start)."""
    if reason not in EndReason.values:
        raise DomainError(_("Choose the reason the allocation ends."), field="reason")
    if end_date < allocation.start_date:
        raise DomainError(_("The end date cannot be before the start date."), field="end_date")
    return _move(
        actor,
        allocation,
        AllocationStatus.ENDED,
        end_reason=reason,
        end_date=end_date,
        end_note=note,
    )


def allocations_end_for_departures(
    sender=None, *, inmates: Iterable[Inmate], actor=None, **kwargs
) -> int:
    """End every open allocation of inmates who left the unit, with the matching reason and
    their date of leaving. Runs inside the registry's transaction. Returns how many ended."""
    ended = 0
    by_id = {inmate.pk: inmate for inmate in inmates if inmate.departed_on}
    if not by_id:
        return 0
    open_allocations = Allocation.objects.filter(
        inmate_id__in=list(by_id), status__in=OPEN_ALLOCATION_STATUSES
    ).select_for_update()
    for allocation in open_allocations:
        inmate = by_id[allocation.inmate_id]
        end_date = max(inmate.departed_on, allocation.start_date)
        audited_update(
            actor=actor,
            instance=allocation,
            status=AllocationStatus.ENDED,
            end_reason=END_REASON_FOR_DEPARTURE[Departure(inmate.departure)],
            end_date=end_date,
            end_note=_("Ended by the registry: the inmate left the unit."),
        )
        ended += 1
    return ended
