"""Settlements: the partner's sales report for a period, its confirmation into a sale and an
invoice net of the commission, its rejection."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from karya.accounts.choices import Role
from karya.accounts.models import User
from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, snapshot
from karya.core.dates import tanggal, today_in
from karya.core.errors import Conflict, DomainError
from karya.core.money import percent_of, split_largest_remainder
from karya.core.numbering import next_number
from karya.inventory.choices import MoveKind
from karya.inventory.services import stock_take
from karya.notifications.services import notify
from karya.partners.models import Agreement, Partner
from karya.partners.services.reminders import unit_users
from karya.sales.choices import SERIES_SETTLEMENT, Channel, CustomerKind, SettlementStatus
from karya.sales.models import Settlement, SettlementLine
from karya.sales.selectors import consignment as selectors
from karya.sales.services.consignment.checks import (
    DEFAULT_DUE_DAYS,
    KIND_REJECTED,
    KIND_REPORTED,
    NOTE_MAX,
    REASON_MAX,
    SettlementLineInput,
    _check_available,
    _check_lot,
    _check_reporter,
    _check_staff,
    _clean_quantity,
    _pieces,
    _what,
)
from karya.sales.services.sales import InvoiceInput, LineInput, sale_create


def _clean_period(facility, period_start, period_end) -> None:
    if not isinstance(period_start, dt.date) or not isinstance(period_end, dt.date):
        raise DomainError(_("Give the first and last day of the period."), field="period_start")
    if period_start > period_end:
        raise DomainError(_("The period must start on or before its end."), field="period_end")
    if period_end > today_in(facility.timezone):
        raise DomainError(
            _("The period cannot end after today: report only what has been sold."),
            field="period_end",
        )


def _clean_lines(agreement: Agreement, lines) -> list[tuple[SettlementLineInput, object]]:
    """[(line, agreed price)]; refused: no line, a product that is not the agreement's, a
    wrong lot, a bad quantity, the same product and lot twice."""
    lines = [line for line in (lines or [])]
    if not lines:
        raise DomainError(_("Report at least one product sold."), field="lines")
    prices = selectors.agreed_prices([agreement]).get(agreement.pk, {})
    seen = set()
    cleaned = []
    for line in lines:
        product = line.product
        if product is None or product.facility_id != agreement.facility_id:
            raise DomainError(_("Choose a product of this unit."), field="lines")
        if product.pk not in prices:
            raise DomainError(
                _("%(product)s is not a product of this agreement.") % {"product": product},
                field="lines",
            )
        _check_lot(product, line.lot, "lines")
        quantity = _clean_quantity(line.quantity, "lines")
        key = (product.pk, line.lot.pk if line.lot is not None else None)
        if key in seen:
            raise DomainError(
                _("%(product)s is listed twice.") % {"product": _what(product, line.lot)},
                field="lines",
            )
        seen.add(key)
        cleaned.append((SettlementLineInput(product, quantity, line.lot), prices[product.pk]))
    return cleaned


def _check_no_overlap(agreement: Agreement, period_start, period_end) -> None:
    clash = (
        Settlement.objects.filter(
            agreement=agreement,
            status__in=selectors.COUNTED_STATUSES,
            period_start__lte=period_end,
            period_end__gte=period_start,
        )
        .order_by("period_start")
        .first()
    )
    if clash is not None:
        raise Conflict(
            _(
                "The period overlaps settlement %(number)s of this agreement "
                "(%(start)s – %(end)s). Choose days that are not settled yet."
            )
            % {
                "number": clash.number,
                "start": tanggal(clash.period_start),
                "end": tanggal(clash.period_end),
            },
            code="period_overlap",
            field="period_start",
        )


def _settlement_url(settlement: Settlement) -> str:
    return reverse("sales:consignment-settlement", args=[settlement.facility.code, settlement.pk])


def _notify_reported(settlement: Settlement) -> None:
    """Tell the unit's output officers that the partner sent a sales report."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(partner)s reported its sales for %(start)s – %(end)s (%(number)s)") % {
            "partner": settlement.partner,
            "start": tanggal(settlement.period_start),
            "end": tanggal(settlement.period_end),
            "number": settlement.number,
        }
    notify(
        users=unit_users(settlement.facility_id, [Role.OUTPUT_OFFICER]),
        facility=settlement.facility,
        kind=KIND_REPORTED,
        title=title,
        url=_settlement_url(settlement),
    )


