"""Generated records of several units, regions and months for the reports' tests (no tests
here).

`build_world(...)` posts, in the order they happen and through the services, four months
(November 2025 to February 2026) of three units in two regions, in two time zones: inmates
registered, allocated, one released and one transferred from one unit to another in the middle
of January; trainings and certificates; production orders planned, finished and cancelled;
stock received and sold; sales at the counter, of services, to a partner, to the e-Katalog, one
of them cancelled and refunded; payments split by the national rule; PNBP deposits; a premi run
approved and withdrawals; agreements signed, ended, and obligations. The clock is moved to each
moment, so records carry their real dates; at the end it stands at 20 February 2026.

Each unit gets a different scale (`n`) so that no two units have the same numbers.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django_scopes import scope

from karya.facilities.models import Facility
from karya.tests.factories import FacilityFactory, RegionFactory

END = dt.datetime(2026, 2, 20, 10, 0)


class Clock:
    """The time `django.utils.timezone.now` answers (set through monkeypatch)."""

    def __init__(self, monkeypatch, start: dt.datetime):
        from django.utils import timezone

        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def at(self, day: dt.date, tz_name: str, hour: int = 10) -> dt.datetime:
        self.now = dt.datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(tz_name))
        return self.now


@dataclass
class Unit:
    facility: Facility
    n: int  # the scale of its numbers
    staff: dict = field(default_factory=dict)
    inmates: list = field(default_factory=list)
    workshops: list = field(default_factory=list)
    products: dict = field(default_factory=dict)
    allocations: list = field(default_factory=list)
    store: object = None


@dataclass
class World:
    units: list[Unit]
    regions: list
    clock: Clock

    def unit(self, code: str) -> Unit:
        return next(u for u in self.units if u.facility.code == code)


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class Poster:
    """Posts the records of one unit at chosen days (the clock set to 10.00 in its zone).
    `post` runs each action with the transaction's on-commit callbacks executed, as in
    production (`capture(execute=True)` of pytest-django)."""

    def __init__(self, world_clock: Clock, unit: Unit, capture):
        self.clock, self.unit, self.capture = world_clock, unit, capture

    @contextmanager
    def on(self, day: str):
        facility = self.unit.facility
        self.clock.at(_d(day), facility.timezone)
        with self.capture(execute=True), scope(facility=[facility.pk]):
            yield


def _setup_unit(unit: Unit, make_user) -> None:
    from karya.inventory.models import StockLocation
    from karya.production.models import Product
    from karya.programs.models import Workshop

    facility, code = unit.facility, unit.facility.code.lower()
    for role in ("officer", "output_officer", "treasurer", "head"):
        unit.staff[role] = make_user(role, facility=facility, username=f"{role}-{code}")
    with scope(facility=[facility.pk]):
        broom = Product.objects.create(
            facility=facility, name="Sapu lidi", category="kerajinan", unit_of_measure="batang"
        )
        batik = Product.objects.create(
            facility=facility, name="Batik cap", category="batik", unit_of_measure="lembar"
        )
        wash = Product.objects.create(
            facility=facility, name="Cuci mobil", category="jasa", unit_of_measure="kali"
        )
        listed = Product.objects.create(
            facility=facility,
            name="Keset sabut",
            category="kerajinan",
            unit_of_measure="buah",
            ekatalog_listed=True,
            ekatalog_reference=f"EK-{code}",
        )
        brooms = Workshop.objects.create(
            facility=facility, name="Bengkel Sapu", sector="kerajinan", capacity=30
        )
        brooms.products.set([broom, listed])
        batiks = Workshop.objects.create(
            facility=facility, name="Bengkel Batik", sector="batik", capacity=30
        )
        batiks.products.set([batik])
        washing = Workshop.objects.create(
            facility=facility, name="Cuci Mobil", sector="jasa", capacity=10, sessions=["siang"]
        )
        washing.products.set([wash])
        unit.store = StockLocation.objects.create(facility=facility, name="Gudang", kind="store")
    unit.products = {"broom": broom, "batik": batik, "wash": wash, "listed": listed}
    unit.workshops = [brooms, batiks, washing]


def _inmate(p: Poster, number: str, name: str):
    from karya.inmates.services import inmate_create

    return inmate_create(
        actor=p.unit.staff["officer"],
        facility=p.unit.facility,
        registration_number=number,
        name=name,
        sex="L",
        status="narapidana",
        security_class="medium",
        stage="lanjutan",
        sentence_start=dt.date(2024, 1, 10),
        expected_release=dt.date(2029, 6, 1),
    )


def _allocate(p: Poster, workshop, inmate, start: str, session="pagi"):
    from karya.programs.services.allocations import allocation_create

    allocation = allocation_create(
        actor=p.unit.staff["officer"],
        workshop=workshop,
        inmate=inmate,
        session=session,
        start_date=_d(start),
        start_if_due=True,
    )
    p.unit.allocations.append(allocation)
    return allocation


def _sale(p: Poster, channel: str, lines, **fields):
    from karya.sales.services.sales import LineInput, sale_create

    return sale_create(
        actor=p.unit.staff["output_officer"],
        facility=p.unit.facility,
        channel=channel,
        lines=[LineInput(product, qty, Decimal(price)) for product, qty, price in lines],
        **fields,
    )


def _pay(p: Poster, sale, amount, **fields):
    from karya.sales.services.payments import payment_record

    fields.setdefault("method", "cash")
    return payment_record(actor=p.unit.staff["treasurer"], sale=sale, amount=amount, **fields)


def _deposit(p: Poster, day: str, amount: int):
    """PNBP deposited on `day`; billing code and NTPN made unique from the day and the unit."""
    from karya.finance.services.pnbp import pnbp_deposit_record

    tag = f"{p.unit.n}{p.unit.facility.pk % 10}"
    digits = day.replace("-", "")
    return pnbp_deposit_record(
        actor=p.unit.staff["treasurer"],
        facility=p.unit.facility,
        billing_code=f"82{digits}000{tag}",  # 15 digits
        amount=amount,
        deposited_on=_d(day),
        ntpn=f"NTPN{digits}00{tag}",  # 16 letters and digits
    )


def _agreement(p: Poster, partner, title: str, signed: str, start: str | None = None):
    from karya.partners.services.agreements import (
        agreement_approve,
        agreement_create,
        agreement_request,
    )

    officer, head = p.unit.staff["officer"], p.unit.staff["head"]
    agreement = agreement_create(actor=officer, partner=partner, title=title)
    agreement_request(actor=officer, agreement=agreement, to="MOU")
    agreement_approve(actor=head, agreement=agreement, signed_on=_d(signed))
    agreement_request(actor=officer, agreement=agreement, to="PKS")
    return agreement_approve(
        actor=head,
        agreement=agreement,
        signed_on=_d(signed),
        start_date=_d(start) if start else None,
    )


def _unit_history(p: Poster, other: Unit | None):  # noqa: PLR0915 - one story
    """What happens in one unit; `other` receives the inmate transferred in January. A
    generator: it yields the day of its next block before running it, so that the histories of
    all units run in the order of their days (the clock never goes back)."""
    from karya.inmates.services import inmate_update
    from karya.inventory.services import stock_receive, stock_take
    from karya.partners.models import Partner
    from karya.partners.services.agreement_terms import obligation_add, obligation_fulfil
    from karya.partners.services.agreements import agreement_end
    from karya.premi.periods import Period
    from karya.premi.services.ledger import ledger_withdraw
    from karya.premi.services.runs import premi_run_approve, premi_run_preview
    from karya.production.services.orders import (
        order_cancel,
        order_finish,
        order_plan,
        order_start,
    )
    from karya.programs.services.allocations import allocation_end
    from karya.programs.services.attendance import DayEntry, attendance_save_day
    from karya.programs.services.trainings import (
        participant_add,
        participant_record_result,
        training_create,
    )
    from karya.sales.models import CustomerOrder
    from karya.sales.services.payments import payment_refund
    from karya.sales.services.sales import sale_reverse

    u, n = p.unit, p.unit.n
    officer, head, clerk = u.staff["officer"], u.staff["head"], u.staff["output_officer"]
    treasurer = u.staff["treasurer"]
    brooms, batiks, washing = u.workshops
    code = u.facility.code

    yield "2025-11-03"
    with p.on("2025-11-03"):
        u.inmates = [_inmate(p, f"{code}.{i}", f"WBP {code} {i}") for i in range(4 + n)]
        stock_receive(
            actor=clerk,
            location=u.store,
            product=u.products["batik"],
            quantity=20 * n,
            kind="opening",
            unit_cost=40000,
        )
        partner = Partner.objects.create(
            facility=u.facility, legal_form="CV", legal_name="CV Mitra"
        )
        other_partner = Partner.objects.create(
            facility=u.facility, legal_form="UD", legal_name="UD Kedua"
        )
    yield "2025-11-05"
    with p.on("2025-11-05"):
        for i, inmate in enumerate(u.inmates[: 2 + n]):
            _allocate(p, brooms if i % 2 == 0 else batiks, inmate, "2025-11-05")
        _allocate(p, washing, u.inmates[0], "2025-11-05", session="siang")
    yield "2025-11-10"
    with p.on("2025-11-10"):
        training = training_create(
            actor=officer,
            facility=u.facility,
            title="Pelatihan Batik",
            provider_name="BLK",
            hours_jp=40,
            start_date=_d("2025-11-10"),
            end_date=_d("2025-12-05"),
        )
        participants = participant_add(
            actor=officer, training=training, inmate_ids=[i.pk for i in u.inmates[:3]]
        )
        order = order_plan(
            actor=officer,
            facility=u.facility,
            workshop=brooms,
            product=u.products["broom"],
            planned_quantity=100 * n,
            start_date=_d("2025-11-10"),
            due_date=_d("2025-12-20"),
        )
        agreement = _agreement(p, partner, "PKS Sapu", "2025-11-10", start="2025-12-01")
        ended = _agreement(p, other_partner, "PKS Batik", "2025-11-10")
        late = obligation_add(
            actor=officer,
            agreement=agreement,
            party="mitra",
            description="Kirim bahan",
            due_date=_d("2025-12-31"),
        )
        obligation_add(
            actor=officer,
            agreement=agreement,
            party="upt",
            description="Laporan",
            due_date=_d("2026-01-31"),
        )
    yield "2025-11-12"
    with p.on("2025-11-12"):
        order_start(actor=officer, order=order)
    yield "2025-12-02"
    with p.on("2025-12-02"):
        counter = _sale(p, "counter", [(u.products["broom"], 10 * n, 15000)])
        _pay(p, counter, counter.total)
    yield "2025-12-10"
    with p.on("2025-12-10"):
        participant_record_result(
            actor=officer,
            participant=participants[0],
            result="kompeten",
            certificate_number=f"CERT-{code}-1",
            certificate_issuer="BNSP",
            certificate_date=_d("2025-12-10"),
        )
    yield "2025-12-15"
    with p.on("2025-12-15"):
        allocation_end(
            actor=officer, allocation=u.allocations[1], reason="selesai", end_date=_d("2025-12-15")
        )
    yield "2025-12-18"
    with p.on("2025-12-18"):
        order_finish(
            actor=officer, order=order, location=u.store, good_quantity=90 * n, rejected_quantity=3
        )
        order.refresh_from_db()
        stock_take(
            actor=clerk,
            location=u.store,
            product=u.products["broom"],
            quantity=10 * n,
            kind="sold",
            lot=order.lot,
        )
        cancelled = order_plan(
            actor=officer,
            facility=u.facility,
            workshop=batiks,
            product=u.products["batik"],
            planned_quantity=7,
            start_date=_d("2025-12-18"),
            due_date=_d("2026-01-20"),
        )
        order_plan(
            actor=officer,
            facility=u.facility,
            workshop=batiks,
            product=u.products["batik"],
            planned_quantity=30 * n,
            start_date=_d("2026-01-05"),
            due_date=_d("2026-02-10"),
        )
    yield "2025-12-20"
    with p.on("2025-12-20"):
        inmate_update(
            actor=officer, inmate=u.inmates[-1], departed_on=_d("2025-12-20"), departure="bebas"
        )
    yield "2026-01-05"
    with p.on("2026-01-05"):
        obligation_fulfil(
            actor=officer, obligation=late, fulfilled_on=_d("2026-01-05"), evidence="BAST bahan"
        )
        order_cancel(actor=officer, order=cancelled, reason="Bahan tidak datang")
        second = training_create(
            actor=officer,
            facility=u.facility,
            title="Pelatihan Sapu",
            provider_name="BLK",
            hours_jp=20,
            start_date=_d("2026-01-05"),
            end_date=_d("2026-01-16"),
        )
        again = participant_add(
            actor=officer, training=second, inmate_ids=[u.inmates[0].pk, u.inmates[1].pk]
        )
    yield "2026-01-08"
    with p.on("2026-01-08"):
        service = _sale(p, "counter", [(u.products["wash"], 2 * n, 50000)])
        _pay(p, service, service.total)
        mixed = _sale(
            p, "counter", [(u.products["broom"], n, 15000), (u.products["wash"], 1, 50000)]
        )
        _pay(p, mixed, mixed.total)
    yield "2026-01-10"
    with p.on("2026-01-10"):
        agreement_end(
            actor=head, agreement=ended, to="TERMINATED", ended_on=_d("2026-01-10"), reason="Tutup"
        )
        pickup = _sale(
            p,
            "handover",
            [(u.products["broom"], 40 * n, 12000)],
            customer_kind="partner",
            customer_name="CV Mitra",
            partner=partner,
        )
    yield "2026-01-12"
    with p.on("2026-01-12"):
        cancelled_sale = _sale(p, "counter", [(u.products["batik"], 2, 90000)])
        paid_then_refunded = _pay(p, cancelled_sale, cancelled_sale.total)
        stock_take(
            actor=clerk,
            location=u.store,
            product=u.products["batik"],
            quantity=2,
            kind="sold",
        )
    yield "2026-01-15"
    with p.on("2026-01-15"):
        ekatalog = CustomerOrder.objects.create(
            facility=u.facility,
            number=f"PSN/{code}/1",
            status="delivered",
            customer_kind="ekatalog",
            customer_name="Dinas Pendidikan",
            ekatalog_reference="EKAT-1",
            quoted_on=_d("2026-01-02"),
        )
        ekatalog_sale = _sale(
            p,
            "order",
            [(u.products["listed"], 5 * n, 25000)],
            customer_kind="ekatalog",
            customer_name="Dinas Pendidikan",
            order=ekatalog,
        )
        second_buyer = CustomerOrder.objects.create(
            facility=u.facility,
            number=f"PSN/{code}/2",
            status="delivered",
            customer_kind="ekatalog",
            customer_name="RSUD Kota",
            ekatalog_reference="EKAT-2",
            quoted_on=_d("2026-01-03"),
        )
        _sale(
            p,
            "order",
            [(u.products["listed"], 2, 25000)],
            customer_kind="ekatalog",
            customer_name="RSUD Kota",
            order=second_buyer,
        )
        if other is not None:
            moving = u.inmates[2]
            inmate_update(
                actor=officer, inmate=moving, departed_on=_d("2026-01-15"), departure="pindah"
            )
    if other is not None:
        q = Poster(p.clock, other, p.capture)
        with q.on("2026-01-15"):
            arrived = _inmate(q, f"{code}.2-IN", moving.name)
            _allocate(q, other.workshops[1], arrived, "2026-01-15")
    yield "2026-01-20"
    with p.on("2026-01-20"):
        for participant in again:
            participant_record_result(
                actor=officer,
                participant=participant,
                result="kompeten",
                certificate_number=f"CERT-{code}-{participant.pk}",
                certificate_issuer="LSP",
                certificate_date=_d("2026-01-20"),
            )
        _pay(p, ekatalog_sale, ekatalog_sale.total, method="transfer", reference="TRF-1")
        days = [d for d in (_d("2026-01-19"), _d("2026-01-20")) if d >= _d("2026-01-16")]
        from karya.programs.models import Allocation

        working = list(Allocation.objects.filter(workshop=brooms, status="ACTIVE").order_by("pk"))
        for day in days:
            attendance_save_day(
                actor=officer,
                workshop=brooms,
                date=day,
                entries=[
                    DayEntry(a.pk, "hadir", hours=5, outputs={u.products["broom"].pk: 10 + k})
                    for k, a in enumerate(working)
                ],
            )
    yield "2026-01-25"
    with p.on("2026-01-25"):
        _pay(p, pickup, 20 * n * 12000)
    yield "2026-01-31"
    with p.on("2026-01-31"):
        _deposit(p, "2026-01-31", 100000 * n)
    yield "2026-02-02"
    with p.on("2026-02-02"):
        run = premi_run_preview(
            actor=treasurer, workshop=brooms, period=Period.containing("month", _d("2026-01-01"))
        )
        premi_run_approve(actor=head, run=run)
    yield "2026-02-03"
    with p.on("2026-02-03"):
        reversal = sale_reverse(actor=clerk, sale=cancelled_sale, reason="Salah input")
        payment_refund(actor=treasurer, payment=paid_then_refunded, reason="Batal")
        stock_receive(
            actor=clerk,
            location=u.store,
            product=u.products["batik"],
            quantity=2,
            kind="returned",
            reference=reversal.number,
        )
    yield "2026-02-05"
    with p.on("2026-02-05"):
        _pay(p, pickup, pickup.total - 20 * n * 12000)
    yield "2026-02-10"
    with p.on("2026-02-10"):
        _deposit(p, "2026-02-10", 50000 * n)
    yield "2026-02-12"
    with p.on("2026-02-12"):
        from karya.premi.models import InmateLedgerEntry

        credited = (
            InmateLedgerEntry.objects.filter(facility=u.facility, kind="credit")
            .order_by("pk")
            .first()
        )
        if credited is not None and credited.spendable >= 1000:
            ledger_withdraw(
                actor=treasurer,
                inmate=credited.inmate,
                amount=1000,
                purpose="canteen",
                recipient="Koperasi",
            )


def build_world(monkeypatch, make_user, capture) -> World:
    """Three units in two regions, four months of records (see the module docstring)."""
    from karya.finance.tests.helpers import make_rule

    clock = Clock(monkeypatch, dt.datetime(2025, 10, 1, 3, tzinfo=dt.UTC))
    jateng = RegionFactory(name="Jawa Tengah", code="jawa-tengah")
    bali = RegionFactory(name="Bali", code="bali")
    units = [
        Unit(FacilityFactory(region=jateng, code="LPPWT", name="Lapas Purwokerto"), n=1),
        Unit(FacilityFactory(region=jateng, code="LPNPWT", name="Lapas Narkotika Purwokerto"), n=2),
        Unit(
            FacilityFactory(
                region=bali, code="LPDPS", name="Lapas Denpasar", timezone="Asia/Makassar"
            ),
            n=3,
        ),
    ]
    make_rule((30, 40, 30), name="Pembagian hasil nasional")
    for unit in units:
        _setup_unit(unit, make_user)
    world = World(units, [jateng, bali], clock)
    receiving = {"LPPWT": units[1]}
    histories = [
        _unit_history(Poster(clock, unit, capture), receiving.get(unit.facility.code))
        for unit in units
    ]
    upcoming = [next(history) for history in histories]
    while any(day is not None for day in upcoming):
        i = min((i for i, day in enumerate(upcoming) if day is not None), key=lambda i: upcoming[i])
        upcoming[i] = next(histories[i], None)
    clock.at(END.date(), "Asia/Jakarta")
    return world
