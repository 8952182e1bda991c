"""Demo of premi in Purwokerto's broom workshop (seed 000): the unit's setting (25% spendable,
the unit's e-money card), the workshop's terms (a sapu lakop counts three times a sapu lidi;
piece rates of Rp 150 and Rp 500 added to the pool on top of the premi part of the proceeds),
the run of the week of 19 January 2026 approved by the head, the week of the pick-up (26
January, whose pool holds the premi part of the pick-up paid on 31 January) in preview, and
an inmate who worked there in December 2025, was released on 3 January 2026 and was paid out.

Everything goes through the services; each step is skipped when its rows exist, so loading
twice changes nothing."""

from __future__ import annotations

import datetime as dt

from karya.accounts.models import User
from karya.core.dates import today_in
from karya.facilities.models import Facility
from karya.inmates.models import Inmate
from karya.inmates.services import inmate_create, inmate_update
from karya.premi.choices import EntryKind, PayoutChannel, RunStatus
from karya.premi.models import InmateLedgerEntry, PremiRun, PremiSetting
from karya.premi.periods import Period
from karya.premi.services import ledger, runs, terms
from karya.programs.choices import AttendanceStatus, WorkSession
from karya.programs.models import Allocation, Workshop
from karya.programs.services.allocations import allocation_create, allocation_start
from karya.programs.services.attendance import DayEntry, attendance_save_day

UNIT = "LPPWT"
WORKSHOP = "Bengkel Sapu Lidi dan Sapu Lakop"
TERMS = {"Sapu lidi": (1, 150), "Sapu lakop": (3, 500)}  # weight, piece rate (Rp)
APPROVED_WEEK = Period.containing("week", dt.date(2026, 1, 19))
PREVIEW_WEEK = Period.containing("week", dt.date(2026, 1, 26))
DECEMBER = Period.containing("month", dt.date(2025, 12, 1))
RELEASED = {
    "registration_number": "BI.0901/2024",
    "name": "Slamet Bambusari",
    "sex": "L",
    "status": "narapidana",
    "security_class": "minimum",
    "stage": "akhir",
    "sentence_start": dt.date(2024, 3, 4),
    "expected_release": dt.date(2026, 6, 30),
    "block": "C",
    "cell": "4",
}
RELEASED_ON = dt.date(2026, 1, 3)
CARD = "6013 5000 0901 2024"  # the unit's e-money card given to him (fictional)


def _user(username: str, fallback):
    return User.objects.filter(username=username).first() or fallback


def premi_load(*, actor, facility: Facility) -> None:
    """Load Purwokerto's premi demo (other units have none). Idempotent."""
    if facility.code != UNIT:
        return
    workshop = Workshop.objects.filter(facility=facility, name=WORKSHOP).first()
    if workshop is None:
        return
    treasurer = _user("bendahara.pwt", actor)
    head = _user("kalapas.pwt", actor)
    if not PremiSetting.objects.filter(facility=facility).exists():
        terms.premi_setting_save(
            actor=treasurer,
            facility=facility,
            spendable_percent=25,
            payout_channel=PayoutChannel.EMONEY,
            provider="Bank Jateng",
        )
        for product in workshop.products.all():
            weight, rate = TERMS.get(product.name, (1, 0))
            terms.premi_terms_save(
                actor=treasurer, workshop=workshop, product=product, weight=weight, piece_rate=rate
            )
    _released_inmate(actor, treasurer, head, workshop)
    if not PremiRun.objects.filter(workshop=workshop, start=APPROVED_WEEK.start).exists():
        run = runs.premi_run_preview(actor=treasurer, workshop=workshop, period=APPROVED_WEEK)
        runs.premi_run_approve(actor=head, run=run)
    if not PremiRun.objects.filter(workshop=workshop, start=PREVIEW_WEEK.start).exists():
        runs.premi_run_preview(actor=treasurer, workshop=workshop, period=PREVIEW_WEEK)


def _released_inmate(actor, treasurer, head, workshop: Workshop) -> None:
    """Slamet worked in the broom workshop in December 2025, his December premi was approved,
    he was released on 3 January 2026 (the treasurer was reminded) and paid out."""
    facility = workshop.facility
    inmate = Inmate.objects.filter(
        facility=facility, registration_number=RELEASED["registration_number"]
    ).first()
    if inmate is None:
        inmate = inmate_create(actor=actor, facility=facility, **RELEASED)
    if inmate.departed_on is None:
        allocation = Allocation.objects.filter(workshop=workshop, inmate=inmate).first()
        if allocation is None:
            allocation = allocation_create(
                actor=actor,
                workshop=workshop,
                inmate=inmate,
                session=WorkSession.MORNING,
                start_date=DECEMBER.start,
            )
            allocation = allocation_start(actor=actor, allocation=allocation)
            products = {p.name: p.pk for p in workshop.products.all()}
            day = DECEMBER.start
            while day <= dt.date(2025, 12, 30) and day <= today_in(facility.timezone):
                if day.weekday() < 6 and day != dt.date(2025, 12, 25):
                    attendance_save_day(
                        actor=actor,
                        workshop=workshop,
                        date=day,
                        entries=[
                            DayEntry(
                                allocation.pk,
                                AttendanceStatus.PRESENT,
                                hours=5,
                                outputs={
                                    products["Sapu lidi"]: 40,
                                    products["Sapu lakop"]: 6,
                                },
                            )
                        ],
                    )
                day += dt.timedelta(days=1)
        if not PremiRun.objects.filter(workshop=workshop, start=DECEMBER.start).exists():
            run = runs.premi_run_preview(actor=treasurer, workshop=workshop, period=DECEMBER)
            runs.premi_run_approve(actor=head, run=run)
        ledger.ledger_withdraw(
            actor=treasurer,
            inmate=inmate,
            amount=50_000,
            purpose="family",
            recipient="Sri Bambusari (ibu)",
            channel=PayoutChannel.EMONEY,
            channel_reference=CARD,
            note="Kiriman untuk keluarga, Desember 2025",
        )
        inmate = inmate_update(
            actor=actor, inmate=inmate, departed_on=RELEASED_ON, departure="bebas"
        )
    paid = InmateLedgerEntry.objects.filter(inmate=inmate, kind=EntryKind.PAYOUT).exists()
    approved = PremiRun.objects.filter(
        workshop=workshop, start=DECEMBER.start, status=RunStatus.APPROVED
    ).exists()
    if approved and not paid:
        ledger.ledger_release_payout(
            actor=treasurer,
            inmate=inmate,
            channel=PayoutChannel.EMONEY,
            channel_reference=CARD,
            note="Dibayarkan saat bebas",
        )
