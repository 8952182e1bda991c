"""Reads of the newsroom (staff pages, inside the unit's scope). Lists take a fixed number of
queries whatever their length."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from karya.newsroom.models import Event, EventPhoto, PressRelease
from karya.partners.models import Agreement, PartnerVisit
from karya.production.choices import OrderStatus
from karya.production.models import ProductionOrder
from karya.programs.models import Training
from karya.sales.choices import HandoverStatus
from karya.sales.models import Handover

LINKED = (
    "handover__partner",
    "agreement__partner",
    "training",
    "production_order__product",
    "partner_visit__partner",
)


def event_list(*, facility, kind: str = "") -> QuerySet[Event]:
    """The unit's events, latest first, with their links and how many releases and photos."""
    events = (
        Event.objects.filter(facility=facility)
        .select_related(*LINKED)
        .annotate(
            release_count=Count("releases", distinct=True),
            photo_count=Count("photos", distinct=True),
        )
    )
    if kind:
        events = events.filter(kind=kind)
    return events.order_by("-starts_at", "-pk")


def event_get(*, facility, pk) -> Event | None:
    return (
        Event.objects.filter(facility=facility, pk=pk).select_related("facility", *LINKED).first()
    )


def event_photos(event: Event) -> QuerySet[EventPhoto]:
    return EventPhoto.objects.filter(facility_id=event.facility_id, event=event).order_by(
        "uploaded_at", "pk"
    )


def release_list(*, facility, status: str = "") -> QuerySet[PressRelease]:
    releases = PressRelease.objects.filter(facility=facility).select_related("event", "approved_by")
    if status:
        releases = releases.filter(status=status)
    return releases.order_by("-updated_at", "-pk")


def release_get(*, facility, pk) -> PressRelease | None:
    return (
        PressRelease.objects.filter(facility=facility, pk=pk)
        .select_related("facility", "event", "approved_by", "published_by", "created_by")
        .first()
    )


def link_choices(*, facility) -> dict[str, QuerySet]:
    """The records an event may link to: posted handovers, agreements, trainings, finished or
    running production orders and partner visits of the unit, newest first."""
    return {
        "handover": Handover.objects.filter(facility=facility, status=HandoverStatus.POSTED)
        .select_related("partner")
        .order_by("-handed_over_at"),
        "agreement": Agreement.objects.filter(facility=facility)
        .select_related("partner")
        .order_by("-created_at"),
        "training": Training.objects.filter(facility=facility).order_by("-start_date"),
        "production_order": ProductionOrder.objects.filter(
            facility=facility, status__in=[OrderStatus.IN_PROGRESS, OrderStatus.FINISHED]
        )
        .select_related("product")
        .order_by("-start_date", "-pk"),
        "partner_visit": PartnerVisit.objects.filter(facility=facility)
        .select_related("partner")
        .order_by("-starts_at"),
    }