def settlement_submit(
    *,
    actor,
    agreement: Agreement,
    period_start: dt.date,
    period_end: dt.date,
    lines: list[SettlementLineInput],
    note: str = "",
    by_partner: bool = False,
) -> Settlement:
    """Record what the partner sold of the unit's goods in a period (its sales report), to be
    confirmed by the unit: numbered SK/<unit>/<yyyy>/<mm>/<nnnn> on the day it is submitted
    (the unit's zone).

    Each line is at the agreement's agreed price; the commission % is the agreement's (0 when
    it has none); gross, commission (rounded by karya.core.money) and net are computed here.
    Refused, with nothing written: an agreement without consignment, a partner user reporting
    for another partner (`by_partner`), staff without Perm.SALES_MANAGE in the unit, a period
    that ends before it starts or after today, or that overlaps a submitted or confirmed
    settlement of the same agreement, a product not in the agreement, a wrong lot, a quantity
    that is not whole and above zero, more units than the partner's location holds (less those
    in settlements awaiting confirmation). The agreement row is locked, so two reports of the
    same period cannot both pass. Side effects: the settlement, its lines, the audit row, and
    for a partner's own report a notice to the unit's output officers.
    """
    _check_reporter(actor, agreement, by_partner)
    if not selectors.is_consignment(agreement):
        raise DomainError(
            _("%(agreement)s is not a consignment agreement.") % {"agreement": agreement.title},
            code="not_consignment",
            field="agreement",
        )
    facility = agreement.facility
    _clean_period(facility, period_start, period_end)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_("At most %(max)s characters.") % {"max": NOTE_MAX}, field="note")
    cleaned = _clean_lines(agreement, lines)
    location = selectors.partner_location(partner=agreement.partner)
    if location is None:
        raise DomainError(
            _("%(partner)s holds none of the unit's goods.") % {"partner": agreement.partner},
            code="insufficient_stock",
            field="lines",
        )
    percent = agreement.commission_percent or 0
    with transaction.atomic():
        Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
        _check_no_overlap(agreement, period_start, period_end)
        wanted = {(line.product, line.lot): line.quantity for line, _price in cleaned}
        _check_available(location, wanted, field="lines", verb="sold")
        gross = sum((line.quantity * price for line, price in cleaned), 0)
        commission = percent_of(gross, percent)
        settlement = Settlement.objects.create(
            facility=facility,
            number=next_number(facility, SERIES_SETTLEMENT, today_in(facility.timezone)),
            agreement=agreement,
            partner=agreement.partner,
            location=location,
            period_start=period_start,
            period_end=period_end,
            reported_by_partner=by_partner,
            commission_percent=percent,
            gross=gross,
            commission=commission,
            net=gross - commission,
            note=note,
            submitted_by=actor if getattr(actor, "pk", None) else None,
        )
        saved = SettlementLine.objects.bulk_create(
            [
                SettlementLine(
                    facility=facility,
                    settlement=settlement,
                    product=line.product,
                    lot=line.lot,
                    quantity=line.quantity,
                    unit_price=price,
                )
                for line, price in cleaned
            ]
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            instance=settlement,
            after={**snapshot(settlement), "lines": [str(line) for line in saved]},
        )
        if by_partner:
            _notify_reported(settlement)
    return settlement


def _locked_submitted(settlement: Settlement, verb: str) -> Settlement:
    current = (
        Settlement.objects.select_for_update()
        .select_related("facility", "partner", "location", "agreement")
        .get(pk=settlement.pk)
    )
    if current.status != SettlementStatus.SUBMITTED:
        message = (
            _("Settlement %(number)s is %(status)s; only one awaiting confirmation is confirmed.")
            if verb == "confirm"
            else _(
                "Settlement %(number)s is %(status)s; only one awaiting confirmation is rejected."
            )
        )
        raise Conflict(
            message % {"number": current.number, "status": current.get_status_display().lower()},
            code="illegal_transition",
        )
    return current


