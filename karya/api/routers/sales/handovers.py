"""Handovers (pengambilan / serah terima hasil karya, BAST) of one unit: the list, recording a
draft with its lines, posting it (number and the scheme's stock and money effects), reversing
it, and the BAST as PDF. Times are sent with their zone and answered in the unit's zone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, model_validator

from karya.accounts.permissions import Perm
from karya.api.errors import ErrorOut
from karya.api.routers.common import Moment, api_fields, facility_for, in_unit
from karya.core.documents import PdfResponse
from karya.core.errors import DomainError
from karya.inventory.models import Lot, StockLocation
from karya.partners.models import Agreement
from karya.production.models import Product
from karya.sales.choices import HandoverScheme, HandoverStatus
from karya.sales.documents.bast import bast_filename, handover_pdf
from karya.sales.models import Handover, HandoverLine
from karya.sales.selectors import handovers as selectors
from karya.sales.services import handovers as services

router = Router(tags=["handovers"])

ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    503: ErrorOut,
}
RUPIAH = "Whole rupiah, as a decimal string."
PDF = {
    "responses": {
        "200": {
            "description": "The BAST as PDF (a draft carries a DRAF mark and no number).",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}
FIELD_NAMES = {
    "agreement": "agreement_id",
    "source": "source_id",
    "officer": "officer_id",
    "head": "head_id",
    "product": "product_id",
    "lot": "lot_id",
}


# --- schemas -------------------------------------------------------------------------------


class HandoverLineOut(Schema):
    id: int
    product_id: int
    product_name: str
    unit_of_measure: str
    lot_id: int | None
    lot_code: str | None
    quantity: int
    unit_price: Decimal = Field(..., description=f"The fee per unit under maklon. {RUPIAH}")
    amount: Decimal = Field(..., description=f"quantity × unit_price. {RUPIAH}")


class HandoverSaleOut(Schema):
    id: int
    number: str
    total: Decimal = Field(..., description=f"Negative for a cancellation. {RUPIAH}")
    invoice_number: str | None
    due_on: dt.date | None


class HandoverOut(Schema):
    id: int
    number: str = Field(..., description="BAST/<unit>/<yyyy>/<mm>/<nnnn>; empty for a draft.")
    status: HandoverStatus
    scheme: HandoverScheme
    agreement_id: int
    partner_id: int
    partner_name: str
    handed_over_at: dt.datetime = Field(..., description="In the unit's own zone.")
    source_id: int
    destination_id: int | None = Field(
        None, description="The partner's stock location the goods went to (konsinyasi)."
    )
    officer_id: int
    officer_position: str
    partner_representative: str
    partner_representative_position: str
    head_id: int
    note: str
    reverses_id: int | None
    reversed_by_id: int | None
    reason: str
    posted_at: dt.datetime | None
    total: Decimal = Field(..., description=RUPIAH)
    lines: list[HandoverLineOut]
    sales: list[HandoverSaleOut]


class HandoverPage(Schema):
    items: list[HandoverOut]
    next_cursor: int | None = Field(
        None, description="Pass as `after` to get the next (older) page; null on the last page."
    )


class HandoverFilter(Schema):
    partner_id: int | None = None
    agreement_id: int | None = None
    status: HandoverStatus | None = None
    month: str | None = Field(
        None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="2026-01: that month, unit's zone."
    )
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(50, ge=1, le=200)


class HandoverIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    agreement_id: int = Field(..., description="An MoU or PKS of the unit in force.")
    scheme: HandoverScheme = Field(..., description="One of the agreement's schemes.")
    handed_over_at: Moment = Field(..., description="With its zone, e.g. +07:00 (WIB).")
    source_id: int = Field(..., description="The unit's own stock location the goods leave.")
    officer_id: int = Field(..., description="The officer handing over (works in the unit).")
    officer_position: str = Field("", max_length=150, description="Default: the officer's role.")
    partner_representative: str = Field(..., max_length=150)
    partner_representative_position: str = Field("", max_length=150)
    head_id: int = Field(..., description="A user holding the head role in the unit.")
    note: str = Field("", max_length=2000)


class HandoverPatch(Schema):
    """Only the fields sent are changed; none may be null. The scheme changes only while the
    draft has no lines."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    scheme: HandoverScheme | None = None
    handed_over_at: Moment | None = None
    source_id: int | None = None
    officer_id: int | None = None
    officer_position: str | None = Field(None, max_length=150)
    partner_representative: str | None = Field(None, max_length=150)
    partner_representative_position: str | None = Field(None, max_length=150)
    head_id: int | None = None
    note: str | None = Field(None, max_length=2000)

    @model_validator(mode="after")
    def _not_null(self):
        for name in self.model_fields_set:
            if getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class HandoverLineIn(Schema):
    model_config = ConfigDict(extra="forbid")

    product_id: int = Field(..., description="One of the agreement's products.")
    lot_id: int | None = None
    quantity: int = Field(..., description="Whole units, above 0.")
    unit_price: Decimal | None = Field(
        None, description=f"Default: the agreed price (the maklon fee under maklon). {RUPIAH}"
    )


