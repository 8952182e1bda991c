"""Consignment (konsinyasi) of one unit: what partners hold (with value and age), what is
overdue, settlements (a partner's sales for a period; confirmed into a sale and an invoice for
the net, or rejected) and unsold goods coming back.

Reading needs Perm.SALES_VIEW, writing Perm.SALES_MANAGE. Amounts are whole rupiah as decimal
strings. The schemas are shared with the partner portal (karya.api.routers.partner_portal)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status

from karya.accounts.permissions import Perm
from karya.api.errors import ErrorOut
from karya.api.routers.common import api_fields, facility_for, in_unit
from karya.core.dates import today_in
from karya.inventory.models import Lot, StockLocation
from karya.partners.models import Agreement, Partner
from karya.production.models import Product
from karya.sales.choices import SettlementStatus
from karya.sales.selectors import consignment as selectors
from karya.sales.services import consignment as services

router = Router(tags=["consignment"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
RUPIAH = "Whole rupiah, as a decimal string."
FIELD_NAMES = {
    "agreement": "agreement_id",
    "location": "location_id",
    "destination": "destination_id",
    "product": "product_id",
    "lot": "lot_id",
}


# --- schemas --------------------------------------------------------------------------------


class ConsignmentHoldingOut(Schema):
    partner_id: int
    partner_name: str
    location_id: int
    location_name: str
    product_id: int
    product_name: str
    unit_of_measure: str
    lot_id: int | None
    lot_code: str | None
    quantity: int
    agreed_price: Decimal | None = Field(
        None, description=f"Of the partner's consignment agreement; null if not priced. {RUPIAH}"
    )
    value: Decimal | None = Field(None, description=f"quantity × agreed_price. {RUPIAH}")
    arrived_on: dt.date | None = Field(
        None, description="When the oldest unit still held arrived (first in, first out)."
    )
    age_days: int | None
    held_too_long: bool = Field(
        ..., description=f"Held more than {selectors.HELD_TOO_LONG_DAYS} days."
    )


class ConsignmentHoldingFilter(Schema):
    partner_id: int | None = None


class SettlementLineOut(Schema):
    product_id: int
    product_name: str
    lot_id: int | None
    lot_code: str | None
    quantity: int
    unit_price: Decimal = Field(..., description=f"The agreed price. {RUPIAH}")
    amount: Decimal = Field(..., description=f"quantity × unit_price. {RUPIAH}")


class SettlementInvoiceOut(Schema):
    id: int
    number: str
    issued_on: dt.date
    due_on: dt.date
    amount: Decimal = Field(..., description=f"The settlement's net. {RUPIAH}")
    paid: Decimal = Field(..., description=RUPIAH)
    outstanding: Decimal = Field(..., description=RUPIAH)


class SettlementOut(Schema):
    id: int
    number: str
    agreement_id: int
    agreement_title: str
    partner_id: int
    partner_name: str
    location_id: int
    period_start: dt.date
    period_end: dt.date
    status: SettlementStatus
    reported_by_partner: bool
    commission_percent: Decimal
    gross: Decimal = Field(..., description=f"Σ quantity × agreed price. {RUPIAH}")
    commission: Decimal = Field(..., description=f"gross × commission_percent / 100. {RUPIAH}")
    net: Decimal = Field(..., description=f"gross − commission: what the unit invoices. {RUPIAH}")
    note: str
    decision_note: str = Field(..., description="The reason of a rejection.")
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    lines: list[SettlementLineOut]
    invoice: SettlementInvoiceOut | None = Field(None, description="Once confirmed.")


class SettlementPage(Schema):
    items: list[SettlementOut]
    next_cursor: int | None = Field(
        None, description="Pass as `after` to get the next (older) page; null on the last page."
    )


class SettlementFilter(Schema):
    partner_id: int | None = None
    agreement_id: int | None = None
    status: SettlementStatus | None = None
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(50, ge=1, le=200)


class SettlementLineIn(Schema):
    product_id: int
    quantity: int = Field(..., description="Whole units sold, above 0.")
    lot_id: int | None = Field(None, description="Left out: the oldest lots first.")


class SettlementIn(Schema):
    agreement_id: int
    period_start: dt.date
    period_end: dt.date = Field(..., description="Not after today in the unit's time zone.")
    lines: list[SettlementLineIn]
    note: str = Field("", max_length=2000)


class SettlementConfirmIn(Schema):
    due_on: dt.date | None = Field(None, description="Left out: two weeks from today.")


class SettlementRejectIn(Schema):
    reason: str = Field(..., max_length=300)


class ConsignmentReturnIn(Schema):
    location_id: int = Field(..., description="The partner's stock location.")
    destination_id: int = Field(..., description="One of the unit's own locations.")
    product_id: int
    lot_id: int | None = Field(None, description="Left out: the oldest lots first.")
    quantity: int = Field(..., description="Whole units, above 0.")
    note: str = Field("", max_length=300)


class ConsignmentReturnOut(Schema):
    transfer_group: uuid.UUID = Field(..., description="Shared by the transfer's two moves.")
    moved_at: dt.datetime
    partner_id: int
    location_id: int
    destination_id: int | None
    product_id: int
    product_name: str
    lot_id: int | None
    lot_code: str | None
    quantity: int
    note: str


class SettlementDueOut(Schema):
    agreement_id: int
    agreement_title: str
    partner_id: int
    partner_name: str
    since: dt.date = Field(..., description="End of the last settlement, or the first arrival.")
    settled_before: bool


class UnpaidInvoiceOut(Schema):
    invoice_id: int
    number: str
    settlement_id: int
    partner_id: int | None
    bill_to: str
    due_on: dt.date
    amount: Decimal = Field(..., description=RUPIAH)
    outstanding: Decimal = Field(..., description=RUPIAH)
    days_overdue: int


class ConsignmentOverdueOut(Schema):
    held_too_long: list[ConsignmentHoldingOut]
    settlements_due: list[SettlementDueOut]
    unpaid_invoices: list[UnpaidInvoiceOut]


# --- converters (shared with the partner portal) --------------------------------------------


def holding_out(item) -> ConsignmentHoldingOut:
    return ConsignmentHoldingOut(
        partner_id=item.partner.pk,
        partner_name=item.partner.legal_name,
        location_id=item.location.pk,
        location_name=item.location.name,
        product_id=item.product.pk,
        product_name=item.product.name,
        unit_of_measure=item.product.unit_of_measure,
        lot_id=item.lot.pk if item.lot else None,
        lot_code=item.lot.code if item.lot else None,
        quantity=item.quantity,
        agreed_price=item.agreed_price,
        value=item.value,
        arrived_on=item.arrived_on,
        age_days=item.age_days,
        held_too_long=item.held_too_long,
    )


def settlement_out(settlement) -> SettlementOut:
    invoice = settlement.invoice
    return SettlementOut(
        id=settlement.pk,
        number=settlement.number,
        agreement_id=settlement.agreement_id,
        agreement_title=settlement.agreement.title,
        partner_id=settlement.partner_id,
        partner_name=settlement.partner.legal_name,
        location_id=settlement.location_id,
        period_start=settlement.period_start,
        period_end=settlement.period_end,
        status=settlement.status,
        reported_by_partner=settlement.reported_by_partner,
        commission_percent=settlement.commission_percent,
        gross=settlement.gross,
        commission=settlement.commission,
        net=settlement.net,
        note=settlement.note,
        decision_note=settlement.decision_note,
        submitted_at=settlement.submitted_at,
        decided_at=settlement.decided_at,
        lines=[
            SettlementLineOut(
                product_id=line.product_id,
                product_name=line.product.name,
                lot_id=line.lot_id,
                lot_code=line.lot.code if line.lot_id else None,
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=line.amount,
            )
            for line in settlement.lines.all()
        ],
        invoice=None
        if invoice is None
        else SettlementInvoiceOut(
            id=invoice.pk,
            number=invoice.number,
            issued_on=invoice.issued_on,
            due_on=invoice.due_on,
            amount=invoice.amount,
            paid=invoice.paid,
            outstanding=invoice.outstanding,
        ),
    )


def settlement_lines(facility, lines: list[SettlementLineIn], *, lots: bool = True):
    """The service's lines from a body's lines (another unit's product or lot: 400)."""
    result = []
    for line in lines:
        product = in_unit(
            Product, facility, line.product_id, "lines", _("Choose a product of this unit.")
        )
        lot = (
            in_unit(Lot, facility, line.lot_id, "lines", _("Choose a lot of this unit."))
            if lots
            else None
        )
        result.append(services.SettlementLineInput(product, line.quantity, lot))
    return result


def _return_out(move, *, location, destination, units: int) -> ConsignmentReturnOut:
    """One return from a leg of its transfer (either), the partner's location, the
    destination and the units that came back."""
    return ConsignmentReturnOut(
        transfer_group=move.transfer_group,
        moved_at=move.created_at,
        partner_id=location.partner_id,
        location_id=location.pk,
        destination_id=destination.pk if destination else None,
        product_id=move.product_id,
        product_name=move.product.name,
        lot_id=move.lot_id,
        lot_code=move.lot.code if move.lot_id else None,
        quantity=units,
        note=move.note,
    )


def _settlement(facility, settlement_id: int):
    settlement = selectors.settlement_get(facility=facility, pk=settlement_id)
    if settlement is None:
        raise Http404
    return settlement


def _partner(facility, partner_id: int | None) -> Partner | None:
    """The partner a query filters on (None: all); another unit's or a missing one: 404."""
    if partner_id is None:
        return None
    partner = Partner.objects.filter(facility=facility, pk=partner_id).first()
    if partner is None:
        raise Http404
    return partner


def _today(facility) -> dt.date:
    return today_in(facility.timezone)


# --- endpoints ------------------------------------------------------------------------------


@router.get(
    "/{code}/consignment/holdings",
    response={200: list[ConsignmentHoldingOut], **ERRORS},
    summary="What partners hold of the unit's goods, by product and lot, with value and age",
)
def holding_list(request, code: str, filters: Query[ConsignmentHoldingFilter]):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        partner = _partner(facility, filters.partner_id)
        rows = selectors.held_goods(facility=facility, today=_today(facility), partner=partner)
        return [holding_out(item) for item in rows]


@router.get(
    "/{code}/consignment/overdue",
    response={200: ConsignmentOverdueOut, **ERRORS},
    summary="Goods held too long, settlements due and invoices unpaid after their due date",
)
def overdue(request, code: str):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        overview = selectors.consignment_overview(facility=facility, today=_today(facility))
        return ConsignmentOverdueOut(
            held_too_long=[holding_out(item) for item in overview.held_too_long],
            settlements_due=[
                SettlementDueOut(
                    agreement_id=due.agreement.pk,
                    agreement_title=due.agreement.title,
                    partner_id=due.partner.pk,
                    partner_name=due.partner.legal_name,
                    since=due.since,
                    settled_before=due.settled_before,
                )
                for due in overview.settlements_due
            ],
            unpaid_invoices=[
                UnpaidInvoiceOut(
                    invoice_id=invoice.pk,
                    number=invoice.number,
                    settlement_id=invoice.sale.settlement_id,
                    partner_id=invoice.partner_id,
                    bill_to=invoice.bill_to,
                    due_on=invoice.due_on,
                    amount=invoice.amount,
                    outstanding=invoice.outstanding,
                    days_overdue=invoice.days_overdue,
                )
                for invoice in overview.unpaid_invoices
            ],
        )


@router.get(
    "/{code}/consignment/settlements",
    response={200: SettlementPage, **ERRORS},
    summary="The unit's consignment settlements, newest first (keyset pagination by id)",
)
def settlement_list(request, code: str, filters: Query[SettlementFilter]):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        rows, cursor = selectors.settlement_list(
            facility=facility,
            partner_id=filters.partner_id,
            agreement_id=filters.agreement_id,
            status=filters.status,
            before=filters.after,
            limit=filters.limit,
            with_lines=True,
        )
        return SettlementPage(items=[settlement_out(s) for s in rows], next_cursor=cursor)


@router.post(
    "/{code}/consignment/settlements",
    response={201: SettlementOut, **ERRORS},
    summary="Record what a partner sold in a period (a settlement awaiting confirmation)",
)
def settlement_create(request, code: str, payload: SettlementIn):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELD_NAMES):
        agreement = in_unit(
            Agreement,
            facility,
            payload.agreement_id,
            "agreement_id",
            _("Choose an agreement of this unit."),
        )
        settlement = services.settlement_submit(
            actor=request.user,
            agreement=agreement,
            period_start=payload.period_start,
            period_end=payload.period_end,
            lines=settlement_lines(facility, payload.lines),
            note=payload.note,
        )
        return Status(201, settlement_out(_settlement(facility, settlement.pk)))


