"""Premi test data: a treasurer, a broom workshop (sapu lidi weight 1, sapu lakop weight 3)
with three inmates and two recorded days, the week of 19 January 2026, and the premi part of
the proceeds the finance area reports for a workshop and period (`proceeds`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import translation
from django_scopes import scope, scopes_disabled

from karya.inmates.models import Inmate
from karya.premi import selectors
from karya.premi.periods import Period
from karya.premi.services.terms import premi_terms_save
from karya.production.models import Product
from karya.programs.models import Allocation, Workshop
from karya.programs.services.attendance import DayEntry, attendance_save_day
from karya.tests.factories import InmateFactory

MONDAY = dt.date(2026, 1, 19)
TUESDAY = dt.date(2026, 1, 20)
WEEK = Period("week", MONDAY, dt.date(2026, 1, 25))


@pytest.fixture(autouse=True)
def english():
    """Service messages are matched in English here; the Indonesian texts are checked by the
    page, document and division tests."""
    with translation.override("en"):
        yield


@pytest.fixture
def in_scope(facility):
    with scope(facility=[facility.pk]):
        yield


@pytest.fixture
def treasurer(make_user, facility):
    return make_user("treasurer", facility=facility, username="bendahara")


@pytest.fixture
def proceeds(monkeypatch):
    """proceeds[(workshop_id, start, end)] = amount: the premi part of the proceeds the
    finance area reports for that workshop and period (Rp 0 unless set)."""
    amounts: dict = {}

    def pools(*, workshops, period):
        return {w.pk: Decimal(amounts.get((w.pk, period.start, period.end), 0)) for w in workshops}

    monkeypatch.setattr(selectors, "proceeds_pools", pools)
    return amounts


@dataclass
class Sapu:
    facility: object
    workshop: Workshop
    lidi: Product
    lakop: Product
    agus: Inmate
    budi: Inmate
    citra: Inmate
    allocations: dict


def make_sapu(facility, officer, *, basis="pieces", name="Bengkel Sapu", tag="") -> Sapu:
    """A broom workshop of the unit with three inmates; on Monday and Tuesday of the week of
    19 January 2026 Agus made 60 sapu lidi and 10 sapu lakop a day, Budi 30 sapu lidi a day,
    Citra was present on Monday without output and sick on Tuesday."""
    with scopes_disabled():
        workshop = Workshop.objects.create(
            facility=facility,
            name=name,
            sector="kerajinan",
            capacity=20,
            contribution_basis=basis,
        )
        lidi = Product.objects.create(
            facility=facility,
            name=f"Sapu lidi{tag}",
            category="kerajinan",
            unit_of_measure="batang",
        )
        lakop = Product.objects.create(
            facility=facility, name=f"Sapu lakop{tag}", category="kerajinan", unit_of_measure="buah"
        )
        workshop.products.set([lidi, lakop])
        people = [
            InmateFactory(facility=facility, name=n + tag, registration_number=f"BI.{i}{tag}/2025")
            for i, n in enumerate(("Agus Sapulidi", "Budi Anyamsari", "Citra Batikwangi"), 1)
        ]
        allocations = {
            inmate.name.split()[0].lower(): Allocation.objects.create(
                facility=facility,
                workshop=workshop,
                inmate=inmate,
                session="pagi",
                status="ACTIVE",
                start_date=dt.date(2026, 1, 5),
                created_by=officer,
            )
            for inmate in people
        }
    with scope(facility=[facility.pk]):
        premi_terms_save(actor=officer, workshop=workshop, product=lakop, weight=3, piece_rate=0)
        a, b, c = (allocations[k].pk for k in ("agus", "budi", "citra"))
        attendance_save_day(
            actor=officer,
            workshop=workshop,
            date=MONDAY,
            entries=[
                DayEntry(a, "hadir", hours=5, outputs={lidi.pk: 60, lakop.pk: 10}),
                DayEntry(b, "hadir", hours=4, outputs={lidi.pk: 30}),
                DayEntry(c, "hadir", hours=5),
            ],
        )
        attendance_save_day(
            actor=officer,
            workshop=workshop,
            date=TUESDAY,
            entries=[
                DayEntry(a, "hadir", hours=5, outputs={lidi.pk: 60, lakop.pk: 10}),
                DayEntry(b, "hadir", hours=4.5, outputs={lidi.pk: 30}),
                DayEntry(c, "sakit"),
            ],
        )
    return Sapu(facility, workshop, lidi, lakop, *people, allocations)


@pytest.fixture
def sapu(facility, officer) -> Sapu:
    return make_sapu(facility, officer)


@dataclass
class World:
    """One of every premi record of a unit, made through the services."""

    sapu: Sapu
    run: object  # approved: the week of 19 January 2026
    share: object  # Agus's share in it
    preview: object  # the week of 26 January 2026, carrying `adjustment`
    adjustment: object
    inmate: Inmate  # Agus, with a withdrawal
    paid: Inmate  # Budi, released and paid out
    payout: object
    withdrawal: object


def make_world(facility, officer, treasurer, head, proceeds) -> World:
    from karya.inmates.services import inmate_update
    from karya.premi.models import PremiShare
    from karya.premi.services import ledger, runs

    sapu = make_sapu(facility, officer)
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = Decimal(100_000)
    with scope(facility=[facility.pk]):
        run = runs.premi_run_approve(
            actor=head,
            run=runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK),
        )
        preview = runs.premi_run_preview(
            actor=treasurer,
            workshop=sapu.workshop,
            period=Period.containing("week", dt.date(2026, 1, 26)),
        )
        adjustment = runs.premi_adjustment_add(
            actor=treasurer,
            run=preview,
            inmate=sapu.citra,
            corrects=run,
            amount=5_000,
            reason="Hasil Senin belum tercatat",
        )
        withdrawal = ledger.ledger_withdraw(
            actor=treasurer, inmate=sapu.agus, amount=10_000, purpose="canteen"
        )
        inmate_update(
            actor=officer, inmate=sapu.budi, departed_on=dt.date(2026, 2, 2), departure="bebas"
        )
        payout = ledger.ledger_release_payout(actor=treasurer, inmate=sapu.budi)
        share = PremiShare.objects.get(run=run, inmate=sapu.agus)
    return World(sapu, run, share, preview, adjustment, sapu.agus, sapu.budi, payout, withdrawal)


@pytest.fixture
def world(facility, officer, treasurer, head, proceeds) -> World:
    return make_world(facility, officer, treasurer, head, proceeds)
