"""Customer orders of one unit: quotation → order → delivery (sale and invoice) → payment,
and cancellation; the quotation letter as PDF.

Reading needs Perm.SALES_VIEW; every write Perm.SALES_MANAGE. `state` is the order's status
except that a delivered order whose payments cover its invoice reads `paid` (payments are
recorded with the sales' payment endpoints). Amounts are whole rupiah as decimal strings. The
rules are in karya.sales.services.orders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status

from karya.accounts.permissions import Perm
from karya.api.errors import ErrorOut
from karya.api.routers.common import api_fields, facility_for, in_unit
from karya.core.dates import today_in
from karya.core.documents import PdfResponse
from karya.core.errors import DomainError
from karya.facilities.models import Facility
from karya.inventory.models import Lot, StockLocation
from karya.partners.models import Partner
from karya.production.models import Product, ProductionOrder
from karya.sales.choices import CustomerKind, CustomerOrderStatus
from karya.sales.documents.quotation import quotation_filename, quotation_pdf
from karya.sales.models import CustomerOrder, OrderLine
from karya.sales.selectors import orders as selectors
from karya.sales.services import orders as services

router = Router(tags=["orders"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
PDF = {
    "responses": {
        "200": {
            "description": "The quotation letter (surat penawaran harga), in Indonesian.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}
LINE_FIELDS = {"product": "lines", "quantity": "lines", "unit_price": "lines"}


class CustomerOrderLineOut(Schema):
    id: int
    product_id: int
    product_name: str
    quantity: int
    unit_price: Decimal
    amount: Decimal


class CustomerOrderInvoiceOut(Schema):
    number: str
    amount: Decimal
    due_on: dt.date


class CustomerOrderOut(Schema):
    id: int
    number: str
    status: CustomerOrderStatus = Field(..., description="As stored: never `paid`.")
    state: CustomerOrderStatus = Field(
        ..., description="`paid` once the payments cover the invoice."
    )
    customer_kind: CustomerKind
    customer_name: str
    customer_contact: str
    partner_id: int | None
    buyer_facility_code: str | None
    ekatalog_reference: str
    quoted_on: dt.date
    ordered_on: dt.date | None
    due_on: dt.date | None
    delivered_on: dt.date | None
    source_id: int | None = Field(..., description="The stock location delivered from.")
    production_order_id: int | None
    cancel_reason: str
    note: str
    total: Decimal
    lines: list[CustomerOrderLineOut]
    invoice: CustomerOrderInvoiceOut | None
    paid: Decimal
    outstanding: Decimal


class CustomerOrderPage(Schema):
    items: list[CustomerOrderOut]
    next_cursor: int | None = Field(None, description="Pass as `after` for the next page.")


class CustomerOrderFilter(Schema):
    state: CustomerOrderStatus | None = None
    customer_kind: CustomerKind | None = None
    q: str = Field("", max_length=100, description="In the number, customer or e-Katalog ref.")
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(50, ge=1, le=200)


class CustomerOrderLineIn(Schema):
    product_id: int
    quantity: int
    unit_price: Decimal | None = Field(None, description="Empty: the default price.")


class CustomerOrderLineChangeIn(Schema):
    quantity: int
    unit_price: Decimal | None = Field(None, description="Empty: the default price.")


class CustomerOrderIn(Schema):
    customer_kind: CustomerKind
    customer_name: str = Field("", max_length=200)
    customer_contact: str = Field("", max_length=200)
    partner_id: int | None = None
    buyer_facility_code: str | None = Field(None, description="Another unit that orders.")
    ekatalog_reference: str = Field("", max_length=100)
    quoted_on: dt.date | None = None
    note: str = Field("", max_length=2000)
    lines: list[CustomerOrderLineIn]


class CustomerOrderConfirmIn(Schema):
    ordered_on: dt.date | None = None
    due_on: dt.date


class CustomerOrderLotIn(Schema):
    line_id: int
    lot_id: int


class CustomerOrderDeliverIn(Schema):
    location_id: int | None = Field(None, description="Not needed when only services are ordered.")
    delivered_at: dt.datetime | None = Field(None, description="Without a zone: the unit's time.")
    payment_due_on: dt.date | None = None
    lots: list[CustomerOrderLotIn] = Field([], description="Lots chosen; others: first available.")


class CustomerOrderProductionIn(Schema):
    production_order_id: int | None


class CustomerOrderCancelIn(Schema):
    reason: str = Field(..., max_length=300)


def _out(order: CustomerOrder, today: dt.date) -> CustomerOrderOut:
    selectors.mark(order, today)
    invoice = None
    if order.invoice_number:
        invoice = CustomerOrderInvoiceOut(
            number=order.invoice_number, amount=order.invoiced, due_on=order.invoice_due_on
        )
    return CustomerOrderOut(
        id=order.pk,
        number=order.number,
        status=order.status,
        state=order.state,
        customer_kind=order.customer_kind,
        customer_name=order.customer_name,
        customer_contact=order.customer_contact,
        partner_id=order.partner_id,
        buyer_facility_code=order.buyer_facility.code if order.buyer_facility_id else None,
        ekatalog_reference=order.ekatalog_reference,
        quoted_on=order.quoted_on,
        ordered_on=order.ordered_on,
        due_on=order.due_on,
        delivered_on=order.delivered_on,
        source_id=order.source_id,
        production_order_id=order.production_order_id,
        cancel_reason=order.cancel_reason,
        note=order.note,
        total=order.total,
        lines=[
            CustomerOrderLineOut(
                id=line.pk,
                product_id=line.product_id,
                product_name=line.product.name,
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=line.quantity * line.unit_price,
            )
            for line in order.lines.all()
        ],
        invoice=invoice,
        paid=order.paid,
        outstanding=order.outstanding,
    )


def _with_lines(orders):
    lines = OrderLine.objects.select_related("product").order_by("pk")
    return orders.prefetch_related(Prefetch("lines", queryset=lines))


def _order(facility, pk) -> CustomerOrder:
    order = (
        _with_lines(selectors.with_state(CustomerOrder.objects.filter(facility=facility, pk=pk)))
        .select_related("buyer_facility")
        .first()
    )
    if order is None:
        raise Http404
    return order


def _answer(facility, pk) -> CustomerOrderOut:
    return _out(_order(facility, pk), today_in(facility.timezone))


def _line(order, pk) -> OrderLine:
    line = selectors.line_get(order, pk)
    if line is None:
        raise Http404
    return line


def _product(facility, pk, field):
    return in_unit(Product, facility, pk, field, _("Choose a product of this unit."))


@router.get(
    "/{code}/customer-orders",
    response={200: CustomerOrderPage, **ERRORS},
    summary="A unit's customer orders, newest first (keyset pagination by id)",
)
def customer_order_list(request, code: str, filters: Query[CustomerOrderFilter]):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        rows = list(
            _with_lines(
                selectors.order_list(
                    facility=facility,
                    state=filters.state or "",
                    customer_kind=filters.customer_kind or "",
                    query=filters.q.strip(),
                    after=filters.after,
                )
            )[: filters.limit + 1]
        )
        more = len(rows) > filters.limit
        rows = rows[: filters.limit]
        today = today_in(facility.timezone)
        return CustomerOrderPage(
            items=[_out(o, today) for o in rows], next_cursor=rows[-1].pk if more else None
        )


@router.post(
    "/{code}/customer-orders",
    response={201: CustomerOrderOut, **ERRORS},
    summary="Make a quotation (numbered PSN/<unit>/<yyyy>/<mm>/<nnnn>) with its lines",
)
def customer_order_create(request, code: str, payload: CustomerOrderIn):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]):
        buyer = None
        if payload.buyer_facility_code:
            buyer = Facility.objects.filter(code=payload.buyer_facility_code.upper()).first()
            if buyer is None:
                raise DomainError(_("Choose the unit that orders."), field="buyer_facility_code")
        lines = [
            services.QuoteLine(
                _product(facility, line.product_id, "lines"), line.quantity, line.unit_price
            )
            for line in payload.lines
        ]
        with api_fields(partner="partner_id", buyer_facility="buyer_facility_code", **LINE_FIELDS):
            order = services.order_quote(
                actor=request.user,
                facility=facility,
                customer_kind=payload.customer_kind,
                customer_name=payload.customer_name,
                customer_contact=payload.customer_contact,
                partner=in_unit(
                    Partner,
                    facility,
                    payload.partner_id,
                    "partner_id",
                    _("Choose a partner of this unit."),
                ),
                buyer_facility=buyer,
                ekatalog_reference=payload.ekatalog_reference,
                quoted_on=payload.quoted_on,
                note=payload.note,
                lines=lines,
            )
        return Status(201, _answer(facility, order.pk))


@router.get(
    "/{code}/customer-orders/{order_id}",
    response={200: CustomerOrderOut, **ERRORS},
    summary="One customer order with its lines, invoice and payments",
)
def customer_order_detail(request, code: str, order_id: int):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        return _answer(facility, order_id)


@router.post(
    "/{code}/customer-orders/{order_id}/lines",
    response={201: CustomerOrderOut, **ERRORS},
    summary="Add a line to a quotation",
)
def customer_order_line_add(request, code: str, order_id: int, payload: CustomerOrderLineIn):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]), api_fields(product="product_id"):
        services.order_line_add(
            actor=request.user,
            order=_order(facility, order_id),
            product=_product(facility, payload.product_id, "product_id"),
            quantity=payload.quantity,
            unit_price=payload.unit_price,
        )
        return Status(201, _answer(facility, order_id))


@router.patch(
    "/{code}/customer-orders/{order_id}/lines/{line_id}",
    response={200: CustomerOrderOut, **ERRORS},
    summary="Change a quotation's line (quantity, unit price)",
)
def customer_order_line_change(
    request, code: str, order_id: int, line_id: int, payload: CustomerOrderLineChangeIn
):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]):
        services.order_line_change(
            actor=request.user,
            line=_line(_order(facility, order_id), line_id),
            quantity=payload.quantity,
            unit_price=payload.unit_price,
        )
        return _answer(facility, order_id)


@router.delete(
    "/{code}/customer-orders/{order_id}/lines/{line_id}",
    response={200: CustomerOrderOut, **ERRORS},
    summary="Take a line off a quotation (not its last one)",
)
def customer_order_line_remove(request, code: str, order_id: int, line_id: int):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]):
        services.order_line_remove(
            actor=request.user, line=_line(_order(facility, order_id), line_id)
        )
        return _answer(facility, order_id)


@router.post(
    "/{code}/customer-orders/{order_id}/confirm",
    response={200: CustomerOrderOut, **ERRORS},
    summary="Confirm a quotation as an order, with the delivery due date",
)
def customer_order_confirm(request, code: str, order_id: int, payload: CustomerOrderConfirmIn):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]):
        services.order_confirm(
            actor=request.user,
            order=_order(facility, order_id),
            ordered_on=payload.ordered_on,
            due_on=payload.due_on,
        )
        return _answer(facility, order_id)


@router.put(
    "/{code}/customer-orders/{order_id}/production",
    response={200: CustomerOrderOut, **ERRORS},
    summary="Link a production order of the unit that makes the goods (null unlinks)",
)
def customer_order_production(
    request, code: str, order_id: int, payload: CustomerOrderProductionIn
):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]), api_fields(production_order="production_order_id"):
        services.order_link_production(
            actor=request.user,
            order=_order(facility, order_id),
            production_order=in_unit(
                ProductionOrder,
                facility,
                payload.production_order_id,
                "production_order_id",
                _("Choose a production order of this unit."),
            ),
        )
        return _answer(facility, order_id)


@router.post(
    "/{code}/customer-orders/{order_id}/deliver",
    response={200: CustomerOrderOut, **ERRORS},
    summary="Deliver an order from a stock location: the goods leave, a sale and invoice follow",
)
def customer_order_deliver(request, code: str, order_id: int, payload: CustomerOrderDeliverIn):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]), api_fields(location="location_id"):
        order = _order(facility, order_id)
        line_ids = {line.pk for line in order.lines.all()}
        lots = {}
        for chosen in payload.lots:
            if chosen.line_id not in line_ids:
                raise DomainError(_("Choose a line of this order."), field="lots")
            lots[chosen.line_id] = in_unit(
                Lot, facility, chosen.lot_id, "lots", _("Choose a lot of this unit.")
            )
        delivered_at = payload.delivered_at
        if delivered_at is not None and delivered_at.tzinfo is None:
            delivered_at = delivered_at.replace(tzinfo=ZoneInfo(facility.timezone))
        services.order_deliver(
            actor=request.user,
            order=order,
            location=in_unit(
                StockLocation,
                facility,
                payload.location_id,
                "location_id",
                _("Choose a stock location of this unit."),
            ),
            lots=lots,
            delivered_at=delivered_at,
            payment_due_on=payload.payment_due_on,
        )
        return _answer(facility, order_id)


@router.post(
    "/{code}/customer-orders/{order_id}/cancel",
    response={200: CustomerOrderOut, **ERRORS},
    summary="Cancel an order; a delivered one is reversed (stock back, payments refunded)",
)
def customer_order_cancel(request, code: str, order_id: int, payload: CustomerOrderCancelIn):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]):
        services.order_cancel(
            actor=request.user, order=_order(facility, order_id), reason=payload.reason
        )
        return _answer(facility, order_id)


@router.get(
    "/{code}/customer-orders/{order_id}/quotation",
    response={**ERRORS, 503: ErrorOut},
    openapi_extra=PDF,
    summary="The quotation letter (surat penawaran harga) as PDF",
)
def customer_order_quotation(request, code: str, order_id: int):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        order = _order(facility, order_id)
        pdf = quotation_pdf(order, request=request)
    return PdfResponse(pdf, filename=quotation_filename(order))
