"""Writes on trainings (pelatihan): the course, its participants, their results and the
certificates they earned. Each write is one transaction with its audit rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import (
    audit_record,
    audit_record_many,
    audited_create,
    audited_update,
    snapshot,
)
from karya.core.dates import tanggal, today_in
from karya.core.errors import Conflict, DomainError
from karya.inmates.models import Inmate
from karya.programs.choices import CertificateIssuer, TrainingResult
from karya.programs.models import Training, TrainingParticipant, Workshop

TRAINING_FIELDS = (
    "title",
    "provider_name",
    "hours_jp",
    "competency_units",
    "start_date",
    "end_date",
    "location",
    "workshop",
    "description",
)
TEXT_FIELDS = ("title", "provider_name", "location", "description")
MAX_HOURS_JP = 9999  # a typo guard: a year-long programme has some hundreds of JP


def _clean_training(fields: dict[str, Any]) -> dict[str, Any]:
    """Refuse unknown fields; trim text; keep competency units one per line, without blanks."""
    unknown = set(fields) - set(TRAINING_FIELDS)
    if unknown:
        raise ValueError(f"Unknown training fields: {sorted(unknown)}")
    cleaned = dict(fields)
    for name in TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "competency_units" in cleaned:
        lines = (cleaned["competency_units"] or "").splitlines()
        cleaned["competency_units"] = "\n".join(line.strip() for line in lines if line.strip())
    return cleaned


def _check_training(facility_id: int, values: dict[str, Any]) -> None:
    """The rules of a training, on its complete set of values (stored merged with new)."""
    if not values.get("title"):
        raise DomainError(_("Give the training a title."), field="title")
    if not values.get("provider_name"):
        raise DomainError(_("Name the provider of the training."), field="provider_name")
    hours = values.get("hours_jp")
    if not isinstance(hours, int) or isinstance(hours, bool) or not 1 <= hours <= MAX_HOURS_JP:
        raise DomainError(
            _("The hours (JP) must be a whole number from 1 to %(max)s.") % {"max": MAX_HOURS_JP},
            field="hours_jp",
        )
    start, end = values.get("start_date"), values.get("end_date")
    if start is None:
        raise DomainError(_("Fill in the start date."), field="start_date")
    if end is None:
        raise DomainError(_("Fill in the end date."), field="end_date")
    if end < start:
        raise DomainError(_("The end date cannot be before the start date."), field="end_date")
    workshop: Workshop | None = values.get("workshop")
    if workshop is not None and workshop.facility_id != facility_id:
        raise DomainError(_("Choose one of the unit's own workshops."), field="workshop")


@transaction.atomic
def training_create(*, actor, facility, **fields: Any) -> Training:
    """Record a training of a unit.

    Invariants: title and provider given; 1 ≤ hours (JP) ≤ 9999; end date ≥ start date; the
    workshop, if any, belongs to the same unit. Side effect: one audit row.
    """
    fields = _clean_training(fields)
    _check_training(facility.pk, fields)
    return audited_create(actor=actor, model=Training, facility=facility, **fields)


@transaction.atomic
def training_update(*, actor, training: Training, **fields: Any) -> Training:
    """Change a training; fields not given keep their value.

    Same invariants as `training_create`, and the start cannot move after the date of a
    certificate already recorded for it. Side effect: an audit row of what changed (none if
    nothing did).
    """
    fields = _clean_training(fields)
    current = Training.objects.select_for_update().get(pk=training.pk)
    merged = {name: getattr(current, name) for name in TRAINING_FIELDS} | fields
    _check_training(current.facility_id, merged)
    earliest = (
        TrainingParticipant.objects.filter(training=current, certificate_date__isnull=False)
        .order_by("certificate_date")
        .values_list("certificate_date", flat=True)
        .first()
    )
    if earliest is not None and earliest < merged["start_date"]:
        raise DomainError(
            _("A certificate of this training is dated %(date)s, before this start date.")
            % {"date": tanggal(earliest)},
            field="start_date",
        )
    return audited_update(actor=actor, instance=current, **fields)


def _names(inmates: Iterable[Inmate]) -> str:
    return ", ".join(str(inmate) for inmate in inmates)


@transaction.atomic
def participant_add(
    *, actor, training: Training, inmate_ids: Iterable[int]
) -> list[TrainingParticipant]:
    """Add one or several inmates to a training at once; all or none are added.

    Invariants: every inmate is in the training's unit's registry and still in the unit (not
    released or transferred); nobody is added twice (an existing participant in the list
    refuses the whole list, naming them). The training row is locked, so two officers adding
    the same inmate at once get the message, not an error. Side effect: one audit row per
    participant added.
    """
    ids = list(dict.fromkeys(int(pk) for pk in inmate_ids))
    if not ids:
        raise DomainError(_("Choose at least one inmate."), field="inmates")
    training = Training.objects.select_for_update().get(pk=training.pk)
    found = {
        inmate.pk: inmate
        for inmate in Inmate.objects.filter(facility_id=training.facility_id, pk__in=ids)
    }
    if len(found) != len(ids):
        raise DomainError(
            _("An inmate in the list is not in the unit's registry."),
            code="not_found",
            field="inmates",
        )
    inmates = [found[pk] for pk in ids]
    departed = [inmate for inmate in inmates if not inmate.is_present]
    if departed:
        raise DomainError(
            _("No longer in the unit, so they cannot join: %(names)s.")
            % {"names": _names(departed)},
            code="not_present",
            field="inmates",
        )
    already = set(
        TrainingParticipant.objects.filter(training=training, inmate_id__in=ids).values_list(
            "inmate_id", flat=True
        )
    )
    if already:
        raise Conflict(
            _("Already participants of this training: %(names)s.")
            % {"names": _names(inmate for inmate in inmates if inmate.pk in already)},
            code="duplicate",
            field="inmates",
        )
    participants = TrainingParticipant.objects.bulk_create(
        [
            TrainingParticipant(facility_id=training.facility_id, training=training, inmate=inmate)
            for inmate in inmates
        ]
    )
    audit_record_many(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        items=[(p, {}, snapshot(p)) for p in participants],
    )
    return participants


def _locked(participant: TrainingParticipant) -> TrainingParticipant:
    return (
        TrainingParticipant.objects.select_for_update()
        .select_related("training__facility", "inmate")
        .get(pk=participant.pk)
    )


@transaction.atomic
def participant_remove(*, actor, participant: TrainingParticipant) -> None:
    """Take an inmate off a training (entered by mistake, or did not attend).

    Invariant: only while no result (and so no certificate) is recorded for them; clear the
    result first. Side effect: an audit row with the values removed.
    """
    current = _locked(participant)
    if current.result or current.certificate_number:
        raise DomainError(
            _("A result is recorded for %(name)s; clear it before removing them.")
            % {"name": current.inmate.name},
            code="has_result",
        )
    audit_record(
        actor=actor, action=AuditEntry.Action.DELETE, instance=current, before=snapshot(current)
    )
    current.delete()


@transaction.atomic
def participant_record_result(
    *,
    actor,
    participant: TrainingParticipant,
    result: str,
    certificate_number: str = "",
    certificate_issuer: str = "",
    certificate_date: dt.date | None = None,
) -> TrainingParticipant:
    """Record (or correct, or clear with an empty result) a participant's result and
    certificate.

    Invariants: the result is kompeten, belum kompeten or empty; a certificate (number, issuer
    and date, all three together) only with the result kompeten; the number is unique per
    issuer within the unit (compared ignoring case); the date is not before the training's
    start nor after today in the unit's zone. Side effect: an audit row of what changed.
    """
    current = _locked(participant)
    training = current.training
    result = result or ""
    number = (certificate_number or "").strip()
    issuer = certificate_issuer or ""
    if result not in TrainingResult.values and result != "":
        raise DomainError(_("Choose the result: competent or not yet competent."), field="result")
    has_certificate = bool(number or issuer or certificate_date)
    if has_certificate and result != TrainingResult.COMPETENT:
        raise DomainError(
            _("A certificate can only be recorded for a participant found competent (kompeten)."),
            code="certificate_not_allowed",
            field="certificate_number",
        )
    if has_certificate:
        for name, value in (
            ("certificate_number", number),
            ("certificate_issuer", issuer),
            ("certificate_date", certificate_date),
        ):
            if not value:
                raise DomainError(
                    _("Fill in the certificate's number, issuer and date together."), field=name
                )
        if issuer not in CertificateIssuer.values:
            raise DomainError(_("Choose who issued the certificate."), field="certificate_issuer")
        if certificate_date < training.start_date:
            raise DomainError(
                _("The certificate date cannot be before the training starts (%(date)s).")
                % {"date": tanggal(training.start_date)},
                field="certificate_date",
            )
        if certificate_date > today_in(training.facility.timezone):
            raise DomainError(
                _("The certificate date cannot be in the future."), field="certificate_date"
            )
        holder = (
            TrainingParticipant.objects.filter(
                facility_id=current.facility_id,
                certificate_issuer=issuer,
                certificate_number__iexact=number,
            )
            .exclude(pk=current.pk)
            .select_related("inmate", "training")
            .first()
        )
        if holder is not None:
            raise Conflict(
                _(
                    "Certificate number %(number)s from %(issuer)s is already recorded for "
                    "%(name)s (%(training)s)."
                )
                % {
                    "number": number,
                    "issuer": CertificateIssuer(issuer).label,
                    "name": holder.inmate.name,
                    "training": holder.training.title,
                },
                code="duplicate",
                field="certificate_number",
            )
    audited_update(
        actor=actor,
        instance=current,
        result=result,
        certificate_number=number,
        certificate_issuer=issuer,
        certificate_date=certificate_date,
    )
    return current
