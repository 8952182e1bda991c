"""Reads behind the work programme's documents: the daily work list (unlock list), the
certificate of participation in a training, the skills record of an inmate about to be
released, and the list of those inmates.

Each function runs a fixed number of queries whatever the number of rows. Nothing here shows
an offence or a sentence (Karya does not keep them); the skills record, meant for an employer,
also leaves out the registration number and the block and cell.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _

from karya.accounts.choices import Role, ScopeType
from karya.accounts.models import Membership
from karya.core.dates import tanggal
from karya.core.errors import DomainError
from karya.inmates.models import Inmate
from karya.programs.choices import AllocationStatus, AttendanceStatus, Sector, WorkSession
from karya.programs.models import (
    Allocation,
    Attendance,
    OutputRecord,
    SkillsRecordPrint,
    TrainingParticipant,
)

SESSION_ORDER = {WorkSession.MORNING: 0, WorkSession.AFTERNOON: 1, WorkSession.FULL_DAY: 2}
RELEASE_WINDOW_DAYS = 30


CERTIFICATE_TEMPLATE = "programs/doc_certificate.html"


def head_of(facility):
    """The user who signs for the head of the unit: the longest-serving active head
    membership of the unit itself, or None (the document then leaves the name blank)."""
    membership = (
        Membership.objects.active()
        .filter(role=Role.HEAD, scope=ScopeType.FACILITY, facility=facility)
        .select_related("user")
        .order_by("created_at", "pk")
        .first()
    )
    return membership.user if membership else None


def place_date(facility, day: dt.date) -> str:
    """'Purwokerto, 31 Januari 2026' above a signature (the date alone if no city is set)."""
    return f"{facility.city}, {tanggal(day)}" if facility.city else tanggal(day)


# --- The daily work list -------------------------------------------------------------------


@dataclass
class BlockGroup:
    block: str
    rows: list[Allocation]

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass
class WorkList:
    date: dt.date
    groups: list[BlockGroup]
    by_session: list[tuple[str, int]] = field(default_factory=list)
    outside_walls: int = 0

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def inmate_count(self) -> int:
        return len({row.inmate_id for group in self.groups for row in group.rows})


def work_list(*, facility, date: dt.date) -> WorkList:
    """Who goes to which workshop in which session on `date`, grouped per block.

    Counts only ACTIVE allocations open on that date (started, not ended before it) of active
    workshops that work on that weekday, of inmates still in the unit that day.
    """
    allocations = (
        Allocation.objects.filter(
            facility=facility,
            status=AllocationStatus.ACTIVE,
            start_date__lte=date,
            workshop__is_active=True,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=date))
        .filter(Q(inmate__departed_on__isnull=True) | Q(inmate__departed_on__gt=date))
        .select_related("inmate", "workshop")
    )
    weekday = date.weekday()
    rows = [a for a in allocations if weekday in (a.workshop.working_days or [])]
    rows.sort(
        key=lambda a: (
            a.inmate.block.strip().upper() or "\uffff",  # no block last
            SESSION_ORDER.get(a.session, 9),
            a.inmate.cell,
            a.inmate.name,
            a.workshop.name,
        )
    )
    groups = [
        BlockGroup(block=block if block != "\uffff" else "", rows=list(items))
        for block, items in groupby(rows, key=lambda a: a.inmate.block.strip().upper() or "\uffff")
    ]
    sessions: dict[str, int] = defaultdict(int)
    for row in rows:
        sessions[row.session] += 1
    by_session = [
        (str(WorkSession(s).label), sessions[s])
        for s in sorted(sessions, key=lambda s: SESSION_ORDER.get(s, 9))
    ]
    return WorkList(
        date=date,
        groups=groups,
        by_session=by_session,
        outside_walls=sum(1 for row in rows if row.workshop.outside_walls),
    )


# --- The certificate of participation ------------------------------------------------------


def certificate_number(participant: TrainingParticipant) -> str:
    """The unit's number for the certificate: stable, so a reprint carries the same one."""
    training = participant.training
    return (
        f"{participant.pk:04d}/PLT.{training.pk:03d}/{participant.facility.code}"
        f"/{training.end_date.year}"
    )


def training_certificate(*, participant: TrainingParticipant, today: dt.date) -> dict:
    """What the certificate of participation shows. Refused before the training has ended."""
    training = participant.training
    if training.end_date > today:
        raise DomainError(
            _("The training ends on %(date)s; its certificates can be printed from that day.")
            % {"date": tanggal(training.end_date)},
            code="training_not_ended",
        )
    return {
        "facility": participant.facility,
        "participant": participant,
        "training": training,
        "number": certificate_number(participant),
        "today": today,
        "place_date": place_date(participant.facility, today),
        "signer": head_of(participant.facility),
    }


# --- The skills record --------------------------------------------------------------------


@dataclass
class WorkshopExperience:
    workshop: str
    sector: str
    outside_walls: bool
    first_day: dt.date
    last_day: dt.date | None  # None: still working there
    days_present: int = 0
    hours: Decimal = Decimal(0)
    open: bool = False  # an allocation there is not ended


