"""What a press release may say about an event, read from the records the event links to:
the partner and its schemes, the goods and quantities handed over, how many days they took to
make and by how many inmates, the training and its participants.

Only aggregates of inmates are read here (counts of people, days): never a name, a
registration number or a photo, so nothing generated from these facts can identify an inmate.
Reads run inside the unit's scope (the newsroom is a staff area).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from karya.core.dates import local
from karya.newsroom.models import Event
from karya.partners.models import AgreementProduct
from karya.production.choices import OrderStatus
from karya.production.models import ProductionOrder
from karya.programs.models import OutputRecord


@dataclass
class GoodsLine:
    product: str
    quantity: int
    unit_of_measure: str


@dataclass
class TrainingFacts:
    title: str
    provider: str
    hours: int
    start: dt.date
    end: dt.date
    participants: int
    competent: int
    competencies: list[str]


@dataclass
class DraftFacts:
    """Everything the templates of karya/newsroom/drafting.py use."""

    kind: str
    title: str
    facility_name: str
    starts_at: dt.datetime  # in the unit's zone
    ends_at: dt.datetime | None
    zone: str
    place: str = ""
    participants: str = ""
    description: str = ""
    partner: str = ""
    schemes: list[str] = field(default_factory=list)
    agreement_title: str = ""
    agreement_status: str = ""
    agreement_products: list[str] = field(default_factory=list)
    goods: list[GoodsLine] = field(default_factory=list)
    production_days: int | None = None
    workers: int = 0
    workshop: str = ""
    visit_kind: str = ""
    visit_monitored: str = ""
    visit_findings: str = ""
    training: TrainingFacts | None = None


def working_days(order: ProductionOrder) -> int:
    """Days the order took: the days its goods were recorded as made, else the workshop's
    working days from its start to its finish."""
    start, end = order.started_on or order.start_date, order.finished_on or order.due_date
    recorded = (
        OutputRecord.objects.filter(
            facility_id=order.facility_id,
            allocation__workshop_id=order.workshop_id,
            product_id=order.product_id,
            date__range=(start, end),
            quantity__gt=0,
        )
        .values("date")
        .distinct()
        .count()
    )
    if recorded:
        return recorded
    weekdays = set(order.workshop.working_days or range(7))
    return sum(
        1
        for n in range((end - start).days + 1)
        if (start + dt.timedelta(days=n)).weekday() in weekdays
    )


def workers(orders: list[ProductionOrder]) -> int:
    """How many different inmates recorded output for these orders while they ran."""
    condition = Q(pk__in=[])
    for order in orders:
        condition |= Q(
            allocation__workshop_id=order.workshop_id,
            product_id=order.product_id,
            date__range=(order.started_on or order.start_date, order.finished_on or order.due_date),
        )
    if not orders:
        return 0
    return (
        OutputRecord.objects.filter(condition, facility_id=orders[0].facility_id, quantity__gt=0)
        .values("allocation__inmate_id")
        .distinct()
        .count()
    )


def _orders_for_handover(handover) -> list[ProductionOrder]:
    """The production orders that made the goods handed over: the order of each line's lot,
    else the last finished order of the product before the handover."""
    day = local(handover.handed_over_at, handover.facility.timezone).date()
    orders: dict[int, ProductionOrder] = {}
    for line in handover.lines.select_related("lot").order_by("pk"):
        finished = ProductionOrder.objects.filter(
            facility_id=handover.facility_id, status=OrderStatus.FINISHED
        ).select_related("workshop")
        order = finished.filter(lot_id=line.lot_id).first() if line.lot_id else None
        if order is None:
            order = (
                finished.filter(product_id=line.product_id, finished_on__lte=day)
                .order_by("-finished_on", "-pk")
                .first()
            )
        if order is not None:
            orders.setdefault(order.pk, order)
    return list(orders.values())


def _goods(handover) -> list[GoodsLine]:
    totals: dict[int, GoodsLine] = {}
    for line in handover.lines.select_related("product").order_by("pk"):
        found = totals.get(line.product_id)
        if found is None:
            totals[line.product_id] = GoodsLine(
                line.product.name, line.quantity, line.product.unit_of_measure
            )
        else:
            found.quantity += line.quantity
    return list(totals.values())


def _agreement(facts: DraftFacts, agreement) -> None:
    facts.partner = facts.partner or agreement.partner.legal_name
    facts.schemes = facts.schemes or list(agreement.schemes)
    facts.agreement_title = agreement.title
    facts.agreement_status = agreement.status
    facts.agreement_products = list(
        AgreementProduct.objects.filter(facility_id=agreement.facility_id, agreement=agreement)
        .order_by("pk")
        .values_list("product__name", flat=True)
    )


def draft_facts(event: Event) -> DraftFacts:
    """The facts of one event, from the records it links to."""
    zone = event.facility.timezone
    facts = DraftFacts(
        kind=event.kind,
        title=event.title,
        facility_name=event.facility.name,
        starts_at=local(event.starts_at, zone),
        ends_at=local(event.ends_at, zone) if event.ends_at else None,
        zone=zone,
        place=event.place,
        participants=event.participants,
        description=event.description,
    )
    if event.handover_id:
        handover = event.handover
        facts.partner = handover.partner.legal_name
        facts.schemes = [handover.scheme]
        facts.goods = _goods(handover)
        orders = _orders_for_handover(handover)
        if orders:
            facts.production_days = max(working_days(order) for order in orders)
            facts.workers = workers(orders)
    if event.agreement_id:
        _agreement(facts, event.agreement)
    if event.partner_visit_id:
        visit = event.partner_visit
        facts.partner = facts.partner or visit.partner.legal_name
        facts.visit_kind = visit.kind
        facts.visit_monitored = visit.monitored
        facts.visit_findings = visit.findings
        if visit.agreement_id and not event.agreement_id:
            _agreement(facts, visit.agreement)
    if event.production_order_id:
        order = event.production_order
        facts.workshop = order.workshop.name
        if not facts.goods and order.good_quantity:
            facts.goods = [
                GoodsLine(order.product.name, order.good_quantity, order.product.unit_of_measure)
            ]
        if order.status == OrderStatus.FINISHED:
            facts.production_days = facts.production_days or working_days(order)
            facts.workers = facts.workers or workers([order])
        partner = order.partner or (order.agreement.partner if order.agreement_id else None)
        if partner is not None and not facts.partner:
            facts.partner = partner.legal_name
    if event.training_id:
        training = (
            type(event.training)
            .objects.filter(pk=event.training_id)
            .annotate(
                count=Count("participants"),
                competent=Count("participants", filter=Q(participants__result="kompeten")),
            )
            .first()
        )
        facts.training = TrainingFacts(
            title=training.title,
            provider=training.provider_name,
            hours=training.hours_jp,
            start=training.start_date,
            end=training.end_date,
            participants=training.count,
            competent=training.competent,
            competencies=training.competency_unit_list,
        )
    return facts
