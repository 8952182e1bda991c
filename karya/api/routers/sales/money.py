"""Sales of every channel, invoices (receivables), payments and refunds, and their documents
(the receipt of a payment, the invoice) as PDF.

Reading needs Perm.SALES_VIEW; recording a payment or a refund Perm.PAYMENT_RECORD. Amounts
are whole rupiah as decimal strings; a refund is a negative payment naming the one it pays
back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from karya.accounts.permissions import Perm
from karya.api.errors import ErrorOut
from karya.api.routers.common import facility_for, in_unit
from karya.core.dates import today_in
from karya.core.documents import PdfResponse
from karya.sales.choices import Channel, CustomerKind, PaymentMethod
from karya.sales.documents.invoice import invoice_filename, invoice_pdf
from karya.sales.documents.receipt import receipt_filename, receipt_pdf
from karya.sales.models import Sale
from karya.sales.selectors import money as selectors
from karya.sales.services.payments import payment_record, payment_refund

router = Router(tags=["sales"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
PDF_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 503: ErrorOut}
RUPIAH = "Whole rupiah, as a decimal string."
MONTH = Field(None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")


def pdf_doc(what: str) -> dict:
    return {
        "responses": {
            "200": {
                "description": what,
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


# --- schemas -------------------------------------------------------------------------------


class SaleLineOut(Schema):
    id: int
    product_id: int
    product_name: str
    lot_id: int | None
    workshop_id: int | None
    quantity: int = Field(..., description="Negative on a reversal.")
    unit_price: Decimal = Field(..., description=RUPIAH)
    amount: Decimal = Field(..., description=RUPIAH)


class PaymentOut(Schema):
    id: int
    number: str = Field(..., description="The receipt number (KW/…).")
    sale_id: int
    paid_at: dt.datetime
    amount: Decimal = Field(..., description=f"Negative for a refund. {RUPIAH}")
    method: PaymentMethod
    reference: str
    payer_name: str
    tendered: Decimal | None = Field(None, description=f"Cash handed over. {RUPIAH}")
    change: Decimal | None = Field(None, description=RUPIAH)
    refund_of_id: int | None = Field(None, description="The payment a refund pays back.")
    note: str


class SaleSummaryOut(Schema):
    id: int
    number: str
    channel: Channel
    sold_at: dt.datetime
    customer_kind: CustomerKind
    customer_name: str
    partner_id: int | None
    location_id: int | None
    event: str
    total: Decimal = Field(..., description=RUPIAH)
    paid: Decimal = Field(..., description=f"Received, refunds deducted. {RUPIAH}")
    reverses_id: int | None = Field(None, description="Set on a reversal: the sale it cancels.")
    is_reversed: bool


class SaleOut(SaleSummaryOut):
    reason: str
    note: str
    invoice_id: int | None
    lines: list[SaleLineOut]
    payments: list[PaymentOut]


class SalePage(Schema):
    items: list[SaleSummaryOut]
    next_cursor: int | None = Field(None, description="Pass as `after` for the next page.")


class SaleFilter(Schema):
    channel: Channel | None = None
    month: str | None = MONTH
    q: str = Field("", max_length=100, description="Number, customer, partner or event.")
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(50, ge=1, le=500)


class InvoiceSummaryOut(Schema):
    id: int
    number: str
    sale_id: int
    partner_id: int | None
    bill_to: str
    issued_on: dt.date
    due_on: dt.date
    amount: Decimal = Field(..., description=RUPIAH)
    paid: Decimal = Field(..., description=RUPIAH)
    outstanding: Decimal = Field(..., description=RUPIAH)
    status: str = Field(..., description="open, overdue, paid or cancelled.")


class InvoiceOut(InvoiceSummaryOut):
    lines: list[SaleLineOut]
    payments: list[PaymentOut]


class InvoicePage(Schema):
    items: list[InvoiceSummaryOut]
    next_cursor: int | None = Field(None, description="Pass as `after` for the next page.")


class InvoiceFilter(Schema):
    status: str | None = Field(
        None, pattern=r"^(open|overdue|paid|cancelled)$", description="open (overdue included), "
        "overdue, paid or cancelled."
    )  # fmt: skip
    partner_id: int | None = None
    month: str | None = MONTH
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(50, ge=1, le=500)


class PaymentIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    sale_id: int
    amount: Decimal = Field(..., description=RUPIAH)
    method: PaymentMethod
    reference: str = Field("", max_length=100, description="Required for transfer and QRIS.")
    payer_name: str = Field("", max_length=200)
    paid_at: dt.datetime | None = Field(None, description="Default: now. Not in the future.")
    note: str = Field("", max_length=300)


class RefundIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    amount: Decimal | None = Field(
        None, description=f"Default: all that is left of the payment. {RUPIAH}"
    )
    reason: str = Field(..., max_length=300)


# --- helpers -------------------------------------------------------------------------------


def keyset(rows, after: int | None, limit: int) -> tuple[list, int | None]:
    """A page of `rows`, newest id first, after the cursor; and the cursor of the next page
    (None on the last)."""
    rows = rows.order_by("-pk")
    if after is not None:
        rows = rows.filter(pk__lt=after)
    page = list(rows[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return page, page[-1].pk if more else None


def _month(text: str | None) -> dt.date | None:
    return dt.date(int(text[:4]), int(text[5:7]), 1) if text else None


def line_out(line) -> SaleLineOut:
    return SaleLineOut(
        id=line.pk,
        product_id=line.product_id,
        product_name=line.product.name,
        lot_id=line.lot_id,
        workshop_id=line.workshop_id,
        quantity=line.quantity,
        unit_price=line.unit_price,
        amount=line.amount,
    )


def payment_out(payment) -> PaymentOut:
    return PaymentOut(
        id=payment.pk,
        number=payment.number,
        sale_id=payment.sale_id,
        paid_at=payment.paid_at,
        amount=payment.amount,
        method=payment.method,
        reference=payment.reference,
        payer_name=payment.payer_name,
        tendered=payment.tendered,
        change=payment.change,
        refund_of_id=payment.reverses_id,
        note=payment.note,
    )


def _summary_fields(sale) -> dict:
    return {
        "id": sale.pk,
        "number": sale.number,
        "channel": sale.channel,
        "sold_at": sale.sold_at,
        "customer_kind": sale.customer_kind,
        "customer_name": sale.customer_name,
        "partner_id": sale.partner_id,
        "location_id": sale.location_id,
        "event": sale.event,
        "total": sale.total,
        "paid": sale.paid,
        "reverses_id": sale.reverses_id,
        "is_reversed": sale.is_reversed,
    }


def sale_out(facility, sale_id: int) -> SaleOut:
    """One sale of the unit with its lines and payments (call inside the unit's scope)."""
    sale = selectors.sale_get(facility=facility, pk=sale_id)
    if sale is None:
        raise Http404
    invoice = getattr(sale, "invoice", None)
    return SaleOut(
        **_summary_fields(sale),
        reason=sale.reason,
        note=sale.note,
        invoice_id=invoice.pk if invoice else None,
        lines=[line_out(line) for line in selectors.sale_lines(sale)],
        payments=[payment_out(p) for p in selectors.sale_payments(sale)],
    )


def _invoice_fields(invoice) -> dict:
    return {
        "id": invoice.pk,
        "number": invoice.number,
        "sale_id": invoice.sale_id,
        "partner_id": invoice.partner_id,
        "bill_to": invoice.bill_to,
        "issued_on": invoice.issued_on,
        "due_on": invoice.due_on,
        "amount": invoice.amount,
        "paid": invoice.paid,
        "outstanding": invoice.outstanding,
        "status": invoice.status,
    }


def _invoice(facility, invoice_id: int):
    invoice = selectors.invoice_get(
        facility=facility, pk=invoice_id, today=today_in(facility.timezone)
    )
    if invoice is None:
        raise Http404
    return invoice


def _payment(facility, payment_id: int):
    payment = selectors.payment_get(facility=facility, pk=payment_id)
    if payment is None:
        raise Http404
    return payment


# --- sales ---------------------------------------------------------------------------------


@router.get(
    "/{code}/sales",
    response={200: SalePage, **ERRORS},
    summary="List the unit's sales of every channel, reversals included (newest first)",
)
def sale_list(request, code: str, filters: Query[SaleFilter]):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        sales = selectors.sale_list(
            facility=facility,
            channel=filters.channel or "",
            month=_month(filters.month),
            query=filters.q.strip(),
        )
        rows, cursor = keyset(sales, filters.after, filters.limit)
        return SalePage(
            items=[SaleSummaryOut(**_summary_fields(s)) for s in rows], next_cursor=cursor
        )


@router.get(
    "/{code}/sales/{sale_id}",
    response={200: SaleOut, **ERRORS},
    summary="One sale with its lines, payments and refunds",
)
def sale_detail(request, code: str, sale_id: int):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        return sale_out(facility, sale_id)


# --- invoices ------------------------------------------------------------------------------


@router.get(
    "/{code}/invoices",
    response={200: InvoicePage, **ERRORS},
    summary="List the unit's invoices with what is paid and still owed (newest first)",
)
def invoice_list(request, code: str, filters: Query[InvoiceFilter]):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        invoices = selectors.invoice_list(
            facility=facility,
            today=today_in(facility.timezone),
            status=filters.status or "",
            partner_id=filters.partner_id,
            month=_month(filters.month),
        )
        rows, cursor = keyset(invoices, filters.after, filters.limit)
        return InvoicePage(
            items=[InvoiceSummaryOut(**_invoice_fields(i)) for i in rows], next_cursor=cursor
        )


@router.get(
    "/{code}/invoices/{invoice_id}",
    response={200: InvoiceOut, **ERRORS},
    summary="One invoice with its lines and payments",
)
def invoice_detail(request, code: str, invoice_id: int):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        invoice = _invoice(facility, invoice_id)
        return InvoiceOut(
            **_invoice_fields(invoice),
            lines=[line_out(line) for line in selectors.sale_lines(invoice.sale)],
            payments=[payment_out(p) for p in selectors.sale_payments(invoice.sale)],
        )


@router.get(
    "/{code}/invoices/{invoice_id}/pdf",
    response=PDF_ERRORS,
    openapi_extra=pdf_doc("The invoice (tagihan), PDF."),
    summary="Print an invoice (PDF, in Indonesian)",
)
def invoice_document(request, code: str, invoice_id: int):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        invoice = _invoice(facility, invoice_id)
        pdf = invoice_pdf(invoice)
    return PdfResponse(pdf, filename=invoice_filename(invoice))


# --- payments ------------------------------------------------------------------------------


@router.post(
    "/{code}/payments",
    response={201: PaymentOut, **ERRORS},
    summary="Record money received for a sale (in part or in full); numbers its receipt",
)
def payment_create(request, code: str, payload: PaymentIn):
    facility = facility_for(request, code, Perm.PAYMENT_RECORD)
    with scope(facility=[facility.pk]):
        sale = in_unit(Sale, facility, payload.sale_id, "sale_id", _("Choose a sale of this unit."))
        payment = payment_record(
            actor=request.user,
            sale=sale,
            amount=payload.amount,
            method=payload.method,
            paid_at=payload.paid_at,
            payer_name=payload.payer_name,
            reference=payload.reference,
            note=payload.note,
        )
        return Status(201, payment_out(payment))


@router.post(
    "/{code}/payments/{payment_id}/refund",
    response={201: PaymentOut, **ERRORS},
    summary="Pay back a payment, in part or all that is left of it (a negative payment)",
)
def payment_refund_create(request, code: str, payment_id: int, payload: RefundIn):
    facility = facility_for(request, code, Perm.PAYMENT_RECORD)
    with scope(facility=[facility.pk]):
        payment = _payment(facility, payment_id)
        refund = payment_refund(
            actor=request.user, payment=payment, amount=payload.amount, reason=payload.reason
        )
        return Status(201, payment_out(refund))


@router.get(
    "/{code}/payments/{payment_id}/receipt",
    response=PDF_ERRORS,
    openapi_extra=pdf_doc("The receipt (kuitansi) of the payment or refund, PDF."),
    summary="Print the receipt (kuitansi) of a payment or a refund (PDF, in Indonesian)",
)
def payment_receipt(request, code: str, payment_id: int):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        payment = _payment(facility, payment_id)
        pdf = receipt_pdf(payment)
    return PdfResponse(pdf, filename=receipt_filename(payment))
