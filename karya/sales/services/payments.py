"""Money received for sales, and money paid back.

A payment is divided over its sale's lines (largest remainder, karya.core.money) into
`PaymentAllocation` rows: the amount per product and workshop that the finance area splits into
PNBP, premi and capital (`karya.sales.signals.money_received`, sent in the same transaction).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, snapshot
from karya.core.dates import local
from karya.core.errors import Conflict, DomainError
from karya.core.money import format_rupiah, rupiah, split_largest_remainder
from karya.core.numbering import next_number
from karya.sales.choices import SERIES_RECEIPT, PaymentMethod
from karya.sales.models import Payment, PaymentAllocation, Sale
from karya.sales.signals import money_received

REFERENCE_MAX = Payment._meta.get_field("reference").max_length
MAX_TENDERED = Decimal(10) ** 13  # what Decimal(14, 0) holds, roughly


def sale_paid(sale: Sale) -> Decimal:
    """What has been received for the sale, refunds deducted."""
    return Payment.objects.filter(sale=sale).aggregate(total=Sum("amount"))["total"] or Decimal(0)


def sale_outstanding(sale: Sale) -> Decimal:
    """What is still owed on the sale (0 for a cancelled one: its reversal owes nothing)."""
    if sale.reverses_id is not None or Sale.objects.filter(reverses=sale).exists():
        return Decimal(0)
    return max(sale.total - sale_paid(sale), Decimal(0))


def _clean_amount(amount) -> Decimal:
    try:
        value = rupiah(amount)
        if value != Decimal(str(amount).strip()):  # a fraction of a rupiah is not rounded away
            raise ValueError(amount)
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise DomainError(_("Give the amount in whole rupiah."), field="amount") from exc
    if value <= 0:
        raise DomainError(_("Give an amount above Rp 0."), field="amount")
    return value


def clean_tendered(tendered, amount: Decimal, method: str, field: str = "tendered"):
    """Cash handed over at the counter: None, or whole rupiah, at least the amount; cash
    only. `field` names the field in errors."""
    if tendered in (None, ""):
        return None
    if method != PaymentMethod.CASH:
        raise DomainError(_("Cash handed over is recorded for cash payments only."), field=field)
    try:
        value = rupiah(tendered)
        if value != Decimal(str(tendered).strip()):
            raise ValueError(tendered)
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise DomainError(_("Give the cash handed over in whole rupiah."), field=field) from exc
    if value < amount:
        raise DomainError(
            _("The cash handed over (%(tendered)s) is less than the amount to pay (%(amount)s).")
            % {"tendered": format_rupiah(value), "amount": format_rupiah(amount)},
            field=field,
            code="tendered_too_little",
        )
    if value > MAX_TENDERED:
        raise DomainError(_("The cash handed over is too large."), field=field)
    return value


def _allocate(payment: Payment, sale: Sale, amount: Decimal) -> list[PaymentAllocation]:
    """Divide a signed amount over the sale's lines in proportion to their amounts."""
    lines = list(sale.lines.all())
    weights = [abs(line.amount) for line in lines]
    if not any(weights):  # everything given away at Rp 0: nothing to divide
        return []
    parts = split_largest_remainder(abs(amount), weights)
    sign = 1 if amount > 0 else -1
    paid_on = local(payment.paid_at, payment.facility.timezone).date()
    rows = []
    for line, part in zip(lines, parts, strict=True):
        if not part:
            continue
        cost = abs(line.quantity) * line.unit_cost
        share_of_cost = rupiah(cost * part / abs(line.amount)) if line.amount else Decimal(0)
        rows.append(
            PaymentAllocation(
                facility_id=payment.facility_id,
                payment=payment,
                sale_line=line,
                product_id=line.product_id,
                workshop_id=line.workshop_id,
                amount=sign * part,
                material_cost=sign * min(share_of_cost, part),
                paid_on=paid_on,
            )
        )
    return PaymentAllocation.objects.bulk_create(rows)


