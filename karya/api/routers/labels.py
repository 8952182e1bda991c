"""Product labels of a lot as PDF (the same sheet as the stock pages print): A4, 24 labels of
63.5 × 33.9 mm, each with a QR code to the lot's public traceability page. Needs
Perm.STOCK_VIEW; another unit's lot is not found."""

from django.http import Http404
from django.utils import translation
from django_scopes import scope
from ninja import Field, Query, Router, Schema

from karya.accounts.permissions import Perm
from karya.api.errors import ErrorOut
from karya.api.routers.common import facility_for
from karya.core.dates import today_in
from karya.core.documents import PdfResponse, render_pdf
from karya.inventory import labels

router = Router(tags=["stock"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 503: ErrorOut}
PDF = {
    "responses": {
        "200": {
            "description": "The label sheet (PDF).",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


class LabelQuery(Schema):
    count: int | None = Field(
        None,
        ge=1,
        le=labels.MAX_LABELS,
        description="How many labels. Default: one per unit of the lot in stock (1 to 240).",
    )
    start: int = Field(
        1,
        ge=1,
        le=labels.LABELS_PER_SHEET,
        description="The place of the first label on a partly used sheet (1 = top left).",
    )


@router.get(
    "/{code}/lots/{lot_id}/labels",
    response=ERRORS,
    openapi_extra=PDF,
    summary="Print a lot's product labels (PDF, 24 per A4 sheet, with a QR code)",
)
def lot_labels(request, code: str, lot_id: int, query: Query[LabelQuery]):
    facility = facility_for(request, code, Perm.STOCK_VIEW)
    with scope(facility=[facility.pk]):
        lot = labels.lot_get(facility=facility, pk=lot_id)
        if lot is None:
            raise Http404
        count = query.count or labels.default_count(labels.lot_stock(lot=lot))
        with translation.override("id"):  # a label for the public: always Indonesian
            context = labels.label_sheets(
                lot=lot, count=count, start=query.start, today=today_in(facility.timezone)
            )
            pdf = render_pdf(labels.TEMPLATE, context, request=request)
    return PdfResponse(pdf, filename=f"label-{facility.code}-{lot.code}")