def settlement_confirm(
    *, actor, settlement: Settlement, due_on: dt.date | None = None
) -> Settlement:
    """Confirm a submitted settlement: the sold goods leave the partner's location (a `sold`
    move per line and lot, referenced by the settlement's number), a sale is made on the
    consignment channel for the partner (lines at the agreed price, the commission as their
    discount, so its total is the net) with its invoice for the net, due on `due_on` (default:
    two weeks after today), and the settlement becomes CONFIRMED.

    Refused: staff without Perm.SALES_MANAGE, a settlement not awaiting confirmation, a due
    date before today, goods no longer at the location (nothing is written then). One
    transaction; the settlement row is locked, so it is confirmed once. Side effects: the
    moves, the sale, its lines and invoice, the audit rows.
    """
    _check_staff(actor, settlement.facility)
    facility = settlement.facility
    today = today_in(facility.timezone)
    due_on = due_on or today + dt.timedelta(days=DEFAULT_DUE_DAYS)
    if not isinstance(due_on, dt.date) or due_on < today:
        raise DomainError(_("The invoice cannot fall due before today."), field="due_on")
    with transaction.atomic():
        settlement = _locked_submitted(settlement, "confirm")
        before = snapshot(settlement)
        location, partner = settlement.location, settlement.partner
        pieces = []
        for line in settlement.lines.select_related("product", "lot").order_by("pk"):
            for lot, units in _pieces(location, line.product, line.lot, line.quantity):
                stock_take(
                    actor=actor,
                    location=location,
                    product=line.product,
                    lot=lot,
                    quantity=units,
                    kind=MoveKind.SOLD,
                    reference=settlement.number,
                )
                pieces.append((line, lot, units))
        shares = split_largest_remainder(
            settlement.commission, [units * line.unit_price for line, _lot, units in pieces]
        )
        sale = sale_create(
            actor=actor,
            facility=facility,
            channel=Channel.CONSIGNMENT,
            lines=[
                LineInput(line.product, units, line.unit_price, lot, share)
                for (line, lot, units), share in zip(pieces, shares, strict=True)
            ],
            customer_kind=CustomerKind.PARTNER,
            customer_name=partner.legal_name,
            partner=partner,
            settlement=settlement,
            invoice=InvoiceInput(bill_to=partner.legal_name, due_on=due_on, partner=partner),
            note=settlement.number,
        )
        if sale.total != settlement.net:  # pragma: no cover - the shares sum to the commission
            raise RuntimeError("consignment sale total differs from the settlement's net")
        settlement.status = SettlementStatus.CONFIRMED
        settlement.decided_at = timezone.now()
        settlement.decided_by = actor if getattr(actor, "pk", None) else None
        settlement.save(update_fields=["status", "decided_at", "decided_by"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=settlement,
            before=before,
            after=snapshot(settlement),
            note=sale.number,
        )
    return settlement


def _partner_users(partner: Partner) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, memberships__is_active=True, memberships__partner=partner
        ).distinct()
    )


def settlement_reject(*, actor, settlement: Settlement, reason: str) -> Settlement:
    """Reject a submitted settlement with the reason (wrong quantities, a period already
    settled…): it stays with its number, moves nothing, and its period is free again.
    Refused: staff without Perm.SALES_MANAGE, a settlement not awaiting confirmation, no
    reason. Side effects: the audit row; for a partner's own report, a notice to the
    partner's users with the reason."""
    _check_staff(actor, settlement.facility)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the settlement is rejected."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(_("At most %(max)s characters.") % {"max": REASON_MAX}, field="reason")
    with transaction.atomic():
        settlement = _locked_submitted(settlement, "reject")
        before = snapshot(settlement)
        settlement.status = SettlementStatus.REJECTED
        settlement.decision_note = reason
        settlement.decided_at = timezone.now()
        settlement.decided_by = actor if getattr(actor, "pk", None) else None
        settlement.save(update_fields=["status", "decision_note", "decided_at", "decided_by"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=settlement,
            before=before,
            after=snapshot(settlement),
            note=reason,
        )
        if settlement.reported_by_partner:
            with translation.override(settings.LANGUAGE_CODE):
                title = _("Your sales report %(number)s was rejected") % {
                    "number": settlement.number
                }
            notify(
                users=_partner_users(settlement.partner),
                facility=settlement.facility,
                kind=KIND_REJECTED,
                title=title,
                body=reason,
            )
    return settlement


# --- returns --------------------------------------------------------------------------------
