"""Money leaving an inmate's ledger: withdrawals from the spendable part (canteen, a transfer
to the family) and the payout of everything left when the inmate is released.

Both lock the inmate's row before reading the balance, so two withdrawals at the same moment
wait for each other and the second one sees what the first took: a balance never goes
negative. Each entry gets a receipt number (PRM-TRK/… for a withdrawal, PRM-BYR/… for a
payout) and records how the money was paid (the unit's channel unless said otherwise) with
the card or account reference.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, snapshot
from karya.core.dates import local
from karya.core.errors import Conflict, DomainError
from karya.core.money import format_rupiah, parse_rupiah, rupiah
from karya.core.numbering import next_number
from karya.inmates.models import Inmate
from karya.premi import selectors
from karya.premi.choices import (
    SERIES_PAYOUT,
    SERIES_WITHDRAWAL,
    EntryKind,
    PayoutChannel,
    WithdrawalPurpose,
)
from karya.premi.models import InmateLedgerEntry

ENTRY_FIELDS = (
    "inmate",
    "kind",
    "amount",
    "spendable",
    "savings",
    "purpose",
    "channel",
    "channel_reference",
    "recipient",
    "receipt_number",
    "note",
)
REFERENCE_MAX = InmateLedgerEntry._meta.get_field("channel_reference").max_length
RECIPIENT_MAX = InmateLedgerEntry._meta.get_field("recipient").max_length
NOTE_MAX = InmateLedgerEntry._meta.get_field("note").max_length


class InsufficientBalance(Conflict):
    """More was asked than the inmate's spendable balance holds."""

    def __init__(self, message: str, *, available: Decimal) -> None:
        super().__init__(message, code="insufficient_balance", field="amount")
        self.available = available


def _whole_rupiah(amount) -> Decimal:
    """An amount as typed (`15.000`) or given (Decimal, int); a fraction of a rupiah is refused."""
    try:
        if isinstance(amount, str):
            return parse_rupiah(amount)
        value = rupiah(amount)
        if value != Decimal(amount):
            raise ValueError(amount)
        return value
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise DomainError(_("Give the amount in whole rupiah."), field="amount") from exc


def _clean_text(value: str, limit: int, field: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise DomainError(_("At most %(max)s characters.") % {"max": limit}, field=field)
    return value


def _channel(facility, channel: str | None, reference: str) -> tuple[str, str]:
    channel = channel or selectors.setting_for(facility).payout_channel
    if channel not in PayoutChannel.values:
        raise DomainError(_("Choose how the money is paid."), field="channel")
    reference = _clean_text(reference, REFERENCE_MAX, "channel_reference")
    if channel != PayoutChannel.CASH and not reference:
        raise DomainError(
            _("Give the number of the e-money card or of the savings account."),
            field="channel_reference",
        )
    return channel, reference


def _locked(inmate: Inmate) -> Inmate:
    return (
        Inmate.objects.select_for_update(of=("self",)).select_related("facility").get(pk=inmate.pk)
    )


def _write(actor, entry: InmateLedgerEntry) -> InmateLedgerEntry:
    entry.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=entry,
        after=snapshot(entry, ENTRY_FIELDS),
    )
    return entry


@transaction.atomic
def ledger_withdraw(
    *,
    actor,
    inmate: Inmate,
    amount: Decimal | int | str,
    purpose: str,
    channel: str | None = None,
    channel_reference: str = "",
    recipient: str = "",
    note: str = "",
) -> InmateLedgerEntry:
    """Take money from the inmate's spendable part (canteen, a transfer to the family).

    Refused: an amount that is not whole rupiah above 0, more than the spendable balance
    (InsufficientBalance, with what is available; savings are never touched), an unknown
    purpose, a card or account channel without its number, a family transfer without the
    recipient. Side effects: the entry with its receipt number, an audit row.
    """
    value = _whole_rupiah(amount)
    if value <= 0:
        raise DomainError(_("Give an amount above Rp 0."), field="amount")
    if purpose not in WithdrawalPurpose.values:
        raise DomainError(_("Choose what the money is for."), field="purpose")
    recipient = _clean_text(recipient, RECIPIENT_MAX, "recipient")
    if purpose == WithdrawalPurpose.FAMILY and not recipient:
        raise DomainError(_("Name the family member who receives it."), field="recipient")
    inmate = _locked(inmate)
    facility = inmate.facility
    channel, reference = _channel(facility, channel, channel_reference)
    balance = selectors.balance_of(inmate)
    if value > balance.spendable:
        raise InsufficientBalance(
            _("%(name)s can spend only %(available)s; the rest is savings for the release.")
            % {"name": inmate.name, "available": format_rupiah(balance.spendable)},
            available=balance.spendable,
        )
    today = local(timezone.now(), facility.timezone).date()
    return _write(
        actor,
        InmateLedgerEntry(
            facility=facility,
            inmate=inmate,
            kind=EntryKind.WITHDRAWAL,
            entry_date=today,
            amount=-value,
            spendable=-value,
            savings=0,
            purpose=purpose,
            channel=channel,
            channel_reference=reference,
            recipient=recipient,
            receipt_number=next_number(facility, SERIES_WITHDRAWAL, today),
            note=_clean_text(note, NOTE_MAX, "note"),
            created_by=actor,
        ),
    )


@transaction.atomic
def ledger_release_payout(
    *,
    actor,
    inmate: Inmate,
    channel: str | None = None,
    channel_reference: str = "",
    recipient: str = "",
    note: str = "",
) -> InmateLedgerEntry:
    """Pay an inmate who has left the unit everything left on their ledger (spendable and
    savings), through the unit's channel unless another is given, with the card or account
    number. The receipt (PRM-BYR/…) is printed for the inmate to sign.

    Refused: an inmate still in the unit (the registry marks the release first), a ledger with
    nothing left. Side effects: the entry, an audit row.
    """
    inmate = _locked(inmate)
    if inmate.departed_on is None:
        raise DomainError(
            _("%(name)s is still in the unit: record the release in the registry first.")
            % {"name": inmate.name},
            code="not_released",
        )
    facility = inmate.facility
    channel, reference = _channel(facility, channel, channel_reference)
    balance = selectors.balance_of(inmate)
    if balance.total <= 0:
        raise Conflict(
            _("Nothing is left to pay %(name)s.") % {"name": inmate.name}, code="nothing_left"
        )
    today = local(timezone.now(), facility.timezone).date()
    return _write(
        actor,
        InmateLedgerEntry(
            facility=facility,
            inmate=inmate,
            kind=EntryKind.PAYOUT,
            entry_date=today,
            amount=-balance.total,
            spendable=-balance.spendable,
            savings=-balance.savings,
            channel=channel,
            channel_reference=reference,
            recipient=_clean_text(recipient, RECIPIENT_MAX, "recipient") or inmate.name,
            receipt_number=next_number(facility, SERIES_PAYOUT, today),
            note=_clean_text(note, NOTE_MAX, "note"),
            created_by=actor,
        ),
    )
