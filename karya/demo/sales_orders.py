"""Demo of customer orders: seed 004 says Lapas Pamekasan sells through the government
e-catalogue (e-Katalog LKPP). An institution — the regency's education office, with an invented
e-Katalog package number marked DEMO — orders ten wooden tables (meja kayu, listed on the
e-Katalog) in February 2026; the unit quotes, confirms, delivers them from its store with an
invoice, and the office pays by transfer (an invented SP2D reference, also marked DEMO).

Everything goes through the services, acted by the unit's Plh. Kasi Giatja (Fariz, seed 004);
a unit that already has this order is left alone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from karya.accounts.models import User
from karya.demo.stock import STORE
from karya.facilities.models import Facility
from karya.inventory.models import StockLocation
from karya.inventory.services.moves import available
from karya.production.models import Product
from karya.sales.models import CustomerOrder
from karya.sales.services.orders import (
    QuoteLine,
    order_confirm,
    order_deliver,
    order_quote,
)
from karya.sales.services.payments import payment_record

UNIT = "LPPMK"
EKATALOG_REFERENCE = "DEMO-EPA-P2602-0004711"
BUYER = "Dinas Pendidikan Kabupaten Pamekasan"
CONTACT = "Bagian Umum dan Perlengkapan, 0324-322000 (demo)"
PRODUCT = "Meja kayu"
QUANTITY = 10
WIB = ZoneInfo("Asia/Jakarta")
QUOTED = dt.date(2026, 2, 2)
ORDERED = dt.date(2026, 2, 4)
DUE = dt.date(2026, 2, 25)
DELIVERED = dt.datetime(2026, 2, 20, 10, 0, tzinfo=WIB)
PAID = dt.datetime(2026, 2, 27, 13, 30, tzinfo=WIB)
TRANSFER_REFERENCE = "DEMO-SP2D-00123/2026"


def sales_orders_load(*, actor, facility: Facility) -> CustomerOrder | None:
    """Load the unit's demo e-Katalog order (idempotent; only Lapas Pamekasan has one). Needs
    the catalogue (the table listed on the e-Katalog, its price) and the stock loaded first."""
    if facility.code != UNIT:
        return None
    existing = CustomerOrder.objects.filter(
        facility=facility, ekatalog_reference=EKATALOG_REFERENCE
    ).first()
    if existing is not None:
        return existing
    product = Product.objects.filter(facility=facility, name=PRODUCT).first()
    store = StockLocation.objects.filter(facility=facility, name=STORE).first()
    if product is None or store is None or not product.ekatalog_listed:
        return None
    if available(store, product) < QUANTITY:  # sold meanwhile: the demo does not invent stock
        return None
    officer = User.objects.filter(username="kasigiatja.pmk").first() or actor
    order = order_quote(
        actor=officer,
        facility=facility,
        customer_kind="ekatalog",
        customer_name=BUYER,
        customer_contact=CONTACT,
        ekatalog_reference=EKATALOG_REFERENCE,
        quoted_on=QUOTED,
        lines=[QuoteLine(product, QUANTITY)],
        note="Pengadaan meja kayu untuk sekolah dasar binaan (data demo).",
    )
    order_confirm(actor=officer, order=order, ordered_on=ORDERED, due_on=DUE)
    sale = order_deliver(actor=officer, order=order, location=store, delivered_at=DELIVERED)
    payment_record(
        actor=officer,
        sale=sale,
        amount=sale.total,
        method="transfer",
        reference=TRANSFER_REFERENCE,
        payer_name=BUYER,
        paid_at=PAID,
    )
    return order
