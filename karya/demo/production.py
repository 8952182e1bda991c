"""Demo of materials and production orders: the raw materials each seed unit buys, one
partner-supplied material (the mori cloth for the planned batik with CV Rajasa Mas Jaya, never
valued), and finished orders accounting for the seed goods — in Purwokerto 1,140 sapu lidi and
290 sapu lakop made from 22 to 30 January 2026 for the 31 January pick-up (seed 000).

Everything goes through the services; a unit that already has materials is left alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from karya.facilities.models import Facility
from karya.inventory.models import StockLocation
from karya.partners.models import Partner
from karya.production import services
from karya.production.models import Material, Product
from karya.programs.models import Workshop


@dataclass(frozen=True)
class DemoOrder:
    workshop: str
    product: str
    planned: int
    start: dt.date
    finish: dt.date
    good: int
    rejected: int
    materials: list[tuple[str, str]] = field(default_factory=list)  # material, quantity


# name, unit, supplier, [(date, quantity, unit price)]
MATERIALS = {
    "LPPWT": [
        ("Lidi kelapa", "kg", "UD Sumber Lidi Banyumas", [(dt.date(2026, 1, 15), "600", 3000)]),
        ("Ijuk", "kg", "UD Sumber Lidi Banyumas", [(dt.date(2026, 1, 15), "160", 12000)]),
        ("Gagang bambu", "batang", "Toko Bambu Sokaraja", [(dt.date(2026, 1, 16), "300", 2000)]),
        ("Tali rafia", "ikat", "Toko Bambu Sokaraja", [(dt.date(2026, 1, 16), "20", 15000)]),
        (
            "Daun pandan kering",
            "ikat",
            "Pengrajin Pandan Cilacap",
            [(dt.date(2026, 1, 5), "80", 25000)],
        ),
    ],
    "LPPKP": [
        ("Kawat", "kg", "Toko Besi Pangkalpinang", [(dt.date(2026, 1, 6), "40", 28000)]),
        ("Papan kayu", "lembar", "UD Kayu Bangka", [(dt.date(2026, 1, 6), "60", 15000)]),
        ("Bambu", "batang", "UD Kayu Bangka", [(dt.date(2026, 1, 7), "50", 10000)]),
    ],
    "LPPMK": [
        ("Kayu jati", "kg", "UD Jati Madura", [(dt.date(2026, 1, 8), "120", 18000)]),
        ("Tepung terigu", "kg", "Toko Sembako Pamekasan", [(dt.date(2026, 1, 12), "50", 13000)]),
        ("Gula pasir", "kg", "Toko Sembako Pamekasan", [(dt.date(2026, 1, 12), "25", 17000)]),
    ],
}

ORDERS = {
    "LPPWT": [
        DemoOrder(
            "Bengkel Sapu Lidi dan Sapu Lakop",
            "Sapu lidi",
            1140,
            dt.date(2026, 1, 22),
            dt.date(2026, 1, 30),
            1140,
            12,
            [("Lidi kelapa", "575"), ("Tali rafia", "15")],
        ),
        DemoOrder(
            "Bengkel Sapu Lidi dan Sapu Lakop",
            "Sapu lakop",
            290,
            dt.date(2026, 1, 22),
            dt.date(2026, 1, 30),
            290,
            4,
            # A quarter kilo of ijuk a broom: material below the agreed price of Rp 7.500.
            [("Ijuk", "73"), ("Gagang bambu", "294")],
        ),
        DemoOrder(
            "Anyaman Tikar Pandan",
            "Tikar anyaman pandan",
            30,
            dt.date(2026, 1, 7),
            dt.date(2026, 1, 28),
            27,
            1,
            [("Daun pandan kering", "56")],
        ),
    ],
    "LPPKP": [
        DemoOrder(
            "Perangkap Tikus",
            "Perangkap tikus",
            150,
            dt.date(2026, 1, 8),
            dt.date(2026, 1, 24),
            144,
            6,
            [("Kawat", "30"), ("Papan kayu", "38")],
        ),
        DemoOrder(
            "Sarang Burung Lovebird",
            "Sarang burung lovebird",
            100,
            dt.date(2026, 1, 9),
            dt.date(2026, 1, 24),
            96,
            2,
            [("Bambu", "40")],
        ),
    ],
    "LPPMK": [
        DemoOrder(
            "Kerajinan Kayu",
            "Miniatur perahu",
            40,
            dt.date(2026, 1, 9),
            dt.date(2026, 1, 29),
            38,
            2,
            [("Kayu jati", "60")],
        ),
        DemoOrder(
            "Kuliner",
            "Kue kering",
            120,
            dt.date(2026, 1, 13),
            dt.date(2026, 1, 17),
            118,
            2,
            [("Tepung terigu", "30"), ("Gula pasir", "12")],
        ),
    ],
}

MORI = "Kain mori"
MORI_PARTNER = "CV Rajasa Mas Jaya"


def production_load(*, actor, facility: Facility) -> None:
    """Load one unit's materials and finished orders unless it has materials (idempotent)."""
    if facility.code not in MATERIALS or Material.objects.filter(facility=facility).exists():
        return
    materials = {}
    for name, unit, supplier, purchases in MATERIALS[facility.code]:
        material = services.material_create(
            actor=actor, facility=facility, name=name, unit_of_measure=unit, owner="own"
        )
        for day, quantity, price in purchases:
            services.material_purchase(
                actor=actor,
                material=material,
                quantity=quantity,
                unit_price=Decimal(price),
                supplier=supplier,
                moved_on=day,
            )
        materials[name] = material
    if facility.code == "LPPWT":
        partner = Partner.objects.filter(facility=facility, legal_name__icontains="Rajasa").first()
        mori = services.material_create(
            actor=actor,
            facility=facility,
            name=MORI,
            unit_of_measure="meter",
            owner="partner",
            partner=partner,
            partner_name="" if partner else MORI_PARTNER,
        )
        services.material_supply(
            actor=actor,
            material=mori,
            quantity="100",
            moved_on=dt.date(2026, 1, 20),
            note="Untuk uji coba maklon batik cap",
        )
    store = StockLocation.objects.filter(facility=facility, kind="store").order_by("pk").first()
    for spec in ORDERS.get(facility.code, []):
        workshop = Workshop.objects.get(facility=facility, name=spec.workshop)
        product = Product.objects.get(facility=facility, name=spec.product)
        order = services.order_plan(
            actor=actor,
            facility=facility,
            workshop=workshop,
            product=product,
            planned_quantity=spec.planned,
            start_date=spec.start,
            due_date=spec.finish,
            note="Demo",
        )
        order = services.order_start(actor=actor, order=order, started_on=spec.start)
        for name, quantity in spec.materials:
            services.order_consume_material(
                actor=actor,
                order=order,
                material=materials[name],
                quantity=quantity,
                used_on=spec.start,
            )
        services.order_finish(
            actor=actor,
            order=order,
            location=store,
            good_quantity=spec.good,
            rejected_quantity=spec.rejected,
            finished_on=spec.finish,
        )
