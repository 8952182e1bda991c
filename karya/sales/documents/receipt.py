"""The receipt (kuitansi) of a payment, or of a refund, as PDF: the unit's letterhead, the
KW number, from whom, the amount in figures and in words, what it pays for, the place and date
and the signature of the officer who received the money, over a duty stamp (meterai) when the
amount reaches the legal threshold. An official form: always in Indonesian."""

from __future__ import annotations

from django.utils import translation

from karya.core.dates import local
from karya.core.documents import render_pdf
from karya.core.money import terbilang
from karya.programs.selectors.documents import place_date
from karya.sales.choices import METERAI_THRESHOLD
from karya.sales.models import Payment
from karya.sales.selectors.money import sale_line_summary

TEMPLATE = "sales/doc_receipt.html"


def needs_meterai(amount) -> bool:
    """A receipt for Rp5.000.000 or more carries a duty stamp (UU 10/2020)."""
    return abs(amount) >= METERAI_THRESHOLD


def _in_words(amount) -> str:
    words = terbilang(abs(amount))
    return words[:1].upper() + words[1:]


def receipt_context(payment: Payment) -> dict:
    """What the receipt shows (the template does no arithmetic)."""
    sale = payment.sale
    facility = payment.facility
    invoice = getattr(sale, "invoice", None)
    buyer = (
        payment.payer_name
        or sale.customer_name
        or (invoice.bill_to if invoice else "")
        or (sale.partner.legal_name if sale.partner_id else "")
    )
    amount = abs(payment.amount)
    return {
        "facility": facility,
        "payment": payment,
        "sale": sale,
        "invoice": invoice,
        "is_refund": payment.reverses_id is not None,
        "buyer": buyer,
        "amount": amount,
        "in_words": _in_words(amount),
        "lines": sale_line_summary(sale),
        "partial": not payment.reverses_id and amount < sale.total,
        "meterai": needs_meterai(amount),
        "place_date": place_date(facility, local(payment.paid_at, facility.timezone).date()),
        "officer": payment.created_by,
    }


def receipt_pdf(payment: Payment) -> bytes:
    """The receipt of a payment (KUITANSI) or of a refund (KUITANSI PENGEMBALIAN UANG) as
    PDF bytes. Raises karya.core.documents.DocumentError when it cannot be produced."""
    with translation.override("id"):
        return render_pdf(TEMPLATE, receipt_context(payment))


def receipt_filename(payment: Payment) -> str:
    return "kuitansi-" + payment.number.replace("/", "-")
