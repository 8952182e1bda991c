"""Posting a handover (its BAST number and the scheme's stock and money effects) and
reversing a posted one."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, snapshot
from karya.core.errors import Conflict, DomainError
from karya.core.money import format_rupiah
from karya.core.numbering import next_number
from karya.inventory.choices import MoveKind
from karya.inventory.services import (
    InsufficientStock,
    stock_receive,
    stock_take,
    stock_transfer,
)
from karya.inventory.services.moves import available
from karya.partners.models import Agreement
from karya.sales.choices import (
    SERIES_HANDOVER,
    Channel,
    CustomerKind,
    HandoverScheme,
    HandoverStatus,
)
from karya.sales.models import Handover, HandoverLine, Sale
from karya.sales.services.consignment import consignment_location
from karya.sales.services.handovers.common import (
    DEFAULT_PAYMENT_DAYS,
    FUTURE_TOLERANCE,
    PARTY_FIELDS,
    PAYMENT_DAYS_PATTERN,
    _check_agreement,
    _check_draft,
    _check_parties,
    _local_day,
    _locked,
    _text,
    officer_position_for,
)
from karya.sales.services.payments import sale_paid
from karya.sales.services.sales import InvoiceInput, LineInput, sale_create, sale_reverse

# --- posting --------------------------------------------------------------------------------


def invoice_due_on(agreement: Agreement, day: dt.date) -> dt.date:
    """When the partner must pay for a pick-up on `day`: the number of days the agreement's
    payment terms name ("… paling lambat 14 hari …"), else DEFAULT_PAYMENT_DAYS."""
    found = PAYMENT_DAYS_PATTERN.search(agreement.payment_terms or "")
    days = int(found.group(1)) if found else DEFAULT_PAYMENT_DAYS
    return day + dt.timedelta(days=days)


def _shortages(handover: Handover, lines: list[HandoverLine]) -> list[tuple[str, int]]:
    """Every line the source cannot cover now, as ('<product> (<lot>): N unit available, M
    asked for', N) (lines of the same product and lot added up)."""
    wanted: dict[tuple, int] = {}
    for line in lines:
        key = (line.product_id, line.lot_id)
        wanted[key] = wanted.get(key, 0) + line.quantity
    problems = []
    seen = set()
    for line in lines:
        key = (line.product_id, line.lot_id)
        if key in seen:
            continue
        seen.add(key)
        have = available(handover.source, line.product, line.lot)
        if have < wanted[key]:
            what = f"{line.product} ({line.lot.code})" if line.lot_id else str(line.product)
            problems.append(
                (
                    _(
                        "%(product)s: %(available)s %(unit)s available, %(wanted)s %(unit)s "
                        "asked for"
                    )
                    % {
                        "product": what,
                        "available": have,
                        "wanted": wanted[key],
                        "unit": line.product.get_unit_of_measure_display(),
                    },
                    have,
                )
            )
    return problems


def _move_each(lines: list[HandoverLine], move, **common) -> None:
    """One stock move per line (karya.inventory.services), with the arguments they share."""
    for line in lines:
        move(product=line.product, lot=line.lot, quantity=line.quantity, **common)


def _sale_lines(lines: list[HandoverLine], *, maklon: bool) -> list[LineInput]:
    """The sale's lines; under maklon the unit bore no material cost (the partner supplied
    the material), so a split of profit deducts none from the fee."""
    return [
        LineInput(
            line.product, line.quantity, line.unit_price, line.lot, unit_cost=0 if maklon else None
        )
        for line in lines
    ]


def _invoice(handover: Handover) -> InvoiceInput:
    day = _local_day(handover.handed_over_at, handover.facility)
    return InvoiceInput(
        bill_to=handover.partner.legal_name,
        due_on=invoice_due_on(handover.agreement, day),
        partner=handover.partner,
    )


def _post_effects(actor, handover: Handover, lines: list[HandoverLine]) -> None:
    """The scheme's stock and money effects of a posted handover (inside its transaction)."""
    reference = handover.number
    if handover.scheme == HandoverScheme.KONSINYASI:
        destination = consignment_location(actor=actor, partner=handover.partner)
        if not destination.is_active:
            raise DomainError(
                _("%(location)s is no longer in use: put it back in use to consign goods there.")
                % {"location": destination.name},
                field="destination",
            )
        _move_each(
            lines,
            stock_transfer,
            actor=actor,
            source=handover.source,
            destination=destination,
            reference=reference,
        )
        handover.destination = destination
        return
    _move_each(
        lines,
        stock_take,
        actor=actor,
        location=handover.source,
        kind=MoveKind.SOLD,
        reference=reference,
    )
    maklon = handover.scheme == HandoverScheme.MAKLON
    sale_create(
        actor=actor,
        facility=handover.facility,
        channel=Channel.MAKLON if maklon else Channel.HANDOVER,
        lines=_sale_lines(lines, maklon=maklon),
        sold_at=handover.handed_over_at,
        customer_kind=CustomerKind.PARTNER,
        customer_name=handover.partner.legal_name,
        partner=handover.partner,
        handover=handover,
        invoice=_invoice(handover),
        note=(_("Maklon fee, BAST %(number)s") if maklon else _("BAST %(number)s"))
        % {"number": reference},
    )


@transaction.atomic
def handover_post(*, actor, handover: Handover) -> Handover:
    """Post a draft: number it (BAST/<unit>/<yyyy>/<mm>/<nnnn> for the handover's day in the
    unit's zone), make it immutable, and do what the scheme implies (module docstring).

    Refused, with nothing written (no number used either): a posted handover, no lines, an
    agreement no longer open or not in force that day, a head or officer no longer in the unit,
    a handover time not yet come, insufficient stock at the source (the message names every
    product short and the quantity available). The handover row is locked first, so it is
    posted once. Side effects: the stock moves, the sale and invoice (beli putus, maklon), the
    partner's location (konsinyasi, the first time), audit rows."""
    current = _locked(handover)
    _check_draft(current)
    facility = current.facility
    lines = list(current.lines.select_related("product", "lot").order_by("pk"))
    if not lines:
        raise DomainError(_("Add at least one line before posting."), field="lines")
    agreement = Agreement.objects.select_for_update().get(pk=current.agreement_id)
    if current.handed_over_at > timezone.now() + FUTURE_TOLERANCE:
        raise DomainError(
            _("The handover is dated in the future: post it once the goods have been handed over."),
            field="handed_over_at",
        )
    _check_agreement(agreement, current.scheme, _local_day(current.handed_over_at, facility))
    _check_parties(facility, {name: getattr(current, name) for name in PARTY_FIELDS})
    short = _shortages(current, lines)
    if short:
        raise InsufficientStock(
            _("Not enough stock at %(location)s: %(items)s.")
            % {"location": current.source.name, "items": "; ".join(text for text, _n in short)},
            available=short[0][1],
            field="lines",
        )
    before = snapshot(current)
    current.number = next_number(
        facility, SERIES_HANDOVER, _local_day(current.handed_over_at, facility)
    )
    current.status = HandoverStatus.POSTED
    current.posted_at = timezone.now()
    current.posted_by = actor if getattr(actor, "pk", None) else None
    _post_effects(actor, current, lines)
    current.save(update_fields=["number", "status", "posted_at", "posted_by", "destination"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=current,
        before=before,
        after=snapshot(current),
        note=_("Posted"),
    )
    return current


# --- reversal -------------------------------------------------------------------------------


def _undo_effects(actor, original: Handover, reversal: Handover, lines, reason: str, when) -> None:
    reference = reversal.number
    if original.scheme == HandoverScheme.KONSINYASI:
        for line in lines:
            try:
                stock_transfer(
                    actor=actor,
                    source=original.destination,
                    destination=original.source,
                    product=line.product,
                    lot=line.lot,
                    quantity=line.quantity,
                    reference=reference,
                    note=reason[:300],
                )
            except InsufficientStock as exc:
                what = f"{line.product} ({line.lot.code})" if line.lot_id else str(line.product)
                raise Conflict(
                    _(
                        "%(partner)s no longer holds all the goods of %(handover)s: %(item)s, "
                        "%(available)s of %(wanted)s left there. Record the partner's sales or "
                        "take back what is left instead of reversing the handover."
                    )
                    % {
                        "partner": original.partner.legal_name,
                        "handover": original.number,
                        "item": what,
                        "available": exc.available,
                        "wanted": line.quantity,
                    },
                    code="consigned_goods_gone",
                ) from exc
        return
    _move_each(
        lines,
        stock_receive,
        actor=actor,
        location=original.source,
        kind=MoveKind.RETURNED,
        reference=reference,
        note=reason[:300],
    )
    for sale in Sale.objects.filter(handover=original, reverses__isnull=True):
        if not Sale.objects.filter(reverses=sale).exists():
            sale_reverse(actor=actor, sale=sale, reason=reason, when=when)


@transaction.atomic
def handover_reverse(
    *, actor, handover: Handover, reason: str, when: dt.datetime | None = None
) -> Handover:
    """Correct a posted handover by a reversing one (`reverses`, its own BAST number for the
    day of the reversal, the same lines) that undoes it exactly: the goods go back to the
    source (from the partner's location under konsinyasi) and the sale is cancelled by a
    reversing sale (beli putus, maklon).

    Refused: a draft, a reversal, a handover already reversed, no reason, money received for
    its sale that has not been paid back (refund it first), consigned goods the partner no
    longer holds. Side effects: the reversing handover and its lines, the stock moves, the
    reversing sale, audit rows."""
    reason = _text(reason, "reason", required=True, message=_("Say why the handover is reversed."))
    original = _locked(handover)
    if original.status != HandoverStatus.POSTED:
        raise Conflict(
            _("Only a posted handover can be reversed; delete or change a draft instead."),
            code="illegal_transition",
        )
    if original.reverses_id is not None:
        raise Conflict(_("A reversal cannot be reversed."), code="illegal_transition")
    if Handover.objects.filter(reverses=original).exists():
        raise Conflict(
            _("%(handover)s has already been reversed.") % {"handover": original.number},
            code="already_reversed",
        )
    for sale in Sale.objects.filter(handover=original, reverses__isnull=True):
        paid = sale_paid(sale)
        if paid > 0:
            raise Conflict(
                _(
                    "%(amount)s has been received for %(sale)s: pay it back first, then "
                    "reverse the handover."
                )
                % {"amount": format_rupiah(paid), "sale": sale.number},
                code="sale_paid",
            )
    facility = original.facility
    when = when or timezone.now()
    if timezone.is_naive(when):
        raise DomainError(_("Give the time with its time zone."), field="when")
    lines = list(original.lines.select_related("product", "lot").order_by("pk"))
    try:
        with transaction.atomic():
            reversal = Handover.objects.create(
                facility=facility,
                agreement=original.agreement,
                partner=original.partner,
                scheme=original.scheme,
                status=HandoverStatus.POSTED,
                number=next_number(facility, SERIES_HANDOVER, _local_day(when, facility)),
                handed_over_at=when,
                source=original.source,
                destination=original.destination,
                officer=actor,
                officer_position=officer_position_for(actor, facility),
                partner_representative=original.partner_representative,
                partner_representative_position=original.partner_representative_position,
                head=original.head,
                reverses=original,
                reason=reason,
                posted_at=timezone.now(),
                posted_by=actor if getattr(actor, "pk", None) else None,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as exc:  # reversed meanwhile by someone else
        raise Conflict(
            _("%(handover)s has already been reversed.") % {"handover": original.number},
            code="already_reversed",
        ) from exc
    HandoverLine.objects.bulk_create(
        [
            HandoverLine(
                facility_id=facility.pk,
                handover=reversal,
                product=line.product,
                lot=line.lot,
                quantity=line.quantity,
                unit_price=line.unit_price,
            )
            for line in lines
        ]
    )
    _undo_effects(actor, original, reversal, lines, reason, when)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=reversal,
        after={**snapshot(reversal), "lines": [str(line) for line in lines]},
        note=reason,
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=original,
        note=_("Reversed by %(number)s: %(reason)s")
        % {"number": reversal.number, "reason": reason},
        after={"reversed_by": reversal.number},
    )
    return reversal
