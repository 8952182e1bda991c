"""Demo of the stock area: a production store and a gallery in each seed unit, opening stock of
the unit's goods (services have none) and part of it moved to the gallery. Everything goes
through the stock services; a unit that already has stock locations is left alone."""

from __future__ import annotations

import random
from decimal import Decimal

from karya.facilities.models import Facility
from karya.inventory.choices import LocationKind, MoveKind
from karya.inventory.models import StockLocation
from karya.inventory.services import stock_receive, stock_transfer
from karya.inventory.services.locations import location_create
from karya.production.choices import UnitOfMeasure
from karya.production.models import Product

STORE = "Gudang Produksi"
GALLERY = "Galeri"
# What one unit costs to make, in rupiah (demo figures).
UNIT_COSTS = {
    "Sapu lidi": 6000,
    "Sapu lakop": 9000,
    "Tikar anyaman pandan": 45000,
    "Kain batik cap": 85000,
    "Perangkap tikus": 15000,
    "Sarang burung lovebird": 12000,
    "Miniatur perahu": 60000,
    "Miniatur Monumen Arek Lancor": 75000,
    "Meja kayu": 350000,
    "Kursi kayu": 175000,
    "Kue kering": 20000,
    "Camilan tradisional": 10000,
    "Minuman herbal": 5000,
}
DEFAULT_COST = 10000


def stock_load(*, actor, facility: Facility) -> None:
    """Load one unit's demo stock unless it has stock locations already (idempotent)."""
    if StockLocation.objects.filter(facility=facility).exists():
        return
    store = location_create(actor=actor, facility=facility, name=STORE, kind=LocationKind.STORE)
    gallery = location_create(
        actor=actor, facility=facility, name=GALLERY, kind=LocationKind.GALLERY
    )
    rng = random.Random(f"stock-{facility.code}")  # nosec B311 # seeded, reproducible demo figures, not secrets
    goods = (
        Product.objects.filter(facility=facility, is_active=True)
        .exclude(unit_of_measure=UnitOfMeasure.KALI)
        .order_by("name")
    )
    for product in goods:
        quantity = rng.randrange(20, 121, 5)
        stock_receive(
            actor=actor,
            location=store,
            product=product,
            quantity=quantity,
            kind=MoveKind.OPENING,
            unit_cost=Decimal(UNIT_COSTS.get(product.name, DEFAULT_COST)),
            reference="Stok awal",
        )
        stock_transfer(
            actor=actor,
            source=store,
            destination=gallery,
            product=product,
            quantity=max(1, quantity // 4),
            note="Dipajang di galeri",
        )
