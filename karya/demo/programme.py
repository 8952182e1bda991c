"""Demo of the work programme: the workshops and products of the seed articles, allocations,
and weeks of attendance and output consistent with them (1,140 sapu lidi and 290 sapu lakop
made in the eight working days before the pick-up of 31 January 2026)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from karya.core.money import split_largest_remainder
from karya.facilities.models import Facility
from karya.inmates.models import Inmate
from karya.production.services import product_create
from karya.programs.choices import AttendanceStatus, ContributionBasis, WorkSession
from karya.programs.models import Workshop
from karya.programs.services.allocations import (
    allocation_create,
    allocation_start,
    suitability_failures,
)
from karya.programs.services.attendance import DayEntry, attendance_save_day
from karya.programs.services.tools import tool_create
from karya.programs.services.trainings import (
    participant_add,
    participant_record_result,
    training_create,
)
from karya.programs.services.workshops import workshop_create

START = dt.date(2026, 1, 5)
PICKUP = dt.date(2026, 1, 31)
# The eight working days (Monday to Saturday) before the pick-up.
BROOM_DAYS = [dt.date(2026, 1, d) for d in (22, 23, 24, 26, 27, 28, 29, 30)]


@dataclass
class DemoWorkshop:
    name: str
    sector: str
    products: list[tuple[str, str, str]]  # name, category, unit of measure
    inmates: int
    daily: dict[str, int] = field(default_factory=dict)  # product → pieces a day, whole shop
    outside_walls: bool = False
    min_class: str = "medium"
    basis: str = ContributionBasis.PIECES
    description: str = ""


TOOLS = {
    "Bengkel Sapu Lidi dan Sapu Lakop": [
        ("SP-01", "Pisau raut"),
        ("SP-02", "Pisau raut"),
        ("SP-03", "Gunting kawat"),
    ],
    "Anyaman Tikar Pandan": [("AN-01", "Pisau pandan"), ("AN-02", "Gunting")],
    "Kerajinan Kayu": [("KY-01", "Gergaji"), ("KY-02", "Pahat"), ("KY-03", "Bor tangan")],
    "Kuliner": [("KL-01", "Pisau dapur"), ("KL-02", "Pisau dapur")],
}

WORKSHOPS = {
    "LPPWT": [
        DemoWorkshop(
            "Bengkel Sapu Lidi dan Sapu Lakop",
            "kerajinan",
            [("Sapu lidi", "kerajinan", "batang"), ("Sapu lakop", "kerajinan", "buah")],
            10,
            {"Sapu lidi": 60, "Sapu lakop": 15},
            description="Sapu lidi dan sapu lakop yang diambil CV. Pusat Handicraft.",
        ),
        DemoWorkshop(
            "Anyaman Tikar Pandan",
            "anyaman",
            [("Tikar anyaman pandan", "anyaman", "lembar")],
            6,
            {"Tikar anyaman pandan": 3},
            description="Pelatihan dan produksi bersama CV. Rajasa Mas Jaya Cilacap.",
        ),
        DemoWorkshop(
            "Batik Cap",
            "batik",
            [("Kain batik cap", "batik", "lembar")],
            0,
            description="Direncanakan: penjajakan maklon batik cap dengan CV Rajasa "
            "Mas Jaya (20 Agustus 2025).",
        ),
    ],
    "LPPKP": [
        DemoWorkshop(
            "Perangkap Tikus",
            "kerajinan",
            [("Perangkap tikus", "kerajinan", "buah")],
            5,
            {"Perangkap tikus": 12},
        ),
        DemoWorkshop(
            "Sarang Burung Lovebird",
            "kerajinan",
            [("Sarang burung lovebird", "kerajinan", "buah")],
            4,
            {"Sarang burung lovebird": 8},
        ),
    ],
    "LPPMK": [
        DemoWorkshop(
            "Kerajinan Kayu",
            "kayu",
            [
                ("Miniatur perahu", "kayu", "buah"),
                ("Miniatur Monumen Arek Lancor", "kayu", "buah"),
                ("Meja kayu", "kayu", "buah"),
                ("Kursi kayu", "kayu", "buah"),
            ],
            8,
            {
                "Miniatur perahu": 4,
                "Miniatur Monumen Arek Lancor": 2,
                "Meja kayu": 1,
                "Kursi kayu": 2,
            },
        ),
        DemoWorkshop(
            "Cuci Mobil dan Motor",
            "jasa",
            [("Cuci mobil", "jasa", "kali"), ("Cuci motor", "jasa", "kali")],
            4,
            {"Cuci mobil": 6, "Cuci motor": 14},
            outside_walls=True,
            min_class="minimum",
            basis=ContributionBasis.DAYS,
        ),
        DemoWorkshop(
            "Kuliner",
            "kuliner",
            [
                ("Kue kering", "kuliner", "paket"),
                ("Camilan tradisional", "kuliner", "paket"),
                ("Minuman herbal", "kuliner", "porsi"),
            ],
            5,
            {"Kue kering": 10, "Camilan tradisional": 12, "Minuman herbal": 20},
            basis=ContributionBasis.HOURS,
        ),
    ],
}


def _working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 6:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def programme_load(*, actor, facility: Facility) -> None:
    """Load one unit's demo programme unless it has workshops already (idempotent)."""
    if Workshop.objects.filter(facility=facility).exists():
        return
    rng = random.Random(f"programme-{facility.code}")  # nosec B311 # seeded, reproducible demo figures, not secrets
    taken: set[int] = set()
    candidates = list(
        Inmate.objects.filter(facility=facility, departed_on__isnull=True).order_by(
            "registration_number"
        )
    )
    for spec in WORKSHOPS.get(facility.code, []):
        products = [
            product_create(
                actor=actor, facility=facility, name=name, category=category, unit_of_measure=unit
            )
            for name, category, unit in spec.products
        ]
        workshop = workshop_create(
            actor=actor,
            facility=facility,
            name=spec.name,
            sector=spec.sector,
            outside_walls=spec.outside_walls,
            capacity=max(spec.inmates + 4, 8),
            min_security_class=spec.min_class,
            allowed_stages=["awal", "lanjutan", "akhir"],
            working_days=[0, 1, 2, 3, 4, 5],
            sessions=[WorkSession.MORNING],
            contribution_basis=spec.basis,
            description=spec.description,
            products=products,
        )
        allocations = []
        for inmate in candidates:
            if len(allocations) == spec.inmates:
                break
            if inmate.pk in taken or suitability_failures(
                workshop=workshop,
                inmate=inmate,
                session=WorkSession.MORNING,
                start_date=START,
            ):
                continue
            allocation = allocation_create(
                actor=actor,
                workshop=workshop,
                inmate=inmate,
                session=WorkSession.MORNING,
                start_date=START,
            )
            allocations.append(allocation_start(actor=actor, allocation=allocation))
            taken.add(inmate.pk)
        for code, name in TOOLS.get(spec.name, []):
            tool_create(actor=actor, workshop=workshop, code=code, name=name)
        if allocations:
            _record_days(actor, workshop, allocations, spec, products, rng)
        if spec.name == "Anyaman Tikar Pandan" and allocations:
            _pandan_training(actor, facility, workshop, allocations)


