"""The agreement's life: EXPLORATION → MOU → PKS → EXPIRED / TERMINATED, with the head's
approval for MoU and PKS, and its schemes. Products, documents and obligations are in
agreement_terms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.accounts.permissions import Perm, access_for
from karya.audit.services import audited_create, audited_update
from karya.core.dates import tanggal, today_in
from karya.core.errors import Conflict, DomainError
from karya.partners.choices import (
    APPROVED_MOVES,
    DIRECT_MOVES,
    OPEN_STATUSES,
    AgreementStatus,
    Scheme,
)
from karya.partners.models import Agreement, Partner

PKS_YEARS = 5


def _check_terms(fields: dict[str, Any]) -> None:
    schemes = fields.get("schemes")
    if schemes is not None:
        unknown = set(schemes) - set(Scheme.values)
        if unknown:
            raise DomainError(_("Unknown scheme."), field="schemes")
        fields["schemes"] = [s for s in Scheme.values if s in set(schemes)]
    commission = fields.get("commission_percent")
    if commission is not None and not Decimal(0) <= Decimal(commission) <= Decimal(100):
        raise DomainError(
            _("The commission is a percentage from 0 to 100."), field="commission_percent"
        )


def pks_end_date(start: dt.date) -> dt.date:
    """The default end of a PKS: the day before the same date PKS_YEARS later (a PKS that
    starts on 29 February ends on 28 February)."""
    try:
        anniversary = start.replace(year=start.year + PKS_YEARS)
    except ValueError:  # 29 February, and the later year is not a leap year
        anniversary = dt.date(start.year + PKS_YEARS, 3, 1)
    return anniversary - dt.timedelta(days=1)


def _locked(agreement: Agreement) -> Agreement:
    return (
        Agreement.objects.select_for_update()
        .select_related("partner", "facility")
        .get(pk=agreement.pk)
    )


@transaction.atomic
def agreement_create(
    *, actor, partner: Partner, title: str, renewal_of: Agreement | None = None, **fields: Any
) -> Agreement:
    """Open an agreement with a partner at EXPLORATION (penjajakan). A renewal names the
    agreement it renews, which must be a PKS or an expired one of the same partner.
    Side effect: an audit row."""
    _check_terms(fields)
    if renewal_of is not None:
        if renewal_of.partner_id != partner.pk:
            raise DomainError(_("A renewal is with the same partner."), field="renewal_of")
        if renewal_of.status not in (AgreementStatus.PKS, AgreementStatus.EXPIRED):
            raise DomainError(
                _("Only an active or expired PKS can be renewed."), field="renewal_of"
            )
        if Agreement.objects.filter(renewal_of=renewal_of).exists():
            raise Conflict(
                _("This agreement was already renewed."), code="duplicate", field="renewal_of"
            )
    return audited_create(
        actor=actor,
        model=Agreement,
        facility_id=partner.facility_id,
        partner=partner,
        title=title.strip(),
        renewal_of=renewal_of,
        created_by=actor,
        **fields,
    )


# What `agreement_update` never changes: the status and its approval, the dates an approval
# or an ending sets, and who the agreement is with.
PROTECTED_FIELDS = frozenset(
    {
        "status",
        "pending_status",
        "requested_by",
        "requested_at",
        "mou_signed_on",
        "pks_signed_on",
        "ended_on",
        "end_reason",
        "partner",
        "partner_id",
        "facility",
        "facility_id",
        "renewal_of",
        "renewal_of_id",
        "created_by",
        "created_at",
    }
)


@transaction.atomic
def agreement_update(*, actor, agreement: Agreement, **fields: Any) -> Agreement:
    """Change an agreement's terms (not its status). An ended agreement cannot change.
    Side effect: an audit row of what changed."""
    if agreement.status not in OPEN_STATUSES:
        raise DomainError(_("An ended agreement cannot be changed."), code="ended")
    protected = PROTECTED_FIELDS.intersection(fields)
    if protected:
        raise ValueError(
            f"{sorted(protected)}: use the transition services (or a new agreement) instead."
        )
    _check_terms(fields)
    return audited_update(actor=actor, instance=agreement, **fields)


def _illegal(agreement: Agreement, to: str) -> DomainError:
    target = AgreementStatus(to).label if to in AgreementStatus.values else str(to)
    return DomainError(
        _("An agreement cannot go from %(from)s to %(to)s.")
        % {"from": agreement.get_status_display(), "to": target},
        code="illegal_transition",
    )


@transaction.atomic
def agreement_request(*, actor, agreement: Agreement, to: str) -> Agreement:
    """Ask the head to approve the move to MoU or PKS. Side effect: an audit row; the heads
    of the unit are told in their inbox."""
    from karya.partners.services.reminders import notify_heads

    current = _locked(agreement)
    if to not in APPROVED_MOVES.get(AgreementStatus(current.status), set()):
        raise _illegal(current, to)
    if current.pending_status:
        raise DomainError(_("A move is already waiting for the head's approval."), code="pending")
    audited_update(
        actor=actor,
        instance=current,
        pending_status=to,
        requested_by=actor,
        requested_at=timezone.now(),
    )
    notify_heads(
        current,
        kind="agreement-approval",
        title=_("Approval asked: %(title)s to %(to)s")
        % {"title": current.title, "to": AgreementStatus(to).label},
    )
    return current


@transaction.atomic
def agreement_approve(
    *,
    actor,
    agreement: Agreement,
    signed_on: dt.date,
    number: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> Agreement:
    """The head approves the waiting move: MoU (signed on) or PKS (signed on, start and end,
    5 years by default). Only a head may approve. Side effect: an audit row."""
    current = _locked(agreement)
    if not access_for(actor).can(Perm.AGREEMENT_APPROVE, current.facility):
        raise DomainError(
            _("Only the head of the unit approves an MoU or a PKS."), code="approval_forbidden"
        )
    to = current.pending_status
    if not to:
        raise DomainError(_("No move is waiting for approval."), code="nothing_pending")
    if signed_on > today_in(current.facility.timezone):
        raise DomainError(_("The signing date cannot be in the future."), field="signed_on")
    fields: dict[str, Any] = {
        "status": to,
        "pending_status": "",
        "number": number.strip() or current.number,
    }
    if to == AgreementStatus.MOU:
        fields["mou_signed_on"] = signed_on
    else:
        if current.mou_signed_on and signed_on < current.mou_signed_on:
            raise DomainError(
                _("The PKS cannot be signed before the MoU (%(date)s).")
                % {"date": tanggal(current.mou_signed_on)},
                field="signed_on",
            )
        start = start_date or signed_on
        end = end_date or pks_end_date(start)
        if end < start:
            raise DomainError(_("The end date cannot be before the start date."), field="end_date")
        fields.update(pks_signed_on=signed_on, start_date=start, end_date=end)
    return audited_update(actor=actor, instance=current, **fields)


@transaction.atomic
def agreement_reject(*, actor, agreement: Agreement, reason: str) -> Agreement:
    """The head sends a waiting move back, with a reason. Side effects: an audit row; the
    officer who asked is told the reason in their inbox."""
    current = _locked(agreement)
    if not access_for(actor).can(Perm.AGREEMENT_APPROVE, current.facility):
        raise DomainError(
            _("Only the head of the unit approves an MoU or a PKS."), code="approval_forbidden"
        )
    if not current.pending_status:
        raise DomainError(_("No move is waiting for approval."), code="nothing_pending")
    if not reason.strip():
        raise DomainError(_("Give the reason."), field="reason")
    asked, requester = current.get_pending_status_display(), current.requested_by
    audited_update(
        actor=actor, instance=current, pending_status="", audit_note=reason.strip()[:300]
    )
    if requester is not None:
        from karya.partners.services.reminders import notify_users

        notify_users(
            current,
            [requester],
            kind="agreement-rejected",
            title=_("Not approved: %(title)s as %(to)s") % {"title": current.title, "to": asked},
            body=reason.strip(),
        )
    return current


@transaction.atomic
def agreement_end(
    *, actor, agreement: Agreement, to: str, ended_on: dt.date, reason: str = ""
) -> Agreement:
    """EXPIRED (a PKS, the day after its end date at the earliest) or TERMINATED (any open
    agreement, with a reason). The date it ended cannot be in the future: the status changes
    now. Side effect: an audit row."""
    current = _locked(agreement)
    if to not in DIRECT_MOVES.get(AgreementStatus(current.status), set()):
        raise _illegal(current, to)
    if to == AgreementStatus.TERMINATED and not reason.strip():
        raise DomainError(_("Give the reason the agreement is terminated."), field="reason")
    if ended_on > today_in(current.facility.timezone):
        raise DomainError(_("The date cannot be in the future."), field="ended_on")
    if to == AgreementStatus.EXPIRED and current.end_date and ended_on <= current.end_date:
        raise DomainError(_("A PKS expires only after its end date."), field="ended_on")
    return audited_update(
        actor=actor,
        instance=current,
        status=to,
        pending_status="",
        ended_on=ended_on,
        end_reason=reason.strip(),
    )


def agreements_expire_due(*, today_by_facility=None) -> int:
    """Mark every PKS whose end date has passed (in its unit's zone) as EXPIRED; returns how
    many. Run by `karya remind`."""
    expired = 0
    for agreement in Agreement.objects.filter(
        status=AgreementStatus.PKS, end_date__isnull=False
    ).select_related("facility"):
        today = today_in(agreement.facility.timezone)
        if agreement.end_date < today:
            agreement_end(
                actor=None,
                agreement=agreement,
                to=AgreementStatus.EXPIRED,
                ended_on=agreement.end_date + dt.timedelta(days=1),
            )
            expired += 1
    return expired
