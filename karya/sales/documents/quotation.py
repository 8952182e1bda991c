"""The quotation letter (surat penawaran harga) of an order: the unit's letterhead, the order's
number and date, the customer, the lines with their total written out in words, how long the
prices hold and the head's signature. An official Indonesian letter: always in Indonesian,
whatever the interface language; it names no inmate."""

from __future__ import annotations

from django.utils import translation

from karya.core.documents import render_pdf
from karya.core.money import terbilang
from karya.programs.selectors.documents import head_of, place_date
from karya.sales.models import CustomerOrder
from karya.sales.selectors import orders as selectors
from karya.sales.services.orders import PAYMENT_TERM_DAYS

TEMPLATE = "sales/orders/doc_quotation.html"


def quotation_context(order: CustomerOrder) -> dict:
    """What the letter shows (the order as read by `selectors.order_get`)."""
    lines = selectors.order_lines(order)
    total = sum((line.amount for line in lines), 0)
    return {
        "facility": order.facility,
        "order": order,
        "lines": lines,
        "total": total,
        "total_words": terbilang(total),
        "valid_until": selectors.quotation_valid_until(order),
        "payment_days": PAYMENT_TERM_DAYS,
        "place_date": place_date(order.facility, order.quoted_on),
        "signer": head_of(order.facility),
    }


def quotation_pdf(order: CustomerOrder, *, request=None) -> bytes:
    """The letter as PDF bytes; DocumentError when it cannot be made (nothing is written)."""
    with translation.override("id"):
        return render_pdf(TEMPLATE, quotation_context(order), request=request)


def quotation_filename(order: CustomerOrder) -> str:
    return f"penawaran-harga-{order.number.replace('/', '-')}"