def _pandan_training(actor, facility, workshop, allocations) -> None:
    """Seed 003: the pandan-mat training given by CV. Rajasa Mas Jaya Cilacap, monitored on
    31 July 2025."""
    training = training_create(
        actor=actor,
        facility=facility,
        title="Pelatihan Anyaman Tikar Pandan",
        provider_name="CV. Rajasa Mas Jaya Cilacap",
        hours_jp=40,
        competency_units="Membuat anyaman tikar dari daun pandan",
        start_date=dt.date(2025, 7, 24),
        end_date=dt.date(2025, 7, 31),
        location="Bengkel kerja Lapas Kelas IIA Purwokerto",
        workshop=workshop,
    )
    participant_add(actor=actor, training=training, inmate_ids=[a.inmate_id for a in allocations])
    for index, participant in enumerate(training.participants.order_by("pk")):
        participant_record_result(
            actor=actor,
            participant=participant,
            result="kompeten" if index else "belum_kompeten",
        )


def _record_days(actor, workshop, allocations, spec, products, rng) -> None:
    by_name = {p.name: p for p in products}
    days = _working_days(START, PICKUP - dt.timedelta(days=1))
    broom_totals = {"Sapu lidi": 1140, "Sapu lakop": 290}
    for day in days:
        present = [a for a in allocations if rng.random() > 0.08]
        daily = dict(spec.daily)
        if day in BROOM_DAYS and "Sapu lidi" in daily:
            # The pick-up's quantities, spread exactly over the eight days.
            index = BROOM_DAYS.index(day)
            daily = {
                name: int(split_largest_remainder(total, [1] * 8)[index])
                for name, total in broom_totals.items()
            }
        shares = {
            name: split_largest_remainder(qty, [1] * len(present)) if present else []
            for name, qty in daily.items()
        }
        entries = []
        for allocation in allocations:
            if allocation in present:
                position = present.index(allocation)
                outputs = {by_name[name].pk: int(parts[position]) for name, parts in shares.items()}
                entries.append(
                    DayEntry(allocation.pk, AttendanceStatus.PRESENT, hours=5, outputs=outputs)
                )
            else:
                entries.append(
                    DayEntry(
                        allocation.pk,
                        rng.choice(
                            [
                                AttendanceStatus.SICK,
                                AttendanceStatus.EXCUSED,
                                AttendanceStatus.VISIT,
                            ]
                        ),
                    )
                )
        attendance_save_day(actor=actor, workshop=workshop, date=day, entries=entries)
