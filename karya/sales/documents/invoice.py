"""The invoice (tagihan / faktur) of a sale as PDF: the unit's letterhead, the INV number,
whom it is for, the lines, the total in figures and words, what has been paid and what is still
owed when it is printed, the due date and the signatures of the issuing officer and of the head
("Mengetahui"). An official form: always in Indonesian."""

from __future__ import annotations

from django.utils import timezone, translation

from karya.core.dates import today_in
from karya.core.documents import render_pdf
from karya.core.money import terbilang
from karya.programs.selectors.documents import head_of, place_date
from karya.sales.models import Invoice
from karya.sales.selectors.money import sale_line_summary

TEMPLATE = "sales/doc_invoice.html"


def invoice_context(invoice: Invoice) -> dict:
    """What the invoice shows. `invoice` comes from `invoice_get` (paid and outstanding
    amounts annotated)."""
    facility = invoice.facility
    words = terbilang(invoice.amount)
    return {
        "facility": facility,
        "invoice": invoice,
        "sale": invoice.sale,
        "partner": invoice.partner,
        "lines": sale_line_summary(invoice.sale),
        "in_words": words[:1].upper() + words[1:],
        "place_date": place_date(facility, invoice.issued_on),
        "officer": invoice.created_by,
        "head": head_of(facility),
        "printed_at": timezone.now(),
        "today": today_in(facility.timezone),
    }


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice as PDF bytes (DocumentError when it cannot be produced)."""
    with translation.override("id"):
        return render_pdf(TEMPLATE, invoice_context(invoice))


def invoice_filename(invoice: Invoice) -> str:
    return "tagihan-" + invoice.number.replace("/", "-")