class HandoverLinePatch(Schema):
    model_config = ConfigDict(extra="forbid")

    lot_id: int | None = None
    quantity: int = Field(..., description="Whole units, above 0.")
    unit_price: Decimal | None = Field(None, description=f"null: the agreed price. {RUPIAH}")


class HandoverReverseIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    reason: str = Field(..., min_length=1, max_length=300)


# --- helpers -------------------------------------------------------------------------------


def _line(line: HandoverLine) -> dict:
    return {
        "id": line.pk,
        "product_id": line.product_id,
        "product_name": line.product.name,
        "unit_of_measure": line.product.unit_of_measure,
        "lot_id": line.lot_id,
        "lot_code": line.lot.code if line.lot_id else None,
        "quantity": line.quantity,
        "unit_price": line.unit_price,
        "amount": line.amount,
    }


def _out(handover: Handover) -> dict:
    """The answer for one handover (validated by the endpoint's response schema)."""
    facility = handover.facility
    lines = sorted(handover.lines.all(), key=lambda line: line.pk)  # prefetched
    sales = sorted(handover.sales.all(), key=lambda sale: sale.pk)
    reversed_by = getattr(handover, "reversed_by", None)
    return dict(
        id=handover.pk,
        number=handover.number,
        status=handover.status,
        scheme=handover.scheme,
        agreement_id=handover.agreement_id,
        partner_id=handover.partner_id,
        partner_name=handover.partner.legal_name,
        handed_over_at=handover.handed_over_at.astimezone(ZoneInfo(facility.timezone)),
        source_id=handover.source_id,
        destination_id=handover.destination_id,
        officer_id=handover.officer_id,
        officer_position=handover.officer_position,
        partner_representative=handover.partner_representative,
        partner_representative_position=handover.partner_representative_position,
        head_id=handover.head_id,
        note=handover.note,
        reverses_id=handover.reverses_id,
        reversed_by_id=reversed_by.pk if reversed_by else None,
        reason=handover.reason,
        posted_at=(
            handover.posted_at.astimezone(ZoneInfo(facility.timezone))
            if handover.posted_at
            else None
        ),
        total=selectors.handover_total(lines),
        lines=[_line(line) for line in lines],
        sales=[
            dict(
                id=sale.pk,
                number=sale.number,
                total=sale.total,
                invoice_number=sale.invoice.number if hasattr(sale, "invoice") else None,
                due_on=sale.invoice.due_on if hasattr(sale, "invoice") else None,
            )
            for sale in sales
        ],
    )


def _get(facility, handover_id: int) -> Handover:
    handover = selectors.handover_with_details(facility=facility, pk=handover_id)
    if handover is None:
        raise Http404
    return handover


def _user(user_id: int, field: str, message: str):
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise DomainError(message, field=field)
    return user


def _fields_in(facility, data: dict) -> dict:
    if "source_id" in data:
        data["source"] = in_unit(
            StockLocation,
            facility,
            data.pop("source_id"),
            "source_id",
            _("Choose a stock location of this unit."),
        )
    if "officer_id" in data:
        data["officer"] = _user(
            data.pop("officer_id"), "officer_id", _("Choose an officer who works in this unit.")
        )
    if "head_id" in data:
        data["head"] = _user(
            data.pop("head_id"),
            "head_id",
            _("Choose the head of the unit (a user holding the head role here)."),
        )
    if "scheme" in data:
        data["scheme"] = data["scheme"].value
    return data


def _line_in(handover: Handover, data: dict) -> dict:
    facility = handover.facility
    if "product_id" in data:
        data["product"] = in_unit(
            Product,
            facility,
            data.pop("product_id"),
            "product_id",
            _("Choose a product of this unit."),
        )
    data["lot"] = in_unit(
        Lot, facility, data.pop("lot_id", None), "lot_id", _("Choose a lot of the product.")
    )
    return data


# --- endpoints -----------------------------------------------------------------------------


@router.get(
    "/{code}/handovers",
    response={200: HandoverPage, **ERRORS},
    summary="List a unit's handovers, newest recorded first (keyset pagination by id)",
)
def handover_list(request, code: str, filters: Query[HandoverFilter]):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        month = None
        if filters.month:
            year, number = filters.month.split("-")
            month = (int(year), int(number))
        handovers = selectors.handover_list(
            facility=facility,
            partner_id=filters.partner_id,
            agreement_id=filters.agreement_id,
            status=filters.status.value if filters.status else None,
            month=month,
        ).order_by("-pk")
        if filters.after is not None:
            handovers = handovers.filter(pk__lt=filters.after)
        rows = list(handovers.prefetch_related(*selectors.DETAILS)[: filters.limit + 1])
        more = len(rows) > filters.limit
        rows = rows[: filters.limit]
        return {"items": [_out(row) for row in rows], "next_cursor": rows[-1].pk if more else None}


