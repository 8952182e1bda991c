"""Demo of the counter: a bazaar day, "One Day One Prison Product", at Lapas Pamekasan
(seed 004) on Saturday 14 February 2026. Goods of the wood and food workshops are brought from
the production store to a bazaar stand and sold there, with the car and motorbike wash of the
Cuci Mobil dan Motor workshop, paid in cash (with change), by transfer and by QRIS; one sale
typed wrongly is cancelled and made again.

Everything goes through the services; a unit that already has the bazaar's sales is left
alone, so loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from karya.accounts.models import User
from karya.demo.catalogue import PRICES_FROM
from karya.facilities.models import Facility
from karya.inventory.choices import LocationKind
from karya.inventory.models import StockLocation
from karya.inventory.services import stock_transfer
from karya.inventory.services.locations import location_create
from karya.production.models import Product, ProductPrice
from karya.production.services import product_create, product_price_add
from karya.sales.choices import Channel
from karya.sales.models import Sale
from karya.sales.services.counter import CounterLine, counter_sale, counter_sale_cancel

UNIT = "LPPMK"
EVENT = "One Day One Prison Product"
STAND = "Stan Bazar Alun-Alun Arek Lancor"
BAZAAR_DAY = dt.date(2026, 2, 14)
SELLER = "hasilkerja.pmk"  # the unit's output officer (karya.demo.data.DEMO_USERS)
# The services sold at the stand, made when the catalogue lacks them: name, cost, public price.
SERVICES = [("Cuci mobil", 10_000, 40_000), ("Cuci motor", 4_000, 15_000)]
# What is brought from the store to the stand in the morning.
BROUGHT = {
    "Miniatur perahu": 3,
    "Miniatur Monumen Arek Lancor": 2,
    "Kue kering": 10,
    "Camilan tradisional": 12,
    "Minuman herbal": 12,
}


@dataclass(frozen=True)
class DemoSale:
    time: str  # "09.15", WIB
    lines: list[tuple[str, int]]
    method: str
    tendered: int | None = None
    reference: str = ""
    customer: str = ""


SALES = [
    DemoSale("08.20", [("Cuci mobil", 1)], "cash", 50_000, customer="Pak Hasan"),
    DemoSale("08.45", [("Cuci motor", 2), ("Minuman herbal", 2)], "cash", 50_000),
    DemoSale(
        "09.10",
        [("Miniatur perahu", 1), ("Kue kering", 2)],
        "transfer",
        reference="BRI 2026021409101",
        customer="Ibu Halimah",
    ),
    DemoSale(
        "09.30",
        [("Camilan tradisional", 4), ("Minuman herbal", 3)],
        "qris",
        reference="QRIS-140226-0931",
    ),
    DemoSale(
        "10.05",
        [("Miniatur Monumen Arek Lancor", 1), ("Cuci mobil", 1)],
        "cash",
        400_000,
        customer="Dinas Pariwisata Kab. Pamekasan",
    ),
    DemoSale("10.40", [("Cuci motor", 3)], "qris", reference="QRIS-140226-1040"),
    DemoSale("11.15", [("Kue kering", 3), ("Camilan tradisional", 2)], "cash", 200_000),
    DemoSale("13.00", [("Cuci mobil", 2), ("Cuci motor", 1)], "cash", 100_000),
]
# 11.15's sale was typed with three jars of cookies instead of one: cancelled, made again.
WRONG, CANCELLED_AT, REASON = "11.15", "11.20", "Salah input jumlah kue kering"
CORRECTED = DemoSale("11.21", [("Kue kering", 1), ("Camilan tradisional", 2)], "cash", 100_000)


def _at(facility: Facility, time: str) -> dt.datetime:
    hours, minutes = (int(part) for part in time.split("."))
    return dt.datetime.combine(
        BAZAAR_DAY, dt.time(hours, minutes), tzinfo=ZoneInfo(facility.timezone)
    )


def _services(actor, facility: Facility) -> None:
    """Make the wash services and their prices when the catalogue lacks them."""
    for name, cost, public in SERVICES:
        product = Product.objects.filter(facility=facility, name=name).first()
        if product is None:
            product = product_create(
                actor=actor, facility=facility, name=name, category="jasa", unit_of_measure="kali"
            )
        if not ProductPrice.objects.filter(facility=facility, product=product).exists():
            product_price_add(
                actor=actor,
                product=product,
                valid_from=PRICES_FROM,
                cost=cost,
                public_price=public,
                partner_price=public,
            )


def _stand(actor, facility: Facility) -> StockLocation:
    """The bazaar stand, stocked from the production store."""
    stand = StockLocation.objects.filter(facility=facility, name=STAND).first()
    if stand is None:
        stand = location_create(actor=actor, facility=facility, name=STAND, kind=LocationKind.OTHER)
    store = StockLocation.objects.filter(facility=facility, kind=LocationKind.STORE).first()
    products = {p.name: p for p in Product.objects.filter(facility=facility)}
    for name, quantity in BROUGHT.items():
        stock_transfer(
            actor=actor,
            source=store,
            destination=stand,
            product=products[name],
            quantity=quantity,
            reference=EVENT,
            note="Dibawa ke stan bazar",
        )
    return stand


def _sell(actor, facility, stand, spec: DemoSale, products) -> Sale:
    return counter_sale(
        actor=actor,
        location=stand,
        lines=[CounterLine(products[name], quantity) for name, quantity in spec.lines],
        payment_method=spec.method,
        amount_tendered=spec.tendered,
        reference=spec.reference,
        customer_name=spec.customer,
        event=EVENT,
        sold_at=_at(facility, spec.time),
    )


def counter_demo_load(*, actor, facility: Facility) -> None:
    """Load the bazaar day of Lapas Pamekasan unless its sales exist (idempotent)."""
    if facility.code != UNIT:
        return
    if Sale.objects.filter(facility=facility, channel=Channel.COUNTER, event=EVENT).exists():
        return
    seller = User.objects.filter(username=SELLER).first() or actor
    _services(seller, facility)
    stand = _stand(seller, facility)
    products = {p.name: p for p in Product.objects.filter(facility=facility)}
    for spec in SALES:
        sale = _sell(seller, facility, stand, spec, products)
        if spec.time == WRONG:
            counter_sale_cancel(
                actor=seller, sale=sale, reason=REASON, when=_at(facility, CANCELLED_AT)
            )
            _sell(seller, facility, stand, CORRECTED, products)
