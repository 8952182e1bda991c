"""The national benchmark dataset: deterministic for a seed, a scale and a last day, loaded with
COPY into the real tables (karya.bench.copying), so the real pages and services run on it.

At scale 1.0 (the issue's "full scale"): every unit of the reference list (`karya
load-reference`), 280,000 inmates, 84,000 active allocations, 12 months of daily attendance and
output for them (about 20 million rows), 300,000 production orders (finished ones with their
lot and stock), 50,000 posted beli-putus handovers (BAST) with their sale and invoice, sales
with 2 million sale lines in all, every sale paid, its payment divided over its lines and split
by the national split rule, and an approved premi run per workshop and month (shares credited
to the inmates' ledgers) up to two months back. The month before the current one is left
without runs (the premi benchmark previews it); the current month runs to the last day.

Unit sizes vary (a deterministic weight per unit, the first unit by code four times the
average) and one unit is left without inmates for the SDP import benchmark. Made by this
module and not by the services (which would take days at this scale); what the services would
also have written and this does not: audit rows, stock moves of goods sold (the sales are
counter sales of goods not tracked in the stock ledger; the produced goods are), notifications.
The monthly figures (karya.reports) are then computed by the reports service itself.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django_scopes import scopes_disabled

from karya.accounts.choices import Role, ScopeType
from karya.accounts.models import Membership
from karya.bench.copying import copy_rows, reset_sequences
from karya.core.models import DocumentCounter
from karya.core.money import split_largest_remainder
from karya.facilities.models import Facility
from karya.finance.models import ProceedsSplit, SplitRule
from karya.inmates.models import Inmate
from karya.inventory.models import Lot, StockBalance, StockLocation, StockMove
from karya.partners.models import Agreement, AgreementProduct, Partner
from karya.premi.models import InmateLedgerEntry, PremiRun, PremiShare
from karya.production.models import Product, ProductionOrder, ProductPrice
from karya.programs.models import Allocation, Attendance, OutputRecord, Workshop
from karya.sales.models import (
    Handover,
    HandoverLine,
    Invoice,
    Payment,
    PaymentAllocation,
    Sale,
    SaleLine,
)

FULL = {
    "inmates": 280_000,
    "active_allocations": 84_000,
    "production_orders": 300_000,
    "sale_lines": 2_000_000,
    "handovers": 50_000,
}
WORKSHOPS_PER_UNIT = 10
BENCH_PASSWORD = "bench-karya-2026"  # noqa: S105  # nosec B105 # the users of a throwaway benchmark database only
SECTORS = [
    ("kerajinan", "kerajinan", ["Keset Sabut", "Sapu Lidi"]),
    ("batik", "batik", ["Kain Batik Cap", "Kemeja Batik"]),
    ("anyaman", "anyaman", ["Tas Anyaman", "Tikar Pandan"]),
    ("kayu", "kayu", ["Kursi Jati", "Meja Lipat"]),
    ("konveksi", "konveksi", ["Kaos Sablon", "Seragam"]),
    ("kuliner", "kuliner", ["Roti Manis", "Keripik Singkong"]),
    ("pertanian", "pertanian", ["Sayur Kangkung", "Cabai Rawit"]),
    ("kerajinan", "kerajinan", ["Kaligrafi", "Miniatur Kapal"]),
    ("jasa", "jasa", ["Cuci Mobil", "Cukur Rambut"]),
    ("anyaman", "anyaman", ["Keranjang Rotan", "Topi Pandan"]),
]
NAMES = [
    "Agus",
    "Budi",
    "Cahyo",
    "Dedi",
    "Eko",
    "Fajar",
    "Gilang",
    "Hendra",
    "Iwan",
    "Joko",
    "Kurnia",
    "Lukman",
    "Made",
    "Nanda",
    "Oki",
    "Putra",
    "Rahmat",
    "Slamet",
    "Taufik",
    "Udin",
    "Wahyu",
    "Yusuf",
    "Zainal",
    "Sri",
    "Dewi",
    "Rina",
    "Wati",
    "Ayu",
]
FAMILY = [
    "Saputra",
    "Santoso",
    "Wijaya",
    "Hidayat",
    "Pratama",
    "Nugroho",
    "Siregar",
    "Simanjuntak",
    "Lubis",
    "Harahap",
    "Purba",
    "Manurung",
    "Setiawan",
    "Kurniawan",
    "Gunawan",
    "Halim",
    "Tanjung",
    "Sihombing",
    "Pangaribuan",
    "Rangkuti",
]
STATUS_WEIGHTS = [("hadir", 90), ("sakit", 4), ("izin", 3), ("kunjungan", 3)]
PREMI_BP, PNBP_BP, CAPITAL_BP = 3500, 5000, 1500  # 35 % premi, 50 % PNBP, 15 % capital


def months_of(last_day: dt.date) -> list[dt.date]:
    """The 12 months (first days) that end with the month of `last_day`."""
    months = []
    year, month = last_day.year, last_day.month
    for _ in range(12):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def month_end(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def spread(total: int, weights: list[float]) -> list[int]:
    """`total` whole items over `weights` (largest remainder: they sum to `total`)."""
    parts = split_largest_remainder(total, [Decimal(str(w)) for w in weights])
    return [int(p) for p in parts]


@dataclass
class Plan:
    scale: float
    seed: int
    last_day: dt.date
    counts: dict = field(default_factory=dict)

    def __post_init__(self):
        self.counts = {k: max(1, round(v * self.scale)) for k, v in FULL.items()}
        self.months = months_of(self.last_day)
        self.first_day = self.months[0]


@dataclass
class UnitData:
    facility: Facility
    weight: float
    inmate_ids: list = field(default_factory=list)
    workshops: list = field(default_factory=list)  # (id, sector, [product ids])
    store_id: int = 0
    gallery_id: int = 0
    agreements: list = field(default_factory=list)  # (agreement id, partner id)


class Ids:
    """Explicit ids for every table, so rows point at each other without asking the database."""

    def __init__(self):
        self.last = defaultdict(int)

    def next(self, model) -> int:
        self.last[model] += 1
        return self.last[model]


class Generator:
    """Writes the dataset; `log(message)` hears progress. Call `run()` once on an empty
    database (karya.bench.guard checks)."""

    def __init__(self, plan: Plan, log: Callable[[str], None] = print):
        self.plan = plan
        self.log = log
        self.rng = random.Random(plan.seed)  # nosec B311 # seeded, reproducible data, not secrets
        self.ids = Ids()
        self.rows: dict[str, int] = {}
        self.now = dt.datetime.combine(plan.last_day, dt.time(12), tzinfo=dt.UTC)
        self.prices: dict[int, Decimal] = {}
        self.days_present: dict = defaultdict(lambda: defaultdict(int))  # (ws, month) → inmate
        self.premi_pool: dict = defaultdict(Decimal)  # (workshop, month) → premi part
        self.counters: dict = defaultdict(int)  # (facility, series, period) → last

    # -- helpers -------------------------------------------------------------------------
    def _copy(self, model, fields, rows) -> None:
        started = time.perf_counter()
        count = copy_rows(model, fields, rows)
        self.rows[model._meta.label] = self.rows.get(model._meta.label, 0) + count
        self.log(f"  {model._meta.label}: {count} rows in {time.perf_counter() - started:.1f} s")

    def _number(self, facility: Facility, series: str, day: dt.date) -> str:
        period = f"{day.year:04d}/{day.month:02d}"
        key = (facility.pk, series, period)
        self.counters[key] += 1
        return f"{series}/{facility.code}/{period}/{self.counters[key]:04d}"

    def _moment(self, facility: Facility, day: dt.date, hour: int) -> dt.datetime:
        local = dt.datetime.combine(day, dt.time(hour, self.rng.randrange(60)))
        return local.replace(tzinfo=ZoneInfo(facility.timezone)).astimezone(dt.UTC)

    def _working_days(self, start: dt.date, end: dt.date):
        day = start
        while day <= end:
            if day.weekday() < 6:
                yield day
            day += dt.timedelta(days=1)

    # -- the run ---------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        with scopes_disabled(), transaction.atomic():
            self._units()
            self._people()
            self._catalogue()
            self._partners()
            self._inmates()
            self._allocations_and_work()
            self._orders()
            self._sales()
            self._handovers()
            self._premi()
            self._counters()
            reset_sequences(
                [
                    Inmate,
                    Workshop,
                    Workshop.products.through,
                    Product,
                    ProductPrice,
                    StockLocation,
                    Partner,
                    Agreement,
                    AgreementProduct,
                    Allocation,
                    Attendance,
                    OutputRecord,
                    ProductionOrder,
                    Lot,
                    StockMove,
                    StockBalance,
                    Sale,
                    SaleLine,
                    Payment,
                    PaymentAllocation,
                    ProceedsSplit,
                    Invoice,
                    Handover,
                    HandoverLine,
                    PremiRun,
                    PremiShare,
                    InmateLedgerEntry,
                ]
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return self.rows

    def _units(self) -> None:
        facilities = list(Facility.objects.order_by("code"))
        if len(facilities) < 2:
            raise RuntimeError("Load the reference units first (karya load-reference).")
        self.import_unit = facilities[-1]  # left empty for the SDP import benchmark
        self.units = []
        for n, facility in enumerate(facilities[:-1]):
            weight = 4.0 if n == 0 else 0.4 + 1.2 * self.rng.random()
            self.units.append(UnitData(facility=facility, weight=weight))
        self.big = self.units[0]
        self.log(f"{len(self.units)} units (+1 for the import), big unit {self.big.facility}")

    def _people(self) -> None:
        user_model = get_user_model()
        national = user_model.objects.create_user(
            username="bench-national", password=BENCH_PASSWORD
        )
        officer = user_model.objects.create_user(username="bench-officer", password=BENCH_PASSWORD)
        Membership.objects.create(user=national, role=Role.NATIONAL, scope=ScopeType.COUNTRY)
        for role in (Role.OFFICER, Role.OUTPUT_OFFICER, Role.HEAD, Role.TREASURER):
            Membership.objects.create(
                user=officer, role=role, scope=ScopeType.FACILITY, facility=self.big.facility
            )
        self.officer_id = officer.pk
        rule = SplitRule.objects.filter(scope="national").first()
        if rule is None:
            rule = SplitRule.objects.create(
                scope="national",
                name="Pembagian hasil nasional (benchmark)",
                base="turnover",
                premi_bp=PREMI_BP,
                pnbp_bp=PNBP_BP,
                capital_bp=CAPITAL_BP,
                legal_basis="PP 58/2020 (dataset benchmark)",
                valid_from=self.plan.first_day - dt.timedelta(days=365),
            )
        self.rule = rule

    def _catalogue(self) -> None:
        plan = self.plan
        workshops, links, products, prices, locations = [], [], [], [], []
        per_unit = max(1, min(WORKSHOPS_PER_UNIT, round(plan.counts["inmates"] / 531 / 20)))
        for unit in [*self.units, UnitData(facility=self.import_unit, weight=0)]:
            fid = unit.facility.pk
            for kind, name in (("store", "Gudang Produksi"), ("gallery", "Galeri")):
                lid = self.ids.next(StockLocation)
                locations.append((lid, fid, name, kind, "", True))
                if kind == "store":
                    unit.store_id = lid
                else:
                    unit.gallery_id = lid
            for w in range(per_unit if unit.weight else 0):
                sector, category, names = SECTORS[w % len(SECTORS)]
                wid = self.ids.next(Workshop)
                workshops.append(
                    (
                        wid,
                        fid,
                        f"Bengkel {w + 1:02d} {sector.title()}",
                        sector,
                        False,
                        400,
                        "maksimum",
                        ["awal", "lanjutan", "akhir"],
                        0,
                        [0, 1, 2, 3, 4, 5],
                        ["pagi"],
                        "days",
                        "",
                        True,
                    )
                )
                pids = []
                for pname in names:
                    pid = self.ids.next(Product)
                    unit_of = "kali" if category == "jasa" else "buah"
                    price = Decimal(5_000 + 1_000 * self.rng.randrange(1, 60))
                    self.prices[pid] = price
                    food = category == "kuliner"
                    products.append(
                        (
                            pid,
                            fid,
                            f"{pname} {w + 1:02d}",
                            category,
                            unit_of,
                            "",
                            True,
                            True,
                            False,
                            "",
                            f"P-IRT {fid}{pid}" if food else "",
                            "",
                            None,
                            180 if food else None,
                        )
                    )
                    prices.append(
                        (
                            self.ids.next(ProductPrice),
                            fid,
                            pid,
                            plan.first_day,
                            price * 6 / 10,
                            price,
                            price * 8 / 10,
                            self.now,
                        )
                    )
                    links.append((self.ids.next(Workshop.products.through), wid, pid))
                    pids.append(pid)
                unit.workshops.append((wid, sector, pids))
        self._copy(
            StockLocation,
            ["id", "facility_id", "name", "kind", "partner_name", "is_active"],
            locations,
        )
        self._copy(
            Workshop,
            [
                "id",
                "facility_id",
                "name",
                "sector",
                "outside_walls",
                "capacity",
                "min_security_class",
                "allowed_stages",
                "release_margin_days",
                "working_days",
                "sessions",
                "contribution_basis",
                "description",
                "is_active",
            ],
            workshops,
        )
        self._copy(
            Product,
            [
                "id",
                "facility_id",
                "name",
                "category",
                "unit_of_measure",
                "description",
                "is_active",
                "is_published",
                "ekatalog_listed",
                "ekatalog_reference",
                "pirt_number",
                "halal_number",
                "halal_valid_until",
                "shelf_life_days",
            ],
            products,
        )
        self._copy(
            ProductPrice,
            [
                "id",
                "facility_id",
                "product_id",
                "valid_from",
                "cost",
                "public_price",
                "partner_price",
                "created_at",
            ],
            prices,
        )
        self._copy(Workshop.products.through, ["id", "workshop_id", "product_id"], links)

    def _partners(self) -> None:
        partners, agreements, agreed = [], [], []
        start = self.plan.first_day - dt.timedelta(days=90)
        for unit in self.units:
            fid = unit.facility.pk
            for n in range(2):
                pid = self.ids.next(Partner)
                partners.append(
                    (
                        pid,
                        fid,
                        "CV",
                        f"CV Mitra Karya {unit.facility.code} {n + 1}",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        True,
                        self.now,
                    )
                )
                aid = self.ids.next(Agreement)
                agreements.append(
                    (
                        aid,
                        fid,
                        pid,
                        f"PKS pemasaran {n + 1}",
                        "PKS",
                        "",
                        ["beli_putus"],
                        f"PKS/{unit.facility.code}/{n + 1}",
                        start,
                        start,
                        start,
                        start + dt.timedelta(days=5 * 365),
                        "",
                        "",
                        "",
                        "",
                        "",
                        self.now,
                    )
                )
                for _wid, _sector, pids in unit.workshops[:3]:
                    for product_id in pids:
                        agreed.append(
                            (
                                self.ids.next(AgreementProduct),
                                fid,
                                aid,
                                product_id,
                                self.prices[product_id] * 8 / 10,
                            )
                        )
                unit.agreements.append((aid, pid))
        self._copy(
            Partner,
            [
                "id",
                "facility_id",
                "legal_form",
                "legal_name",
                "npwp",
                "city",
                "phone",
                "address",
                "email",
                "notes",
                "is_active",
                "created_at",
            ],
            partners,
        )
        self._copy(
            Agreement,
            [
                "id",
                "facility_id",
                "partner_id",
                "title",
                "status",
                "pending_status",
                "schemes",
                "number",
                "mou_signed_on",
                "pks_signed_on",
                "start_date",
                "end_date",
                "payment_terms",
                "unit_signatory",
                "partner_signatory",
                "notes",
                "end_reason",
                "created_at",
            ],
            agreements,
        )
        self._copy(
            AgreementProduct,
            ["id", "facility_id", "agreement_id", "product_id", "agreed_price"],
            agreed,
        )

    def _inmates(self) -> None:
        plan, rng = self.plan, self.rng
        counts = spread(plan.counts["inmates"], [u.weight for u in self.units])
        arrived = dt.datetime.combine(
            plan.first_day - dt.timedelta(days=30), dt.time(3), tzinfo=dt.UTC
        )

        def rows():
            for unit, count in zip(self.units, counts, strict=True):
                fid, code = unit.facility.pk, unit.facility.code
                for n in range(count):
                    iid = self.ids.next(Inmate)
                    unit.inmate_ids.append(iid)
                    name = f"{rng.choice(NAMES)} {rng.choice(FAMILY)} {rng.choice(FAMILY)}"
                    start = plan.first_day - dt.timedelta(days=rng.randrange(30, 1500))
                    yield (
                        iid,
                        fid,
                        f"B.{code}.{n + 1:06d}",
                        name,
                        "L" if n % 12 else "P",
                        "narapidana",
                        start,
                        start + dt.timedelta(days=rng.randrange(900, 3000)),
                        ("maksimum", "medium", "minimum")[n % 3],
                        ("awal", "lanjutan", "akhir")[n % 3],
                        n % 4 == 0,
                        f"Blok {chr(65 + n % 6)}",
                        f"{n % 40 + 1}",
                        "",
                        arrived,
                        arrived,
                    )

        self._copy(
            Inmate,
            [
                "id",
                "facility_id",
                "registration_number",
                "name",
                "sex",
                "status",
                "sentence_start",
                "expected_release",
                "security_class",
                "stage",
                "asimilasi_eligible",
                "block",
                "cell",
                "departure",
                "created_at",
                "updated_at",
            ],
            rows(),
        )

    def _allocations_and_work(self) -> None:
        """84,000 active allocations (at full scale), spread over the units by their inmates;
        each began on a day of the 12 months (after the first two) and has attendance on every
        working day since and output on the days present. The big unit's first workshop has 60
        inmates, for the attendance benchmark."""
        plan, rng = self.plan, self.rng
        total = sum(len(u.inmate_ids) for u in self.units)
        wanted = spread(
            plan.counts["active_allocations"], [len(u.inmate_ids) / total for u in self.units]
        )
        span = (plan.last_day - plan.first_day).days
        allocations = []  # (id, facility, workshop, inmate, start)
        for unit, count in zip(self.units, wanted, strict=True):
            count = min(count, len(unit.inmate_ids))
            chosen = unit.inmate_ids[:count]
            for n, inmate_id in enumerate(chosen):
                if unit is self.big and n < 60:
                    wid = unit.workshops[0][0]
                    start = plan.first_day + dt.timedelta(days=rng.randrange(0, 30))
                else:  # the first workshop keeps its 60; the others share the rest
                    others = unit.workshops[1:] if unit is self.big else unit.workshops
                    wid = (others or unit.workshops)[n % len(others or unit.workshops)][0]
                    start = plan.first_day + dt.timedelta(
                        days=60 + rng.randrange(max(1, span - 60))
                    )
                allocations.append(
                    (self.ids.next(Allocation), unit.facility.pk, wid, inmate_id, start)
                )
        created = dt.datetime.combine(plan.first_day, dt.time(1), tzinfo=dt.UTC)
        self._copy(
            Allocation,
            [
                "id",
                "facility_id",
                "workshop_id",
                "inmate_id",
                "session",
                "status",
                "start_date",
                "started",
                "end_reason",
                "end_note",
                "suspension_reason",
                "overrides",
                "created_at",
            ],
            (
                (a, f, w, i, "pagi", "ACTIVE", s, True, "", "", "", [], created)
                for a, f, w, i, s in allocations
            ),
        )
        products = {w[0]: w[2][0] for u in self.units for w in u.workshops}
        statuses = [s for s, weight in STATUS_WEIGHTS for _ in range(weight)]
        present_days = self.days_present
        outputs = []
        seven = Decimal("7.00")
        zero = Decimal("0.00")
        updated = self.now

        def attendance():
            for aid, fid, wid, inmate_id, start in allocations:
                product = products[wid]
                for day in self._working_days(start, plan.last_day):
                    status = statuses[rng.randrange(100)]
                    present = status == "hadir"
                    yield (
                        self.ids.next(Attendance),
                        fid,
                        aid,
                        day,
                        status,
                        seven if present else zero,
                        "",
                        updated,
                    )
                    if present:
                        present_days[(wid, day.replace(day=1))][inmate_id] += 1
                        outputs.append((fid, aid, day, product, rng.randrange(1, 20)))

        self._copy(
            Attendance,
            ["id", "facility_id", "allocation_id", "date", "status", "hours", "note", "updated_at"],
            attendance(),
        )
        self._copy(
            OutputRecord,
            ["id", "facility_id", "allocation_id", "date", "product_id", "quantity", "updated_at"],
            ((self.ids.next(OutputRecord), *row, updated) for row in outputs),
        )
        outputs.clear()

    def _orders(self) -> None:
        plan, rng = self.plan, self.rng
        workshops = [(u, w) for u in self.units for w in u.workshops]
        counts = spread(plan.counts["production_orders"], [u.weight for u, _w in workshops])
        orders, lots, moves, balances = [], [], [], []
        span = (plan.last_day - plan.first_day).days
        yearly = defaultdict(int)
        for (unit, (wid, _sector, pids)), count in zip(workshops, counts, strict=True):
            fid, code = unit.facility.pk, unit.facility.code
            starts = sorted(
                plan.first_day + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(count)
            )
            for start in starts:
                product = pids[rng.randrange(len(pids))]
                yearly[(fid, start.year)] += 1
                number = f"PO/{code}/{start.year}/{yearly[(fid, start.year)]:04d}"
                due = start + dt.timedelta(days=13)
                planned = rng.randrange(20, 200)
                oid = self.ids.next(ProductionOrder)
                if due < plan.last_day - dt.timedelta(days=7):
                    good = planned - rng.randrange(0, 5)
                    lid = self.ids.next(Lot)
                    lots.append((lid, fid, product, f"L{oid:07d}", due, "", self.now))
                    cost = self.prices[product] * 6 / 10
                    moves.append(
                        (
                            self.ids.next(StockMove),
                            fid,
                            unit.store_id,
                            product,
                            lid,
                            good,
                            "produced",
                            cost,
                            number,
                            "",
                            self.now,
                        )
                    )
                    balances.append(
                        (
                            self.ids.next(StockBalance),
                            fid,
                            unit.store_id,
                            product,
                            lid,
                            good,
                            self.now,
                        )
                    )
                    orders.append(
                        (
                            oid,
                            fid,
                            number,
                            wid,
                            product,
                            planned,
                            start,
                            due,
                            "own",
                            "finished",
                            "",
                            start,
                            due,
                            good,
                            planned - good,
                            lid,
                            "",
                            self.now,
                        )
                    )
                else:
                    status = "in_progress" if start <= plan.last_day else "planned"
                    orders.append(
                        (
                            oid,
                            fid,
                            number,
                            wid,
                            product,
                            planned,
                            start,
                            due,
                            "own",
                            status,
                            "",
                            start if status == "in_progress" else None,
                            None,
                            None,
                            None,
                            None,
                            "",
                            self.now,
                        )
                    )
        self.counters.update({(fid, "PO", str(year)): last for (fid, year), last in yearly.items()})
        self._copy(
            Lot,
            ["id", "facility_id", "product_id", "code", "produced_on", "note", "created_at"],
            lots,
        )
        self._copy(
            ProductionOrder,
            [
                "id",
                "facility_id",
                "number",
                "workshop_id",
                "product_id",
                "planned_quantity",
                "start_date",
                "due_date",
                "material_source",
                "status",
                "note",
                "started_on",
                "finished_on",
                "good_quantity",
                "rejected_quantity",
                "lot_id",
                "cancel_reason",
                "created_at",
            ],
            orders,
        )
        self._copy(
            StockMove,
            [
                "id",
                "facility_id",
                "location_id",
                "product_id",
                "lot_id",
                "quantity",
                "kind",
                "unit_cost",
                "reference",
                "note",
                "created_at",
            ],
            moves,
        )
        self._copy(
            StockBalance,
            ["id", "facility_id", "location_id", "product_id", "lot_id", "quantity", "updated_at"],
            balances,
        )

    # -- money -----------------------------------------------------------------------------
    def _sale(
        self,
        unit,
        when,
        lines,
        *,
        channel,
        customer_kind,
        partner_id=None,
        handover_id=None,
        location_id=None,
        invoice_days=None,
    ):
        """Queue one paid sale: the sale, its lines, its payment, the payment's allocations
        and their splits (the national rule); an invoice when `invoice_days` is given."""
        facility = unit.facility
        day = when.astimezone(ZoneInfo(facility.timezone)).date()
        sid = self.ids.next(Sale)
        total = sum((q * price for _w, _p, q, price in lines), Decimal(0))
        number = self._number(facility, "PJ", day)
        self.q_sales.append(
            (
                sid,
                facility.pk,
                number,
                channel,
                when,
                customer_kind,
                "" if partner_id is None else "Mitra",
                partner_id,
                handover_id,
                location_id,
                "",
                total,
                "",
                "",
                when,
            )
        )
        pay_id = self.ids.next(Payment)
        self.q_payments.append(
            (
                pay_id,
                facility.pk,
                self._number(facility, "KW", day),
                sid,
                when,
                total,
                "cash" if invoice_days is None else "transfer",
                "",
                "",
                None,
                "",
                when,
            )
        )
        if invoice_days is not None:
            self.q_invoices.append(
                (
                    self.ids.next(Invoice),
                    facility.pk,
                    self._number(facility, "INV", day),
                    sid,
                    partner_id,
                    "Mitra",
                    day,
                    day + dt.timedelta(days=invoice_days),
                    total,
                    when,
                )
            )
        month = day.replace(day=1)
        for wid, pid, quantity, price in lines:
            line_id = self.ids.next(SaleLine)
            amount = quantity * price
            self.q_lines.append(
                (
                    line_id,
                    facility.pk,
                    sid,
                    pid,
                    wid,
                    quantity,
                    price,
                    Decimal(0),
                    amount,
                    Decimal(0),
                )
            )
            alloc_id = self.ids.next(PaymentAllocation)
            self.q_allocs.append(
                (alloc_id, facility.pk, pay_id, line_id, pid, wid, amount, Decimal(0), day)
            )
            premi, pnbp, capital = split_largest_remainder(amount, self.rule.shares)
            self.q_splits.append(
                (
                    self.ids.next(ProceedsSplit),
                    facility.pk,
                    alloc_id,
                    wid,
                    pid,
                    day,
                    self.rule.pk,
                    amount,
                    Decimal(0),
                    amount,
                    premi,
                    pnbp,
                    capital,
                    when,
                )
            )
            self.premi_pool[(wid, month)] += premi

    def _flush_sales(self) -> None:
        self._copy(
            Sale,
            [
                "id",
                "facility_id",
                "number",
                "channel",
                "sold_at",
                "customer_kind",
                "customer_name",
                "partner_id",
                "handover_id",
                "location_id",
                "event",
                "total",
                "reason",
                "note",
                "created_at",
            ],
            self.q_sales,
        )
        self._copy(
            SaleLine,
            [
                "id",
                "facility_id",
                "sale_id",
                "product_id",
                "workshop_id",
                "quantity",
                "unit_price",
                "discount",
                "amount",
                "unit_cost",
            ],
            self.q_lines,
        )
        self._copy(
            Invoice,
            [
                "id",
                "facility_id",
                "number",
                "sale_id",
                "partner_id",
                "bill_to",
                "issued_on",
                "due_on",
                "amount",
                "created_at",
            ],
            self.q_invoices,
        )
        self._copy(
            Payment,
            [
                "id",
                "facility_id",
                "number",
                "sale_id",
                "paid_at",
                "amount",
                "method",
                "payer_name",
                "reference",
                "tendered",
                "note",
                "created_at",
            ],
            self.q_payments,
        )
        self._copy(
            PaymentAllocation,
            [
                "id",
                "facility_id",
                "payment_id",
                "sale_line_id",
                "product_id",
                "workshop_id",
                "amount",
                "material_cost",
                "paid_on",
            ],
            self.q_allocs,
        )
        self._copy(
            ProceedsSplit,
            [
                "id",
                "facility_id",
                "allocation_id",
                "workshop_id",
                "product_id",
                "paid_on",
                "rule_id",
                "amount",
                "material",
                "base_amount",
                "premi",
                "pnbp",
                "capital",
                "created_at",
            ],
            self.q_splits,
        )
        for queue in (
            self.q_sales,
            self.q_lines,
            self.q_invoices,
            self.q_payments,
            self.q_allocs,
            self.q_splits,
        ):
            queue.clear()

    def _new_queues(self) -> None:
        self.q_sales, self.q_lines, self.q_invoices = [], [], []
        self.q_payments, self.q_allocs, self.q_splits = [], [], []

    def _sales(self) -> None:
        """Counter sales at each unit's gallery, two lines each (the two products of one
        workshop), numbered in date order per unit and month."""
        plan, rng = self.plan, self.rng
        sales_total = max(1, (plan.counts["sale_lines"] - plan.counts["handovers"]) // 2)
        counts = spread(sales_total, [u.weight for u in self.units])
        span = (plan.last_day - plan.first_day).days
        self._new_queues()
        for unit, count in zip(self.units, counts, strict=True):
            days = sorted(
                plan.first_day + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(count)
            )
            for day in days:
                wid, _sector, pids = unit.workshops[rng.randrange(len(unit.workshops))]
                lines = [(wid, pid, rng.randrange(1, 5), self.prices[pid]) for pid in pids]
                self._sale(
                    unit,
                    self._moment(unit.facility, day, 9),
                    lines,
                    channel="counter",
                    customer_kind="person",
                    location_id=unit.gallery_id,
                )
            if len(self.q_lines) > 200_000:
                self._flush_sales()
        self._flush_sales()

    def _handovers(self) -> None:
        """Posted beli-putus handovers (BAST), one line each, each with its sale, invoice and
        payment."""
        plan, rng = self.plan, self.rng
        counts = spread(plan.counts["handovers"], [u.weight for u in self.units])
        span = (plan.last_day - plan.first_day).days
        handovers, lines = [], []
        self._new_queues()
        for unit, count in zip(self.units, counts, strict=True):
            fid = unit.facility.pk
            days = sorted(
                plan.first_day + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(count)
            )
            for day in days:
                agreement_id, partner_id = unit.agreements[rng.randrange(len(unit.agreements))]
                wid, _sector, pids = unit.workshops[rng.randrange(min(3, len(unit.workshops)))]
                pid = pids[0]
                price = self.prices[pid] * 8 / 10
                quantity = rng.randrange(10, 50)
                when = self._moment(unit.facility, day, 10)
                hid = self.ids.next(Handover)
                handovers.append(
                    (
                        hid,
                        fid,
                        agreement_id,
                        partner_id,
                        "beli_putus",
                        "posted",
                        self._number(unit.facility, "BAST", day),
                        when,
                        unit.store_id,
                        self.officer_id,
                        "Petugas",
                        "Perwakilan Mitra",
                        "Direktur",
                        self.officer_id,
                        "",
                        "",
                        when,
                        self.officer_id,
                        when,
                    )
                )
                lines.append((self.ids.next(HandoverLine), fid, hid, pid, quantity, price))
                self._sale(
                    unit,
                    when,
                    [(wid, pid, quantity, price)],
                    channel="handover",
                    customer_kind="partner",
                    partner_id=partner_id,
                    handover_id=hid,
                    invoice_days=30,
                )
        self._copy(
            Handover,
            [
                "id",
                "facility_id",
                "agreement_id",
                "partner_id",
                "scheme",
                "status",
                "number",
                "handed_over_at",
                "source_id",
                "officer_id",
                "officer_position",
                "partner_representative",
                "partner_representative_position",
                "head_id",
                "note",
                "reason",
                "posted_at",
                "posted_by_id",
                "created_at",
            ],
            handovers,
        )
        self._copy(
            HandoverLine,
            ["id", "facility_id", "handover_id", "product_id", "quantity", "unit_price"],
            lines,
        )
        self._flush_sales()

    def _premi(self) -> None:
        """An approved run per workshop and month up to two months back: the premi part of the
        workshop's proceeds of the month divided by days present (largest remainder), each
        share credited to the inmate's ledger (25 % spendable)."""
        months = self.plan.months[:-2]
        runs, shares, entries = [], [], []
        facility_of = {w[0]: u.facility for u in self.units for w in u.workshops}
        for (wid, month), days in sorted(self.days_present.items()):
            if month not in months:
                continue
            facility = facility_of[wid]
            pool = self.premi_pool.get((wid, month), Decimal(0))
            inmates = sorted(days)
            weights = [days[i] for i in inmates]
            amounts = split_largest_remainder(pool, weights)
            approved_on = month_end(month) + dt.timedelta(days=3)
            approved = dt.datetime.combine(approved_on, dt.time(3), tzinfo=dt.UTC)
            rid = self.ids.next(PremiRun)
            runs.append(
                (
                    rid,
                    facility.pk,
                    wid,
                    self._number(facility, "PRM", approved_on),
                    "month",
                    month,
                    month_end(month),
                    "approved",
                    "days",
                    pool,
                    Decimal(0),
                    pool,
                    Decimal(0),
                    pool,
                    Decimal(sum(weights)),
                    approved,
                    approved,
                )
            )
            for position, (inmate_id, weight, amount) in enumerate(
                zip(inmates, weights, amounts, strict=True)
            ):
                sid = self.ids.next(PremiShare)
                shares.append(
                    (
                        sid,
                        facility.pk,
                        rid,
                        inmate_id,
                        position,
                        Decimal(weight),
                        Decimal(weight),
                        [],
                        amount,
                        "",
                    )
                )
                if amount > 0:
                    spendable, savings = split_largest_remainder(amount, [25, 75])
                    entries.append(
                        (
                            self.ids.next(InmateLedgerEntry),
                            facility.pk,
                            inmate_id,
                            "credit",
                            approved_on,
                            amount,
                            spendable,
                            savings,
                            rid,
                            sid,
                            "",
                            "",
                            "",
                            "",
                            "",
                            "",
                            approved,
                        )
                    )
        self._copy(
            PremiRun,
            [
                "id",
                "facility_id",
                "workshop_id",
                "number",
                "period_kind",
                "start",
                "end",
                "status",
                "basis",
                "pool_proceeds",
                "pool_piece_rates",
                "pool",
                "adjustments_total",
                "total",
                "total_points",
                "prepared_at",
                "approved_at",
            ],
            runs,
        )
        self._copy(
            PremiShare,
            [
                "id",
                "facility_id",
                "run_id",
                "inmate_id",
                "position",
                "measure",
                "points",
                "breakdown",
                "amount",
                "explanation",
            ],
            shares,
        )
        self._copy(
            InmateLedgerEntry,
            [
                "id",
                "facility_id",
                "inmate_id",
                "kind",
                "entry_date",
                "amount",
                "spendable",
                "savings",
                "run_id",
                "share_id",
                "purpose",
                "channel",
                "channel_reference",
                "recipient",
                "receipt_number",
                "note",
                "created_at",
            ],
            entries,
        )

    def _counters(self) -> None:
        """The document counters continue after the generated numbers (no number is reused)."""
        rows = []
        for (fid, series, period), last in sorted(self.counters.items()):
            rows.append((self.ids.next(DocumentCounter), fid, series, period, last))
        self._copy(DocumentCounter, ["id", "facility_id", "series", "period", "last"], rows)
        reset_sequences([DocumentCounter])
