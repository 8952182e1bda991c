"""Consignment (konsinyasi) once the goods are at the partner: the partner's sales report for a
period (a settlement), its confirmation into a sale and an invoice net of the partner's
commission, its rejection, and unsold goods coming back.

Money. The settlement's lines are at the agreement's agreed prices: gross = Σ quantity × agreed
price; commission = gross × the agreement's commission % (karya.core.money.percent_of, whole
rupiah, half up); net = gross − commission. On confirmation the commission is a discount of
the sale: every sale line keeps the agreed unit price, and carries its share of the commission
(largest remainder over the lines' gross amounts) as `discount`, so each line's amount is what
the unit is owed for it, the sale's total and its invoice are the net, and the payment
allocations per product (made from the lines' amounts) add up to the net.

Lots. A line may name a lot; without one the goods are taken from the partner's lots oldest
first (no lot first, then by production date), which is what a partner that does not see lots
reports. The same rule serves returns.

Stock. Nothing here touches balances directly: sold goods leave the partner location with
`stock_take(kind=sold)`, returned goods with `stock_transfer` (kinds transfer-out / returned).
Units reported in settlements still awaiting confirmation are held in the ledger but no longer
available to another report or a return.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from karya.accounts.choices import Role
from karya.accounts.models import User
from karya.accounts.permissions import Perm, access_for
from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, audited_create, snapshot
from karya.core.dates import tanggal, today_in
from karya.core.errors import Conflict, DomainError
from karya.core.money import percent_of, split_largest_remainder
from karya.core.numbering import next_number
from karya.inventory.choices import LocationKind, MoveKind
from karya.inventory.models import StockBalance, StockLocation
from karya.inventory.services import InsufficientStock, stock_take, stock_transfer
from karya.inventory.services.moves import MAX_QUANTITY
from karya.notifications.services import notify
from karya.partners.models import Agreement, Partner
from karya.partners.services.reminders import unit_users
from karya.sales.choices import SERIES_SETTLEMENT, Channel, CustomerKind, SettlementStatus
from karya.sales.models import Settlement, SettlementLine
from karya.sales.selectors import consignment as selectors
from karya.sales.services.sales import InvoiceInput, LineInput, sale_create

DEFAULT_DUE_DAYS = 14  # an invoice falls due two weeks after the settlement is confirmed
NOTE_MAX = 2000
REASON_MAX = Settlement._meta.get_field("decision_note").max_length
KIND_REPORTED = "consignment_reported"
KIND_REJECTED = "consignment_rejected"


@dataclass(frozen=True)
class SettlementLineInput:
    """One product reported sold: a whole quantity above zero, optionally of one lot."""

    product: object
    quantity: int
    lot: object | None = None


# --- checks ---------------------------------------------------------------------------------


def _check_staff(actor, facility) -> None:
    if not access_for(actor).can(Perm.SALES_MANAGE, facility):
        raise DomainError(_("Your role does not allow this."), code="permission_denied")


def _check_reporter(actor, agreement: Agreement, by_partner: bool) -> None:
    if not by_partner:
        _check_staff(actor, agreement.facility)
        return
    if agreement.partner_id not in {p.pk for p in access_for(actor).partners}:
        raise DomainError(
            _("This agreement is not one of your partner's."), code="not_found", field="agreement"
        )


def _clean_quantity(quantity, field: str) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise DomainError(_("Give a whole quantity above zero."), field=field)
    if quantity > MAX_QUANTITY:
        raise DomainError(
            _("A quantity may be at most %(max)s.")
            % {"max": f"{MAX_QUANTITY:,}".replace(",", ".")},
            field=field,
        )
    return quantity


def _check_lot(product, lot, field: str) -> None:
    if lot is not None and (lot.facility_id != product.facility_id or lot.product_id != product.pk):
        raise DomainError(
            _("Lot %(lot)s is not a lot of %(product)s.") % {"lot": lot.code, "product": product},
            field=field,
        )


def _what(product, lot) -> str:
    return f"{product} ({lot.code})" if lot is not None else str(product)


def _check_available(location: StockLocation, wanted: dict, *, field: str, verb: str) -> None:
    """Refuse when a (product, lot) — lot None: the product in any lot — asks for more units
    than the location holds less those reported in settlements awaiting confirmation.
    `wanted` is {(product, lot): units}."""
    balances = StockBalance.objects.filter(location=location, quantity__gt=0)
    held_lot = {(b.product_id, b.lot_id): b.quantity for b in balances}
    pending = selectors.pending_quantities(location=location)
    by_product: dict = {}
    for (product, lot), units in wanted.items():
        by_product.setdefault(product, 0)
        by_product[product] += units
        if lot is not None:
            have = held_lot.get((product.pk, lot.pk), 0)
            reserved = pending.get((product.pk, lot.pk), 0)
            _refuse_if_short(location, product, lot, have, reserved, units, field, verb)
    for product, units in by_product.items():
        have = sum(q for (p, _lot), q in held_lot.items() if p == product.pk)
        reserved = sum(q for (p, _lot), q in pending.items() if p == product.pk)
        _refuse_if_short(location, product, None, have, reserved, units, field, verb)


def _refuse_if_short(location, product, lot, have, reserved, units, field, verb) -> None:
    if units <= have - reserved:
        return
    values = {
        "location": location.name,
        "product": _what(product, lot),
        "held": have,
        "reserved": reserved,
        "free": max(have - reserved, 0),
        "wanted": units,
        "unit": product.get_unit_of_measure_display(),
    }
    if verb == "sold":
        message = (
            _(
                "%(location)s holds %(held)s %(unit)s of %(product)s, of which %(reserved)s are "
                "already reported sold in a settlement awaiting confirmation: at most %(free)s "
                "%(unit)s can be reported sold, not %(wanted)s."
            )
            if reserved
            else _(
                "%(location)s holds only %(held)s %(unit)s of %(product)s: %(wanted)s %(unit)s "
                "cannot have been sold."
            )
        )
    else:
        message = (
            _(
                "%(location)s holds %(held)s %(unit)s of %(product)s, of which %(reserved)s are "
                "reported sold in a settlement awaiting confirmation: at most %(free)s %(unit)s "
                "can come back, not %(wanted)s."
            )
            if reserved
            else _(
                "%(location)s holds only %(held)s %(unit)s of %(product)s: %(wanted)s %(unit)s "
                "cannot come back."
            )
        )
    raise DomainError(message % values, code="insufficient_stock", field=field)


def _pieces(location: StockLocation, product, lot, quantity: int) -> list[tuple[object, int]]:
    """[(lot, units)] to take `quantity` units of the product at the location: the lot given,
    else the oldest lots first (no lot first, then by production date)."""
    if lot is not None:
        return [(lot, quantity)]
    pieces, left = [], quantity
    balances = (
        StockBalance.objects.filter(location=location, product=product, quantity__gt=0)
        .select_related("lot")
        .order_by(F("lot__produced_on").asc(nulls_first=True), "lot_id", "pk")
    )
    for balance in balances:
        if left <= 0:
            break
        take = min(left, balance.quantity)
        pieces.append((balance.lot, take))
        left -= take
    if left > 0:
        held = quantity - left
        raise InsufficientStock(
            _(
                "Not enough stock of %(product)s at %(location)s: %(available)s %(unit)s "
                "available, %(wanted)s %(unit)s asked for."
            )
            % {
                "product": product,
                "location": location.name,
                "available": held,
                "wanted": quantity,
                "unit": product.get_unit_of_measure_display(),
            },
            available=held,
        )
    return pieces


# --- the partner's location -----------------------------------------------------------------


@transaction.atomic
def consignment_location(*, actor, partner: Partner) -> StockLocation:
    """The stock location where the partner holds the unit's goods: its first one in use, or
    a new one (kind partner, named after the partner, `partner` set). Side effect when new:
    the location and its audit row."""
    location = selectors.partner_location(partner=partner)
    if location is not None:
        return location
    name = partner.legal_name[:150]
    taken = StockLocation.objects.filter(facility_id=partner.facility_id, name__iexact=name)
    if taken.exists():
        name = f"{partner.legal_name[:130]} (#{partner.pk})"
    return audited_create(
        actor=actor,
        model=StockLocation,
        facility_id=partner.facility_id,
        name=name,
        kind=LocationKind.PARTNER,
        partner_name=partner.legal_name,
        partner=partner,
    )


# --- settlements ----------------------------------------------------------------------------


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


def consignment_return(
    *,
    actor,
    location: StockLocation,
    destination: StockLocation,
    product,
    quantity: int,
    lot=None,
    note: str = "",
):
    """Unsold goods come back from a partner's location to one of the unit's own locations: a
    stock transfer (transfer-out at the partner, returned at the destination) per lot, the
    lot given or else the oldest lots first. Returns the incoming moves.

    Refused, with nothing written: staff without Perm.SALES_MANAGE, a location that is not a
    partner's, a destination that is a partner's or another unit's, a wrong lot, a bad
    quantity, more units than the partner holds (less those reported sold in settlements
    awaiting confirmation; the message says how many it holds). Side effects: the moves, the
    balances, their audit rows.
    """
    _check_staff(actor, location.facility)
    if location.kind != LocationKind.PARTNER or location.partner_id is None:
        raise DomainError(_("Choose where a partner holds the unit's goods."), field="location")
    if destination is None or destination.facility_id != location.facility_id:
        raise DomainError(_("Choose a location of this unit."), field="destination")
    if destination.kind == LocationKind.PARTNER:
        raise DomainError(
            _("Unsold goods come back to one of the unit's own locations, not to a partner."),
            field="destination",
        )
    if product is None or product.facility_id != location.facility_id:
        raise DomainError(_("Choose a product of this unit."), field="product")
    _check_lot(product, lot, "lot")
    quantity = _clean_quantity(quantity, "quantity")
    with transaction.atomic():
        _check_available(location, {(product, lot): quantity}, field="quantity", verb="returned")
        moves = []
        for piece_lot, units in _pieces(location, product, lot, quantity):
            _out, into = stock_transfer(
                actor=actor,
                source=location,
                destination=destination,
                product=product,
                lot=piece_lot,
                quantity=units,
                note=note,
            )
            moves.append(into)
    return moves
