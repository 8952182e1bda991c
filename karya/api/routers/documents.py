"""The work programme's documents in the API: the daily work list and the release list as
data, and the skills record and the certificate as PDF (the same documents as the pages)."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import translation
from django_scopes import scope
from ninja import Field, Query, Router, Schema

from karya.accounts.permissions import Perm
from karya.api.errors import ErrorOut
from karya.api.routers.common import facility_for
from karya.core.dates import today_in
from karya.core.documents import PdfResponse, render_pdf
from karya.inmates.models import Inmate
from karya.programs.models import TrainingParticipant
from karya.programs.selectors import documents as selectors
from karya.programs.services.skills_records import skills_record_print

router = Router(tags=["documents"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 503: ErrorOut}
PDF = {
    "responses": {
        "200": {
            "description": "The PDF document.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


class WorkListRow(Schema):
    allocation_id: int
    inmate_id: int
    inmate_name: str
    registration_number: str
    block: str
    cell: str
    workshop: str
    session: str
    outside_walls: bool


class WorkListOut(Schema):
    date: dt.date
    rows: list[WorkListRow]


class WorkListQuery(Schema):
    date: dt.date | None = Field(None, description="Default: today in the unit's zone.")


class ReleaseRow(Schema):
    inmate_id: int
    name: str
    expected_release: dt.date
    skills_record_printed_at: dt.datetime | None
    print_count: int


@router.get(
    "/{code}/work-list",
    response={200: WorkListOut, **ERRORS},
    summary="Who goes to which workshop on a day, per block (the unlock list)",
)
def work_list(request, code: str, query: Query[WorkListQuery]):
    facility = facility_for(request, code, Perm.WORKLIST_VIEW)
    day = query.date or today_in(facility.timezone)
    with scope(facility=[facility.pk]):
        result = selectors.work_list(facility=facility, date=day)
        rows = [
            WorkListRow(
                allocation_id=a.pk,
                inmate_id=a.inmate_id,
                inmate_name=a.inmate.name,
                registration_number=a.inmate.registration_number,
                block=group.block,
                cell=a.inmate.cell,
                workshop=a.workshop.name,
                session=a.session,
                outside_walls=a.workshop.outside_walls,
            )
            for group in result.groups
            for a in group.rows
        ]
    return WorkListOut(date=day, rows=rows)


@router.get(
    "/{code}/release-list",
    response={200: list[ReleaseRow], **ERRORS},
    summary="Inmates released within 30 days, with their skills record status",
)
def release_list(request, code: str):
    facility = facility_for(request, code, Perm.SKILLS_RECORD)
    with scope(facility=[facility.pk]):
        inmates = selectors.release_list(facility=facility, today=today_in(facility.timezone))
    return [
        ReleaseRow(
            inmate_id=i.pk,
            name=i.name,
            expected_release=i.expected_release,
            skills_record_printed_at=i.last_print.printed_at if i.last_print else None,
            print_count=i.print_count,
        )
        for i in inmates
    ]


@router.post(
    "/{code}/inmates/{inmate_id}/skills-record",
    response=ERRORS,
    openapi_extra=PDF,
    summary="Print an inmate's skills record (PDF; the print is recorded)",
)
def skills_record(request, code: str, inmate_id: int):
    facility = facility_for(request, code, Perm.SKILLS_RECORD)
    with scope(facility=[facility.pk]):
        inmate = get_object_or_404(
            Inmate.objects.filter(facility=facility).select_related("facility__region"),
            pk=inmate_id,
        )
        _row, pdf = skills_record_print(actor=request.user, inmate=inmate)
    return PdfResponse(pdf, filename=f"catatan-keterampilan-{inmate.pk}")


@router.get(
    "/{code}/training-participants/{participant_id}/certificate",
    response=ERRORS,
    openapi_extra=PDF,
    summary="A participant's certificate of participation",
)
def training_certificate(request, code: str, participant_id: int):
    facility = facility_for(request, code, Perm.TRAINING_MANAGE)
    with scope(facility=[facility.pk]):
        participant = get_object_or_404(
            TrainingParticipant.objects.filter(facility=facility).select_related(
                "training", "inmate", "facility__region"
            ),
            pk=participant_id,
        )
        with translation.override("id"):
            context = selectors.training_certificate(
                participant=participant, today=today_in(facility.timezone)
            )
            pdf = render_pdf(selectors.CERTIFICATE_TEMPLATE, context, request=request)
    return PdfResponse(pdf, filename=f"surat-keterangan-pelatihan-{participant.pk}")