@router.post(
    "/{code}/handovers",
    response={201: HandoverOut, **ERRORS},
    summary="Record a draft pick-up under an agreement (nothing moves until it is posted)",
)
def handover_create(request, code: str, payload: HandoverIn):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELD_NAMES):
        data = payload.model_dump(mode="python")
        agreement = in_unit(
            Agreement,
            facility,
            data.pop("agreement_id"),
            "agreement_id",
            _("Choose an MoU or PKS of this unit in force."),
        )
        handover = services.handover_create(
            actor=request.user, agreement=agreement, **_fields_in(facility, data)
        )
        return Status(201, _out(_get(facility, handover.pk)))


@router.get(
    "/{code}/handovers/{handover_id}",
    response={200: HandoverOut, **ERRORS},
    summary="One handover with its lines and the sales it made",
)
def handover_detail(request, code: str, handover_id: int):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        return _out(_get(facility, handover_id))


@router.patch(
    "/{code}/handovers/{handover_id}",
    response={200: HandoverOut, **ERRORS},
    summary="Change a draft (a posted handover: 409 `handover_posted`)",
)
def handover_update(request, code: str, handover_id: int, payload: HandoverPatch):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELD_NAMES):
        services.handover_update(
            actor=request.user,
            handover=_get(facility, handover_id),
            **_fields_in(facility, payload.model_dump(mode="python", exclude_unset=True)),
        )
        return _out(_get(facility, handover_id))


@router.delete(
    "/{code}/handovers/{handover_id}",
    response={204: None, **ERRORS},
    summary="Delete a draft (a posted handover is never deleted: 409)",
)
def handover_delete(request, code: str, handover_id: int):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]):
        services.handover_delete(actor=request.user, handover=_get(facility, handover_id))
    return Status(204, None)


@router.post(
    "/{code}/handovers/{handover_id}/lines",
    response={201: HandoverOut, **ERRORS},
    summary="Add a product of the agreement to a draft",
)
def handover_line_add(request, code: str, handover_id: int, payload: HandoverLineIn):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELD_NAMES):
        handover = _get(facility, handover_id)
        services.handover_line_add(
            actor=request.user,
            handover=handover,
            **_line_in(handover, payload.model_dump(mode="python")),
        )
        return Status(201, _out(_get(facility, handover_id)))


@router.put(
    "/{code}/handovers/{handover_id}/lines/{line_id}",
    response={200: HandoverOut, **ERRORS},
    summary="Change a draft line's quantity, lot or price",
)
def handover_line_update(
    request, code: str, handover_id: int, line_id: int, payload: HandoverLinePatch
):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELD_NAMES):
        handover = _get(facility, handover_id)
        line = get_object_or_404(HandoverLine.objects.filter(handover=handover), pk=line_id)
        services.handover_line_update(
            actor=request.user, line=line, **_line_in(handover, payload.model_dump(mode="python"))
        )
        return _out(_get(facility, handover_id))


@router.delete(
    "/{code}/handovers/{handover_id}/lines/{line_id}",
    response={200: HandoverOut, **ERRORS},
    summary="Remove a line from a draft",
)
def handover_line_remove(request, code: str, handover_id: int, line_id: int):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]):
        handover = _get(facility, handover_id)
        line = get_object_or_404(HandoverLine.objects.filter(handover=handover), pk=line_id)
        services.handover_line_remove(actor=request.user, line=line)
        return _out(_get(facility, handover_id))


@router.post(
    "/{code}/handovers/{handover_id}/post",
    response={200: HandoverOut, **ERRORS},
    summary="Post a draft: its BAST number and the scheme's stock and money effects",
    description=(
        "Beli putus: the goods are sold and the partner invoiced; konsinyasi: the goods move to "
        "the partner's stock location; maklon: the partner's goods leave and the fee is "
        "invoiced. Not enough stock is a 409 `insufficient_stock` naming each product short."
    ),
)
def handover_post(request, code: str, handover_id: int):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]):
        services.handover_post(actor=request.user, handover=_get(facility, handover_id))
        return _out(_get(facility, handover_id))


@router.post(
    "/{code}/handovers/{handover_id}/reverse",
    response={201: HandoverOut, **ERRORS},
    summary="Reverse a posted handover: a reversing handover with its own BAST number",
    description=(
        "Undoes the stock and money exactly. 409 when money received for its sale has not been "
        "paid back (`sale_paid`) or the partner no longer holds consigned goods "
        "(`consigned_goods_gone`)."
    ),
)
def handover_reverse(request, code: str, handover_id: int, payload: HandoverReverseIn):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]):
        reversal = services.handover_reverse(
            actor=request.user, handover=_get(facility, handover_id), reason=payload.reason
        )
        return Status(201, _out(_get(facility, reversal.pk)))


@router.get(
    "/{code}/handovers/{handover_id}/bast",
    response=ERRORS,
    openapi_extra=PDF,
    summary="The BAST of a handover (PDF)",
)
def handover_bast(request, code: str, handover_id: int):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        handover = _get(facility, handover_id)
        pdf = handover_pdf(handover)
    return PdfResponse(pdf, filename=bast_filename(handover))
