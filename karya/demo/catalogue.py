"""Demo of the catalogue: realistic prices (valid from 1 July 2025) for the products of the
seed units, food legality with clearly fictional numbers (they start with DEMO), some products
published in the public catalogue and one listed on the e-Katalog.

Each product is completed once, through the ordinary services, when it has no price yet;
loading again changes nothing (and keeps what users changed since)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from karya.core.dates import today_in
from karya.facilities.models import Facility
from karya.production.models import Product, ProductPrice
from karya.production.services import (
    product_ekatalog_set,
    product_price_add,
    product_publish,
    product_update,
)

PRICES_FROM = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class DemoItem:
    name: str
    cost: int
    public: int
    partner: int
    published: bool = True
    description: str = ""
    pirt: str = ""
    halal: str = ""
    halal_days_left: int | None = None  # an old-style certificate ending this many days ahead
    shelf_life: int | None = None
    ekatalog: str = ""


CATALOGUE = {
    "LPPWT": [
        DemoItem(
            "Sapu lidi",
            6_000,
            15_000,
            10_000,
            description="Sapu lidi kelapa pilihan, diikat rapat, panjang ± 1 meter.",
        ),
        DemoItem(
            "Sapu lakop",
            10_000,
            25_000,
            18_000,
            description="Sapu lantai (lakop) dengan gagang kayu.",
        ),
        DemoItem(
            "Tikar anyaman pandan",
            60_000,
            150_000,
            110_000,
            description="Tikar anyaman daun pandan, ± 150 × 200 cm.",
        ),
        DemoItem("Kain batik cap", 75_000, 175_000, 130_000, published=False),
    ],
    "LPPKP": [
        DemoItem(
            "Perangkap tikus",
            15_000,
            35_000,
            25_000,
            description="Perangkap tikus kawat, dapat dipakai berulang.",
        ),
        DemoItem("Sarang burung lovebird", 18_000, 45_000, 32_000),
    ],
    "LPPMK": [
        DemoItem(
            "Miniatur perahu",
            100_000,
            250_000,
            180_000,
            description="Miniatur perahu khas Madura dari kayu.",
        ),
        DemoItem("Miniatur Monumen Arek Lancor", 120_000, 300_000, 220_000),
        DemoItem(
            "Meja kayu",
            700_000,
            1_500_000,
            1_200_000,
            ekatalog="DEMO-EKAT-LPPMK-0001",
        ),
        DemoItem("Kursi kayu", 200_000, 450_000, 360_000),
        DemoItem("Cuci mobil", 10_000, 40_000, 40_000),
        DemoItem("Cuci motor", 4_000, 15_000, 15_000),
        DemoItem(
            "Kue kering",
            20_000,
            40_000,
            32_000,
            description="Kue kering aneka rasa, kemasan toples 500 gram.",
            pirt="DEMO-2063526010001-30",
            halal="DEMO-ID35110000000010126",
            shelf_life=90,
        ),
        DemoItem(
            "Camilan tradisional",
            12_000,
            25_000,
            20_000,
            pirt="DEMO-2063526010002-30",
            halal="DEMO-LPPOM-00150000010225",
            halal_days_left=21,
            shelf_life=60,
        ),
        # A fresh drink keeps two days: no P-IRT number, so it cannot be published.
        DemoItem("Minuman herbal", 3_000, 8_000, 6_000, published=False, shelf_life=2),
    ],
}


def catalogue_load(*, actor, facility: Facility) -> None:
    """Complete the unit's demo products that have no price yet (idempotent)."""
    items = CATALOGUE.get(facility.code, [])
    if not items:
        return
    products = {p.name: p for p in Product.objects.filter(facility=facility)}
    priced = set(
        ProductPrice.objects.filter(facility=facility).values_list("product_id", flat=True)
    )
    today = today_in(facility.timezone)
    for item in items:
        product = products.get(item.name)
        if product is None or product.pk in priced:
            continue
        fields = {
            "description": product.description or item.description,
            "pirt_number": item.pirt,
            "halal_number": item.halal,
            "halal_valid_until": (
                today + dt.timedelta(days=item.halal_days_left)
                if item.halal_days_left is not None
                else None
            ),
            "shelf_life_days": item.shelf_life,
        }
        if not product.is_food:
            fields = {"description": fields["description"]}
        product_update(actor=actor, product=product, **fields)
        product_price_add(
            actor=actor,
            product=product,
            valid_from=PRICES_FROM,
            cost=item.cost,
            public_price=item.public,
            partner_price=item.partner,
        )
        if item.ekatalog:
            product_ekatalog_set(actor=actor, product=product, listed=True, reference=item.ekatalog)
        if item.published:
            product_publish(actor=actor, product=product)