@dataclass
class SectorTotal:
    sector: str
    days_present: int


@dataclass
class ProductMade:
    name: str
    unit: str
    quantity: int


@dataclass
class SkillsRecord:
    name: str
    trainings: list[TrainingParticipant]
    workshops: list[WorkshopExperience]
    sectors: list[SectorTotal]
    products: list[ProductMade]
    days_present: int

    @property
    def is_empty(self) -> bool:
        return not (self.trainings or self.workshops or self.products)


def skills_record(*, inmate: Inmate, today: dt.date) -> SkillsRecord:
    """An inmate's trainings, work and products, as an employer would read them."""
    trainings = list(
        TrainingParticipant.objects.filter(inmate=inmate, training__start_date__lte=today)
        .select_related("training")
        .order_by("training__start_date", "training__title")
    )
    allocations = list(
        Allocation.objects.filter(inmate=inmate, start_date__lte=today)
        .exclude(status=AllocationStatus.PENDING)
        .select_related("workshop")
        .order_by("start_date", "pk")
    )
    present = Attendance.objects.filter(
        allocation__inmate=inmate, status=AttendanceStatus.PRESENT, date__lte=today
    )
    per_workshop = {
        row["allocation__workshop"]: row
        for row in present.values("allocation__workshop").annotate(
            days=Count("date", distinct=True), hours=Sum("hours")
        )
    }
    per_sector = {
        row["allocation__workshop__sector"]: row["days"]
        for row in present.values("allocation__workshop__sector").annotate(
            days=Count("date", distinct=True)
        )
    }
    total_days = present.values("date").distinct().count()

    experiences: dict[int, WorkshopExperience] = {}
    for allocation in allocations:
        workshop = allocation.workshop
        ended = allocation.status == AllocationStatus.ENDED
        experience = experiences.get(workshop.pk)
        if experience is None:
            stats = per_workshop.get(workshop.pk, {})
            experience = experiences[workshop.pk] = WorkshopExperience(
                workshop=workshop.name,
                sector=workshop.get_sector_display(),
                outside_walls=workshop.outside_walls,
                first_day=allocation.start_date,
                last_day=allocation.end_date if ended else None,
                days_present=stats.get("days", 0),
                hours=stats.get("hours") or Decimal(0),
                open=not ended,
            )
            continue
        experience.first_day = min(experience.first_day, allocation.start_date)
        if not ended:
            experience.open = True
        elif allocation.end_date and (
            experience.last_day is None or allocation.end_date > experience.last_day
        ):
            experience.last_day = allocation.end_date
    workshops = []
    for experience in experiences.values():
        if experience.open:
            experience.last_day = None
        elif not experience.days_present:
            continue  # ended without a day's work: never really started
        workshops.append(experience)

    sectors = [
        SectorTotal(sector=str(Sector(code).label), days_present=days)
        for code, days in sorted(per_sector.items(), key=lambda item: -item[1])
        if days
    ]
    products = [
        ProductMade(
            name=row["product__name"],
            unit=row["product__unit_of_measure"],  # an Indonesian word: lembar, kg, kali
            quantity=row["total"],
        )
        for row in OutputRecord.objects.filter(allocation__inmate=inmate, date__lte=today)
        .values("product__name", "product__unit_of_measure")
        .annotate(total=Sum("quantity"))
        .order_by("product__name")
        if row["total"]
    ]
    return SkillsRecord(
        name=inmate.name,
        trainings=trainings,
        workshops=workshops,
        sectors=sectors,
        products=products,
        days_present=total_days,
    )


def skills_record_number(record_print: SkillsRecordPrint, year: int) -> str:
    return f"{record_print.pk:04d}/CKK/{record_print.facility.code}/{year}"


# --- Inmates about to be released ----------------------------------------------------------


def release_list(*, facility, today: dt.date, days: int = RELEASE_WINDOW_DAYS) -> list[Inmate]:
    """Inmates still in the unit whose expected release falls within `days` from `today`,
    soonest first, each with `last_print` (the latest SkillsRecordPrint or None) and
    `print_count`. Three queries, whatever the number of inmates."""
    last_print = SkillsRecordPrint.objects.filter(inmate=OuterRef("pk")).order_by(
        "-printed_at", "-pk"
    )
    inmates = list(
        Inmate.objects.filter(
            facility=facility,
            departed_on__isnull=True,
            expected_release__gte=today,
            expected_release__lte=today + dt.timedelta(days=days),
        )
        .annotate(
            last_print_id=Subquery(last_print.values("pk")[:1]),
            print_count=Count("skills_records", distinct=True),
        )
        .order_by("expected_release", "name", "pk")
    )
    prints = {
        p.pk: p
        for p in SkillsRecordPrint.objects.filter(
            pk__in=[i.last_print_id for i in inmates if i.last_print_id]
        ).select_related("printed_by")
    }
    for inmate in inmates:
        inmate.last_print = prints.get(inmate.last_print_id)
        inmate.days_left = (inmate.expected_release - today).days
    return inmates