@router.get(
    "/{code}/consignment/settlements/{settlement_id}",
    response={200: SettlementOut, **ERRORS},
    summary="One settlement with its lines and, once confirmed, its invoice",
)
def settlement_detail(request, code: str, settlement_id: int):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        return settlement_out(_settlement(facility, settlement_id))


@router.post(
    "/{code}/consignment/settlements/{settlement_id}/confirm",
    response={200: SettlementOut, **ERRORS},
    summary="Confirm: the sold goods leave the partner, a sale and an invoice for the net",
)
def settlement_confirm(request, code: str, settlement_id: int, payload: SettlementConfirmIn):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]):
        settlement = services.settlement_confirm(
            actor=request.user,
            settlement=_settlement(facility, settlement_id),
            due_on=payload.due_on,
        )
        return settlement_out(_settlement(facility, settlement.pk))


@router.post(
    "/{code}/consignment/settlements/{settlement_id}/reject",
    response={200: SettlementOut, **ERRORS},
    summary="Reject a settlement with the reason (nothing moves; its period is free again)",
)
def settlement_reject(request, code: str, settlement_id: int, payload: SettlementRejectIn):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]):
        settlement = services.settlement_reject(
            actor=request.user,
            settlement=_settlement(facility, settlement_id),
            reason=payload.reason,
        )
        return settlement_out(_settlement(facility, settlement.pk))


