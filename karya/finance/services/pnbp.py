"""PNBP: the deposits the treasurer makes through SIMPONI, and the unit's annual target.

The PNBP payable is not written anywhere: it is the sum of the PNBP parts of the splits
(karya.finance.selectors). A deposit is append-only: recorded once, never changed; one
recorded by mistake is cancelled by a reversing entry (`pnbp_deposit_cancel`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from karya.audit.services import audited_create, audited_update
from karya.core.dates import today_in
from karya.core.errors import Conflict, DomainError
from karya.core.money import rupiah
from karya.finance import formats
from karya.finance.models import PnbpDeposit, PnbpTarget

NOTE_MAX = PnbpDeposit._meta.get_field("note").max_length
MAX_AMOUNT = Decimal(10) ** 13  # ten trillion rupiah: far above any unit's PNBP
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _amount(value, *, allow_zero: bool = False) -> Decimal:
    try:
        amount = rupiah(value)
        whole = amount == Decimal(str(value).strip())
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise DomainError(_("Give the amount in whole rupiah."), field="amount") from exc
    if not whole:
        raise DomainError(_("Give the amount in whole rupiah."), field="amount")
    if amount < 0 or (amount == 0 and not allow_zero) or amount >= MAX_AMOUNT:
        raise DomainError(_("Give an amount above Rp 0."), field="amount")
    return amount


def _standing(**lookup):
    """Deposits anywhere in the country (not reversals) with this billing code or NTPN. Both
    are national (a billing code is issued for one payment to the state): callers answer yes
    or no, nothing of the other unit."""
    return PnbpDeposit.objects.filter(reverses__isnull=True, **lookup)


def _used(**lookup) -> bool:
    """Whether a deposit that was not cancelled has this billing code or NTPN."""
    with scopes_disabled():
        return _standing(**lookup).filter(reversed_by__isnull=True).exists()


def _next_entry(code: str, receipt: str) -> int:
    """How many cancelled deposits carried this billing code or this NTPN before."""
    with scopes_disabled():
        return max(_standing(billing_code=code).count(), _standing(ntpn=receipt).count())


def pnbp_deposit_record(
    *,
    actor,
    facility,
    billing_code: str,
    amount: Decimal | int | str,
    deposited_on: dt.date,
    ntpn: str,
    note: str = "",
) -> PnbpDeposit:
    """Record PNBP paid to the state treasury: the SIMPONI billing code (15 digits), the
    amount, the day paid and the NTPN of the receipt (16 letters and digits). Spaces, dots
    and dashes typed between groups are ignored.

    Refused, with nothing written: a billing code or an NTPN of the wrong form; a billing code
    or an NTPN already recorded for a deposit (in any unit: `duplicate`); an amount that is
    not whole rupiah above 0; a date in the future. Side effects: the deposit, its audit row.
    """
    code = formats.billing_code(billing_code)
    if code is None:
        raise DomainError(
            _("A SIMPONI billing code is %(n)s digits, e.g. 820260131000123.")
            % {"n": formats.BILLING_CODE_LENGTH},
            field="billing_code",
            code="bad_billing_code",
        )
    receipt = formats.ntpn(ntpn)
    if receipt is None:
        raise DomainError(
            _("An NTPN is %(n)s letters and digits, as printed on the deposit receipt.")
            % {"n": formats.NTPN_LENGTH},
            field="ntpn",
            code="bad_ntpn",
        )
    amount = _amount(amount)
    if not isinstance(deposited_on, dt.date):
        raise DomainError(_("Give the day it was deposited."), field="deposited_on")
    if deposited_on > today_in(facility.timezone):
        raise DomainError(_("A deposit cannot be dated in the future."), field="deposited_on")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_("At most %(max)s characters.") % {"max": NOTE_MAX}, field="note")
    if _used(billing_code=code):
        raise Conflict(
            _(
                "Billing code %(code)s has been used for a deposit already: a billing code is "
                "used once. Create a new billing code in SIMPONI."
            )
            % {"code": code},
            field="billing_code",
            code="duplicate",
        )
    if _used(ntpn=receipt):
        raise Conflict(
            _("NTPN %(ntpn)s has been recorded already.") % {"ntpn": receipt},
            field="ntpn",
            code="duplicate",
        )
    try:
        with transaction.atomic():
            return audited_create(
                actor=actor,
                model=PnbpDeposit,
                facility=facility,
                billing_code=code,
                amount=amount,
                deposited_on=deposited_on,
                ntpn=receipt,
                note=note,
                entry=_next_entry(code, receipt),
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as exc:  # recorded meanwhile by someone else
        raise Conflict(
            _("This billing code or NTPN has just been recorded for another deposit."),
            code="duplicate",
        ) from exc


def pnbp_deposit_cancel(*, actor, deposit: PnbpDeposit, reason: str) -> PnbpDeposit:
    """Cancel a deposit recorded by mistake (a wrong amount, day, billing code or NTPN):
    append a reversal with the same billing code, NTPN and day and the amount negated, so the
    month's deposits, the reconciliation and the PNBP realisation no longer count it. The
    deposit itself stays, marked as cancelled; its billing code and NTPN may then be recorded
    again with the right figures.

    Refused, with nothing written: no reason given (or longer than the note allows); a
    reversal (`not_a_deposit`); a deposit already cancelled (`already_cancelled`, also when
    someone cancels it at the same moment). Side effects: the reversal row, its audit row."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the deposit is cancelled."), field="reason")
    if len(reason) > NOTE_MAX:
        raise DomainError(_("At most %(max)s characters.") % {"max": NOTE_MAX}, field="reason")
    if deposit.is_reversal:
        raise DomainError(
            _("This entry cancels a deposit; it cannot be cancelled itself."),
            code="not_a_deposit",
        )
    already = Conflict(_("This deposit has been cancelled already."), code="already_cancelled")
    with transaction.atomic():
        locked = PnbpDeposit.objects.select_for_update().get(pk=deposit.pk)
        if PnbpDeposit.objects.filter(reverses=locked).exists():
            raise already
        try:
            with transaction.atomic():
                return audited_create(
                    actor=actor,
                    model=PnbpDeposit,
                    facility=locked.facility,
                    billing_code=locked.billing_code,
                    amount=-locked.amount,
                    deposited_on=locked.deposited_on,
                    ntpn=locked.ntpn,
                    note=reason,
                    reverses=locked,
                    entry=locked.entry,
                    created_by=actor if getattr(actor, "pk", None) else None,
                )
        except IntegrityError as exc:  # cancelled meanwhile (SQLite has no row lock)
            raise already from exc


def pnbp_target_set(*, actor, facility, year: int, amount: Decimal | int | str) -> PnbpTarget:
    """Set (or revise) the unit's PNBP target for a year. Refused: a year outside 2000–2100,
    an amount that is not whole rupiah from 0. Side effects: the target row (created or
    changed), its audit row (none when nothing changed)."""
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(_("Give a year such as 2026."), field="year")
    amount = _amount(amount, allow_zero=True)
    with transaction.atomic():
        target = PnbpTarget.objects.select_for_update().filter(facility=facility, year=year).first()
        if target is None:
            return audited_create(
                actor=actor, model=PnbpTarget, facility=facility, year=year, amount=amount
            )
        return audited_update(actor=actor, instance=target, amount=amount)
