"""Trainings of one unit: the courses, their participants, results and certificates.

Reading needs Perm.WORKSHOP_VIEW, writing Perm.TRAINING_MANAGE. Every query runs inside the
unit's scope, and the answer is built inside it too.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status

from karya.accounts.permissions import Perm
from karya.api.errors import ErrorOut
from karya.api.routers.common import facility_for
from karya.core.errors import DomainError
from karya.programs.choices import CertificateIssuer, TrainingResult
from karya.programs.models import Training, TrainingParticipant, Workshop
from karya.programs.selectors import trainings as selectors
from karya.programs.services import trainings as services

router = Router(tags=["trainings"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class CertificateOut(Schema):
    number: str
    issuer: CertificateIssuer
    date: dt.date | None


class ParticipantOut(Schema):
    id: int
    inmate_id: int
    inmate_name: str
    registration_number: str
    result: TrainingResult | None = Field(None, description="null while not yet assessed")
    certificate: CertificateOut | None = None


class TrainingOut(Schema):
    id: int
    title: str
    provider_name: str
    hours_jp: int
    competency_units: list[str] = Field(..., description="SKKNI unit codes and titles")
    start_date: dt.date
    end_date: dt.date
    location: str
    workshop_id: int | None
    description: str
    participant_count: int
    competent_count: int
    certificate_count: int


class TrainingDetailOut(TrainingOut):
    participants: list[ParticipantOut]


class TrainingPage(Schema):
    items: list[TrainingOut]
    next_cursor: int | None = Field(
        None, description="Pass as `after` to get the next page; null on the last page."
    )


class TrainingIn(Schema):
    title: str = Field(..., max_length=200)
    provider_name: str = Field(..., max_length=200, description="Free text for now.")
    hours_jp: int = Field(..., description="Lesson hours (JP), from 1 to 9999.")
    competency_units: list[str] = Field([], description="SKKNI unit codes and titles.")
    start_date: dt.date
    end_date: dt.date = Field(..., description="On or after the start date.")
    location: str = Field("", max_length=200)
    workshop_id: int | None = Field(None, description="One of the unit's own workshops.")
    description: str = ""


class TrainingPatch(Schema):
    title: str | None = Field(None, max_length=200)
    provider_name: str | None = Field(None, max_length=200)
    hours_jp: int | None = None
    competency_units: list[str] | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    location: str | None = Field(None, max_length=200)
    workshop_id: int | None = None
    description: str | None = None


class TrainingFilter(Schema):
    q: str = Field("", description="Matches the title or the provider.")
    year: int | None = Field(None, ge=1900, le=9999, description="Trainings running that year.")
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(50, ge=1, le=500)


class ParticipantsIn(Schema):
    inmate_ids: list[int] = Field(..., description="Inmates present in the unit.")


class ResultIn(Schema):
    result: TrainingResult | None = Field(None, description="null clears the result")
    certificate_number: str = Field("", max_length=100)
    certificate_issuer: CertificateIssuer | None = None
    certificate_date: dt.date | None = Field(
        None, description="Not before the training starts; only with the result kompeten."
    )


def _participant_out(p: TrainingParticipant) -> ParticipantOut:
    certificate = None
    if p.certificate_number:
        certificate = CertificateOut(
            number=p.certificate_number, issuer=p.certificate_issuer, date=p.certificate_date
        )
    return ParticipantOut(
        id=p.pk,
        inmate_id=p.inmate_id,
        inmate_name=p.inmate.name,
        registration_number=p.inmate.registration_number,
        result=p.result or None,
        certificate=certificate,
    )


def _training_fields(t: Training) -> dict:
    return {
        "id": t.pk,
        "title": t.title,
        "provider_name": t.provider_name,
        "hours_jp": t.hours_jp,
        "competency_units": t.competency_unit_list,
        "start_date": t.start_date,
        "end_date": t.end_date,
        "location": t.location,
        "workshop_id": t.workshop_id,
        "description": t.description,
        "participant_count": t.participant_count,
        "competent_count": t.competent_count,
        "certificate_count": t.certificate_count,
    }


def _training(facility, training_id: int) -> Training:
    training = selectors.training_get(facility=facility, pk=training_id)
    if training is None:
        raise Http404
    return training


def _detail(facility, training_id: int) -> TrainingDetailOut:
    training = _training(facility, training_id)
    participants = selectors.participants_of(training=training)
    return TrainingDetailOut(
        **_training_fields(training), participants=[_participant_out(p) for p in participants]
    )


def _fields_in(facility, data: dict) -> dict:
    """API input to service fields: SKKNI lines joined, the workshop id resolved in the
    unit (another unit's workshop is not found, so it is refused like a wrong one)."""
    if "competency_units" in data:
        data["competency_units"] = "\n".join(data["competency_units"] or [])
    if "workshop_id" in data:
        workshop_id = data.pop("workshop_id")
        workshop = None
        if workshop_id is not None:
            workshop = Workshop.objects.filter(facility=facility, pk=workshop_id).first()
            if workshop is None:
                raise DomainError(_("Choose one of the unit's own workshops."), field="workshop_id")
        data["workshop"] = workshop
    for name in ("title", "provider_name", "hours_jp", "start_date", "end_date"):
        if name in data and data[name] is None:
            data.pop(name)  # PATCH: null means "leave as it is" for required fields
    for name in ("location", "description"):
        if name in data and data[name] is None:
            data[name] = ""
    return data


@router.get(
    "/{code}/trainings",
    response={200: TrainingPage, **ERRORS},
    summary="List a unit's trainings, newest recorded first (keyset pagination by id)",
)
def training_list(request, code: str, filters: Query[TrainingFilter]):
    facility = facility_for(request, code, Perm.WORKSHOP_VIEW)
    with scope(facility=[facility.pk]):
        trainings = selectors.training_list(
            facility=facility, query=filters.q.strip(), year=filters.year
        ).order_by("-pk")
        if filters.after is not None:
            trainings = trainings.filter(pk__lt=filters.after)
        items = [TrainingOut(**_training_fields(t)) for t in trainings[: filters.limit + 1]]
    more = len(items) > filters.limit
    items = items[: filters.limit]
    return TrainingPage(items=items, next_cursor=items[-1].id if more else None)


@router.get(
    "/{code}/trainings/{training_id}",
    response={200: TrainingDetailOut, **ERRORS},
    summary="One training with its participants, results and certificates",
)
def training_detail(request, code: str, training_id: int):
    facility = facility_for(request, code, Perm.WORKSHOP_VIEW)
    with scope(facility=[facility.pk]):
        return _detail(facility, training_id)


@router.post(
    "/{code}/trainings", response={201: TrainingDetailOut, **ERRORS}, summary="Record a training"
)
def training_create(request, code: str, payload: TrainingIn):
    facility = facility_for(request, code, Perm.TRAINING_MANAGE)
    with scope(facility=[facility.pk]):
        training = services.training_create(
            actor=request.user, facility=facility, **_fields_in(facility, payload.dict())
        )
        return Status(201, _detail(facility, training.pk))


@router.patch(
    "/{code}/trainings/{training_id}",
    response={200: TrainingDetailOut, **ERRORS},
    summary="Change a training (fields left out keep their value)",
)
def training_update(request, code: str, training_id: int, payload: TrainingPatch):
    facility = facility_for(request, code, Perm.TRAINING_MANAGE)
    with scope(facility=[facility.pk]):
        training = _training(facility, training_id)
        services.training_update(
            actor=request.user,
            training=training,
            **_fields_in(facility, payload.dict(exclude_unset=True)),
        )
        return _detail(facility, training.pk)


@router.post(
    "/{code}/trainings/{training_id}/participants",
    response={201: list[ParticipantOut], **ERRORS},
    summary="Add one or several inmates present in the unit to a training (all or none)",
)
def participant_add(request, code: str, training_id: int, payload: ParticipantsIn):
    facility = facility_for(request, code, Perm.TRAINING_MANAGE)
    with scope(facility=[facility.pk]):
        training = _training(facility, training_id)
        added = services.participant_add(
            actor=request.user, training=training, inmate_ids=payload.inmate_ids
        )
        return Status(201, [_participant_out(p) for p in added])


def _participant(facility, training_id: int, participant_id: int) -> TrainingParticipant:
    training = _training(facility, training_id)
    participant = selectors.participant_get(training=training, pk=participant_id)
    if participant is None:
        raise Http404
    return participant


@router.put(
    "/{code}/trainings/{training_id}/participants/{participant_id}/result",
    response={200: ParticipantOut, **ERRORS},
    summary="Record a participant's result and certificate (replaces what was recorded)",
)
def participant_record_result(
    request, code: str, training_id: int, participant_id: int, payload: ResultIn
):
    facility = facility_for(request, code, Perm.TRAINING_MANAGE)
    with scope(facility=[facility.pk]):
        participant = services.participant_record_result(
            actor=request.user,
            participant=_participant(facility, training_id, participant_id),
            result=payload.result or "",
            certificate_number=payload.certificate_number,
            certificate_issuer=payload.certificate_issuer or "",
            certificate_date=payload.certificate_date,
        )
        return _participant_out(participant)


@router.delete(
    "/{code}/trainings/{training_id}/participants/{participant_id}",
    response={204: None, **ERRORS},
    summary="Take an inmate off a training (only while no result is recorded)",
)
def participant_remove(request, code: str, training_id: int, participant_id: int):
    facility = facility_for(request, code, Perm.TRAINING_MANAGE)
    with scope(facility=[facility.pk]):
        services.participant_remove(
            actor=request.user, participant=_participant(facility, training_id, participant_id)
        )
    return Status(204, None)
