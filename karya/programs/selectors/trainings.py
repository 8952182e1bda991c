"""Reads on trainings. Every query goes through the scoped managers of the unit's rows."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Min, Q, QuerySet

from karya.inmates.models import Inmate
from karya.programs.choices import TrainingResult
from karya.programs.models import Training, TrainingParticipant

CANDIDATE_LIMIT = 100


def training_list(*, facility, query: str = "", year: int | None = None) -> QuerySet[Training]:
    """The unit's trainings, newest first, each with `participant_count`, `competent_count`
    and `certificate_count`, in one query whatever the number of rows.

    `query` matches the title or the provider; `year` keeps trainings running in that year.
    """
    trainings = Training.objects.filter(facility=facility)
    if query:
        trainings = trainings.filter(Q(title__icontains=query) | Q(provider_name__icontains=query))
    if year:
        trainings = trainings.filter(
            start_date__lte=dt.date(year, 12, 31), end_date__gte=dt.date(year, 1, 1)
        )
    return (
        trainings.select_related("workshop")
        .annotate(
            participant_count=Count("participants"),
            competent_count=Count(
                "participants", filter=Q(participants__result=TrainingResult.COMPETENT)
            ),
            certificate_count=Count("participants", filter=~Q(participants__certificate_number="")),
        )
        .order_by("-start_date", "title", "pk")
    )


def training_years(*, facility) -> list[int]:
    """The years in which the unit's trainings ran, newest first, for the year filter."""
    span = Training.objects.filter(facility=facility).aggregate(
        first=Min("start_date"), last=Max("end_date")
    )
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))


def training_get(*, facility, pk: int) -> Training | None:
    """One training of the unit, with the counts of `training_list`; None for a missing one
    and for another unit's alike."""
    return training_list(facility=facility).filter(pk=pk).first()


def participants_of(*, training: Training) -> QuerySet[TrainingParticipant]:
    """A training's participants with their inmates, by name."""
    return (
        TrainingParticipant.objects.filter(training=training)
        .select_related("inmate")
        .order_by("inmate__name", "pk")
    )


def participant_get(*, training: Training, pk: int) -> TrainingParticipant | None:
    """One participant of the training; None if it is not one of its participants."""
    return (
        TrainingParticipant.objects.select_related("inmate", "training")
        .filter(training=training, pk=pk)
        .first()
    )


def participant_candidates(*, training: Training, query: str = "") -> QuerySet[Inmate]:
    """Inmates who could join: in the unit now, not yet participants; `query` matches name,
    registration number or block."""
    inmates = (
        Inmate.objects.filter(facility_id=training.facility_id, departed_on__isnull=True)
        .exclude(pk__in=TrainingParticipant.objects.filter(training=training).values("inmate_id"))
        .order_by("name", "registration_number")
    )
    if query:
        inmates = inmates.filter(
            Q(name__icontains=query)
            | Q(registration_number__icontains=query)
            | Q(block__iexact=query)
        )
    return inmates