def _create(*, actor, sale: Sale, amount: Decimal, **fields) -> Payment:
    facility = sale.facility
    paid_at = fields.pop("paid_at")
    payment = Payment.objects.create(
        facility=facility,
        number=next_number(facility, SERIES_RECEIPT, local(paid_at, facility.timezone).date()),
        sale=sale,
        paid_at=paid_at,
        amount=amount,
        created_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )
    allocations = _allocate(payment, sale, amount)
    audit_record(
        actor=actor, action=AuditEntry.Action.CREATE, instance=payment, after=snapshot(payment)
    )
    money_received.send(sender=Payment, payment=payment, allocations=allocations, actor=actor)
    return payment


def payment_record(
    *,
    actor,
    sale: Sale,
    amount: Decimal | int | str,
    method: str,
    paid_at: dt.datetime | None = None,
    payer_name: str = "",
    reference: str = "",
    note: str = "",
    tendered: Decimal | int | str | None = None,
) -> Payment:
    """Record money received for a sale (whole or in part) and number its receipt
    (KW/<unit>/<yyyy>/<mm>/<nnnn>).

    Refused: a reversed or reversing sale, an amount that is not whole rupiah above 0 or that is
    more than is still owed, an unknown method, a transfer or QRIS payment without its
    reference, a payment dated in the future, cash handed over (`tendered`, cash only) that
    is less than the amount. The sale row is locked first, so two cashiers
    cannot both take the last amount owed. Side effects: the payment, its allocations, the
    audit row, `money_received` (the finance split).
    """
    amount = _clean_amount(amount)
    if method not in PaymentMethod.values:
        raise DomainError(_("Choose how it was paid."), field="method")
    reference = (reference or "").strip()
    if method != PaymentMethod.CASH and not reference:
        raise DomainError(
            _("Give the transfer or QRIS reference of the payment."), field="reference"
        )
    if len(reference) > REFERENCE_MAX:
        raise DomainError(
            _("At most %(max)s characters.") % {"max": REFERENCE_MAX}, field="reference"
        )
    tendered = clean_tendered(tendered, amount, method)
    paid_at = paid_at or timezone.now()
    if paid_at > timezone.now() + dt.timedelta(minutes=5):
        raise DomainError(_("A payment cannot be dated in the future."), field="paid_at")
    with transaction.atomic():
        sale = Sale.objects.select_for_update().get(pk=sale.pk)
        if sale.reverses_id is not None or Sale.objects.filter(reverses=sale).exists():
            raise Conflict(_("This sale has been cancelled."), code="sale_cancelled")
        owed = sale_outstanding(sale)
        if amount > owed:
            raise DomainError(
                _("Only %(owed)s is still owed on %(sale)s.")
                % {"owed": format_rupiah(owed), "sale": sale.number},
                field="amount",
                code="overpayment",
            )
        return _create(
            actor=actor,
            sale=sale,
            amount=amount,
            paid_at=paid_at,
            method=method,
            payer_name=(payer_name or "").strip()[:200],
            reference=reference,
            tendered=tendered,
            note=(note or "").strip()[:300],
        )


def payment_refund(
    *,
    actor,
    payment: Payment,
    amount: Decimal | int | str | None = None,
    reason: str,
    paid_at: dt.datetime | None = None,
) -> Payment:
    """Pay money back (a refund): a negative payment of the same sale and method naming the
    payment refunded, by default all of it that has not been refunded yet. Refused: a refund
    of a refund, more than is left of the payment, no reason. Side effects: the refund, its
    negative allocations (the finance split is undone by the same rule), the audit row,
    `money_received`."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the money is paid back."), field="reason")
    if payment.reverses_id is not None:
        raise Conflict(_("A refund cannot be refunded."), code="illegal_transition")
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        refunded = -(payment.refunds.aggregate(total=Sum("amount"))["total"] or Decimal(0))
        left = payment.amount - refunded
        amount = left if amount in (None, "") else _clean_amount(amount)
        if amount <= 0 or amount > left:
            raise DomainError(
                _("At most %(left)s of %(payment)s can still be paid back.")
                % {"left": format_rupiah(left), "payment": payment.number},
                field="amount",
                code="over_refund",
            )
        return _create(
            actor=actor,
            sale=payment.sale,
            amount=-amount,
            paid_at=paid_at or timezone.now(),
            method=payment.method,
            payer_name=payment.payer_name,
            reference=payment.reference,
            reverses=payment,
            note=reason[:300],
        )
