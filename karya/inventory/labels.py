"""Product labels: a sheet of A4 stickers (3 × 8 labels of 63.5 × 33.9 mm) for the goods of one
lot, each with the product's name, unit of measure and public price valid today, the lot code,
the unit that made it, "Hasil karya Warga Binaan" and a QR code that opens the lot's public
traceability page.

A label is meant for the public: it never names, numbers or pictures an inmate (DESIGN.md §5).
The QR code is drawn by segno as inline SVG inside the HTML that WeasyPrint lays out: no
network, no temporary file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

import segno
from django.conf import settings
from django.db.models import Sum
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from karya.core.errors import DomainError
from karya.core.money import format_rupiah
from karya.inventory.models import Lot, StockBalance
from karya.production.selectors import price_on

COLUMNS = 3
ROWS = 8
LABELS_PER_SHEET = COLUMNS * ROWS  # 24: the common A4 sheet of 63.5 × 33.9 mm stickers
MAX_LABELS = 240  # ten sheets at most in one print
TEMPLATE = "inventory/doc_labels.html"
# How segno draws the QR code (the tests draw the expected code with the same options).
QR_ERROR = "m"  # survives a scratched or creased sticker (15 % of the code)
QR_SVG = {"omitsize": True, "border": 2, "svgclass": "qr", "lineclass": None}
NO_PRICE = "—"


def lot_public_url(lot: Lot) -> str:
    """The public address of a lot's traceability page: `<KARYA_SITE_URL>/telusur/<facility
    code>/<lot code>/`, printed into the QR code of its labels.

    The address is fixed now so that labels printed today keep working; the page itself comes
    with the public catalogue (a later issue), which must answer exactly this path. Each part
    is percent-encoded, so a lot code with a slash or a space still makes one path segment.
    """
    base = settings.KARYA_SITE_URL.rstrip("/")
    facility_code = quote(lot.facility.code, safe="")
    lot_code = quote(lot.code, safe="")
    return f"{base}/telusur/{facility_code}/{lot_code}/"


def qr_code(url: str) -> segno.QRCode:
    """The QR code of `url` (never a Micro QR: phones do not read those)."""
    return segno.make(url, error=QR_ERROR, micro=False)


def qr_svg(url: str) -> SafeString:
    """The QR code of `url` as an inline <svg> element, sized by the stylesheet."""
    return mark_safe(qr_code(url).svg_inline(**QR_SVG))  # noqa: S308  # nosec B308 B703 # segno's own markup


def lot_get(*, facility, pk) -> Lot | None:
    """One lot of the unit, with its product and unit; None for a missing one and for another
    unit's alike."""
    return (
        Lot.objects.filter(facility=facility, pk=pk)
        .select_related("product", "facility__region")
        .first()
    )


def lot_stock(*, lot: Lot, location_id: int | None = None) -> int:
    """Units of the lot in stock now: at one location of its unit, or at all of them."""
    balances = StockBalance.objects.filter(facility_id=lot.facility_id, lot=lot)
    if location_id is not None:
        balances = balances.filter(location_id=location_id)
    return balances.aggregate(total=Sum("quantity"))["total"] or 0


def default_count(stock: int) -> int:
    """How many labels to offer: one per unit in stock, between 1 and MAX_LABELS."""
    return max(1, min(stock, MAX_LABELS))


def count_message() -> str:
    return _("The number of labels must be a whole number from 1 to %(max)d.") % {"max": MAX_LABELS}


def start_message() -> str:
    return _(
        "The place of the first label on the sheet must be a whole number from 1 to %(max)d."
    ) % {"max": LABELS_PER_SHEET}


def check_count(count: int) -> None:
    if not 1 <= count <= MAX_LABELS:
        raise DomainError(count_message(), code="label_count", field="count")


def check_start(start: int) -> None:
    if not 1 <= start <= LABELS_PER_SHEET:
        raise DomainError(start_message(), code="label_start", field="start")


@dataclass(frozen=True)
class Label:
    product_name: str
    unit_of_measure: str
    price: str  # "Rp 15.000", or NO_PRICE
    lot_code: str
    facility_name: str
    url: str
    qr_svg: SafeString


@dataclass(frozen=True)
class Slot:
    row: int
    column: int
    label: Label | None  # None: a place left empty (already used on the sheet)


def label_sheets(*, lot: Lot, count: int, start: int = 1, today: dt.date) -> dict:
    """The context of the label PDF: `sheets`, a list of pages, each a list of the slots in
    reading order (left to right, top to bottom), starting at place `start` of the first sheet.
    Raises DomainError for a count outside 1..MAX_LABELS or a place outside the sheet."""
    check_count(count)
    check_start(start)
    product = lot.product
    price = price_on(product, today)
    url = lot_public_url(lot)
    label = Label(
        product_name=product.name,
        unit_of_measure=product.get_unit_of_measure_display(),
        price=format_rupiah(price.public_price) if price is not None else NO_PRICE,
        lot_code=lot.code,
        facility_name=lot.facility.name,
        url=url,
        qr_svg=qr_svg(url),
    )
    places = [None] * (start - 1) + [label] * count
    sheets = []
    for first in range(0, len(places), LABELS_PER_SHEET):
        page = places[first : first + LABELS_PER_SHEET]
        sheets.append(
            [Slot(row=i // COLUMNS, column=i % COLUMNS, label=item) for i, item in enumerate(page)]
        )
    return {
        "facility": lot.facility,
        "lot": lot,
        "label": label,
        "count": count,
        "start": start,
        "sheets": sheets,
    }