@router.get(
    "/{code}/consignment/returns",
    response={200: list[ConsignmentReturnOut], **ERRORS},
    summary="Goods that came back from partners, newest first (the latest 50)",
)
def return_list(request, code: str, filters: Query[ConsignmentHoldingFilter]):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        partner = _partner(facility, filters.partner_id)
        moves = selectors.consignment_returns(facility=facility, partner=partner)
        return [
            _return_out(
                move, location=move.location, destination=move.destination, units=move.units
            )
            for move in moves
        ]


@router.post(
    "/{code}/consignment/returns",
    response={201: list[ConsignmentReturnOut], **ERRORS},
    summary="Unsold goods come back from a partner (one move per lot; never more than held)",
)
def return_create(request, code: str, payload: ConsignmentReturnIn):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELD_NAMES):
        location = in_unit(
            StockLocation,
            facility,
            payload.location_id,
            "location_id",
            _("Choose a location of this unit."),
        )
        destination = in_unit(
            StockLocation,
            facility,
            payload.destination_id,
            "destination_id",
            _("Choose a location of this unit."),
        )
        product = in_unit(
            Product, facility, payload.product_id, "product_id", _("Choose a product of this unit.")
        )
        lot = in_unit(Lot, facility, payload.lot_id, "lot_id", _("Choose a lot of this unit."))
        moves = services.consignment_return(
            actor=request.user,
            location=location,
            destination=destination,
            product=product,
            lot=lot,
            quantity=payload.quantity,
            note=payload.note,
        )
        return Status(
            201,
            [
                _return_out(move, location=location, destination=move.location, units=move.quantity)
                for move in moves
            ],
        )
