"""Agreements of a unit: the list and one agreement with its products, obligations and
documents; opening (or renewing) one, changing its terms, the moves with the head's approval,
ending it; the agreed products and prices; the obligations of each side."""

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, model_validator

from karya.accounts.permissions import Perm
from karya.api.routers.common import api_fields, facility_for
from karya.api.routers.partners.common import (
    ERRORS,
    agreement_in_body,
    get_agreement,
    page,
    partner_in_body,
    username,
)
from karya.core.dates import today_in
from karya.partners import selectors
from karya.partners.choices import AgreementStatus, Party, Scheme
from karya.partners.models import AgreementProduct, Obligation
from karya.partners.services import agreement_terms as terms
from karya.partners.services import agreements as services
from karya.production.models import Product

router = Router(tags=["agreements"])

FIELD_NAMES = {"partner": "partner_id", "renewal_of": "renewal_of_id", "product": "product_id"}
Reason = Field(..., min_length=1, max_length=300)


# --- schemas -------------------------------------------------------------------------------


class AgreementSummary(Schema):
    id: int
    partner_id: int
    partner_name: str
    title: str
    status: AgreementStatus
    pending_status: AgreementStatus | None = Field(
        None, description="The move waiting for the head's approval (MOU or PKS), else null."
    )
    schemes: list[Scheme]
    number: str
    start_date: dt.date | None
    end_date: dt.date | None
    ended_on: dt.date | None
    renewal_of_id: int | None = Field(..., description="The agreement this one renews.")

    @staticmethod
    def resolve_partner_name(obj):
        return obj.partner.legal_name

    @staticmethod
    def resolve_pending_status(obj):
        return obj.pending_status or None


class AgreementPage(Schema):
    items: list[AgreementSummary]
    next_cursor: int | None = Field(
        None, description="Pass as `after` to get the next page; null on the last page."
    )


class AgreementProductOut(Schema):
    product_id: int
    product_name: str
    unit_of_measure: str
    agreed_price: Decimal = Field(..., description="Rupiah per unit, a whole number.")

    @staticmethod
    def resolve_product_name(obj):
        return obj.product.name

    @staticmethod
    def resolve_unit_of_measure(obj):
        return obj.product.unit_of_measure


class ObligationOut(Schema):
    id: int
    agreement_id: int
    party: Party
    description: str
    due_date: dt.date | None
    fulfilled_on: dt.date | None
    evidence: str
    fulfilled_by: str | None = Field(None, description="Username of who marked it fulfilled.")

    @staticmethod
    def resolve_fulfilled_by(obj):
        return username(obj.fulfilled_by)


class DueObligationOut(ObligationOut):
    agreement_title: str
    partner_id: int
    partner_name: str
    overdue: bool = Field(..., description="The due date has passed.")

    @staticmethod
    def resolve_agreement_title(obj):
        return obj.agreement.title

    @staticmethod
    def resolve_partner_id(obj):
        return obj.agreement.partner_id

    @staticmethod
    def resolve_partner_name(obj):
        return obj.agreement.partner.legal_name


class DocumentOut(Schema):
    id: int
    title: str
    content_type: str
    size: int = Field(..., description="Bytes.")
    uploaded_at: dt.datetime
    uploaded_by: str | None

    @staticmethod
    def resolve_uploaded_by(obj):
        return username(obj.uploaded_by)


class AgreementOut(AgreementSummary):
    mou_signed_on: dt.date | None
    pks_signed_on: dt.date | None
    commission_percent: Decimal | None = Field(..., description="The partner's commission.")
    maklon_fee_per_unit: Decimal | None = Field(..., description="Rupiah, a whole number.")
    payment_terms: str
    unit_signatory: str
    partner_signatory: str
    notes: str
    end_reason: str
    requested_by: str | None = Field(None, description="Username of who asked for the move.")
    requested_at: dt.datetime | None
    created_at: dt.datetime
    products: list[AgreementProductOut]
    obligations: list[ObligationOut]
    documents: list[DocumentOut] = Field(
        ..., description="Metadata only; scans are uploaded and read on the agreement's page."
    )

    @staticmethod
    def resolve_requested_by(obj):
        return username(obj.requested_by) if obj.pending_status else None

    @staticmethod
    def resolve_requested_at(obj):
        return obj.requested_at if obj.pending_status else None

    @staticmethod
    def resolve_products(obj):
        return list(obj.products.all())

    @staticmethod
    def resolve_obligations(obj):
        return list(obj.obligations.all())

    @staticmethod
    def resolve_documents(obj):
        return list(obj.documents.all())


class AgreementFilter(Schema):
    status: AgreementStatus | None = None
    partner_id: int | None = None
    awaiting_approval: bool | None = Field(
        None, description="true: only those waiting for the head's approval; false: the others."
    )
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(50, ge=1, le=500)


class Terms(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    schemes: list[Scheme] = []
    number: str = Field("", max_length=100)
    commission_percent: Decimal | None = Field(None, description="From 0 to 100.")
    maklon_fee_per_unit: Decimal | None = Field(None, description="Rupiah, a whole number.")
    payment_terms: str = Field("", max_length=2000)
    unit_signatory: str = Field("", max_length=200)
    partner_signatory: str = Field("", max_length=200)
    notes: str = Field("", max_length=2000)


class AgreementIn(Terms):
    partner_id: int = Field(..., description="One of the unit's partners.")
    title: str = Field(..., min_length=1, max_length=200)
    renewal_of_id: int | None = Field(
        None, description="Renews this agreement: a PKS or an expired one of the same partner."
    )


class AgreementPatch(Schema):
    """Only the terms sent are changed. `null` clears the commission or the fee; the other
    fields cannot be null. The status moves through request/approve/reject/end."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=200)
    schemes: list[Scheme] | None = None
    number: str | None = Field(None, max_length=100)
    commission_percent: Decimal | None = None
    maklon_fee_per_unit: Decimal | None = None
    payment_terms: str | None = Field(None, max_length=2000)
    unit_signatory: str | None = Field(None, max_length=200)
    partner_signatory: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=2000)

    @model_validator(mode="after")
    def _not_null(self):
        for name in self.model_fields_set - {"commission_percent", "maklon_fee_per_unit"}:
            if getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class RequestIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to: AgreementStatus = Field(..., description="MOU from exploration, PKS from an MoU.")


class AgreementApproveIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    signed_on: dt.date = Field(..., description="Not in the future.")
    number: str = Field("", max_length=100, description="The agreement's number, if new.")
    start_date: dt.date | None = Field(None, description="PKS only; the signing date if null.")
    end_date: dt.date | None = Field(None, description="PKS only; 5 years after the start.")


class AgreementRejectIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    reason: str = Reason


class AgreementEndIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    to: AgreementStatus = Field(
        ..., description="TERMINATED (any open agreement) or EXPIRED (a PKS past its end)."
    )
    ended_on: dt.date | None = Field(
        None, description="Today in the unit's zone unless given; not in the future."
    )
    reason: str = Field("", max_length=300, description="Required to terminate.")


class AgreementPriceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    agreed_price: Decimal = Field(..., description="Rupiah per unit: a whole number, 0 or more.")


class ObligationIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    party: Party
    description: str = Field(..., min_length=1, max_length=300)
    due_date: dt.date | None = None


class FulfilIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    fulfilled_on: dt.date | None = Field(
        None, description="Today in the unit's zone unless given; not in the future."
    )
    evidence: str = Field(..., max_length=300, description="What shows it was done.")


class DueFilter(Schema):
    within_days: int = Field(7, ge=0, le=366, description="Due by today plus this many days.")


# --- helpers -------------------------------------------------------------------------------


def _detail(facility, agreement_id: int) -> AgreementOut:
    agreement = selectors.agreement_with_details(facility=facility, pk=agreement_id)
    if agreement is None:
        raise Http404
    return AgreementOut.from_orm(agreement)


def _obligation(agreement, obligation_id: int) -> Obligation:
    return get_object_or_404(
        Obligation.objects.filter(facility=agreement.facility, agreement=agreement),
        pk=obligation_id,
    )


def _moved(request, facility, agreement_id: int, move, **arguments) -> AgreementOut:
    agreement = get_agreement(facility, agreement_id)
    move(actor=request.user, agreement=agreement, **arguments)
    return _detail(facility, agreement_id)


APPROVAL = (
    "Only the head of the unit (Perm `agreement.approve`) may; any other role gets 403 "
    "`forbidden`. With no move waiting: 400 `nothing_pending`."
)


# --- agreements ----------------------------------------------------------------------------


@router.get(
    "/{code}/agreements",
    response={200: AgreementPage, **ERRORS},
    summary="List a unit's agreements, newest first (keyset pagination by id)",
)
def agreement_list(request, code: str, filters: Query[AgreementFilter]):
    facility = facility_for(request, code, Perm.PARTNER_VIEW)
    with scope(facility=[facility.pk]):
        agreements = selectors.agreement_list(
            facility=facility,
            status=filters.status.value if filters.status else "",
            partner_id=filters.partner_id,
            awaiting_approval=filters.awaiting_approval,
        ).order_by("-pk")
        if filters.after is not None:
            agreements = agreements.filter(pk__lt=filters.after)
        return page(AgreementPage, list(agreements[: filters.limit + 1]), filters.limit)


@router.get(
    "/{code}/agreements/{agreement_id}",
    response={200: AgreementOut, **ERRORS},
    summary="One agreement with its products, obligations and documents (metadata)",
)
def agreement_detail(request, code: str, agreement_id: int):
    facility = facility_for(request, code, Perm.PARTNER_VIEW)
    with scope(facility=[facility.pk]):
        return _detail(facility, agreement_id)


@router.post(
    "/{code}/agreements",
    response={201: AgreementOut, **ERRORS},
    summary="Open an agreement at exploration, or renew one",
    description=(
        "A renewal names a PKS or an expired agreement of the same partner, and each is "
        "renewed once (409 `duplicate`)."
    ),
)
def agreement_create(request, code: str, payload: AgreementIn):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELD_NAMES):
        fields = payload.model_dump(mode="python")
        partner = partner_in_body(facility, fields.pop("partner_id"))
        renewal_of = agreement_in_body(facility, fields.pop("renewal_of_id"), "renewal_of_id")
        fields["schemes"] = [str(s) for s in fields["schemes"]]
        agreement = services.agreement_create(
            actor=request.user, partner=partner, renewal_of=renewal_of, **fields
        )
        return Status(201, _detail(facility, agreement.pk))


@router.patch(
    "/{code}/agreements/{agreement_id}",
    response={200: AgreementOut, **ERRORS},
    summary="Change an open agreement's terms (an ended one: 400 `ended`)",
)
def agreement_update(request, code: str, agreement_id: int, payload: AgreementPatch):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]):
        fields = payload.model_dump(mode="python", exclude_unset=True)
        if "schemes" in fields:
            fields["schemes"] = [str(s) for s in fields["schemes"]]
        return _moved(request, facility, agreement_id, services.agreement_update, **fields)


@router.post(
    "/{code}/agreements/{agreement_id}/request",
    response={200: AgreementOut, **ERRORS},
    summary="Ask the head to approve the move to MoU or PKS",
    description=(
        "Any other move is a 400 `illegal_transition`; a move already waiting is a 400 "
        "`pending`. The heads of the unit are told in their inbox."
    ),
)
def agreement_request(request, code: str, agreement_id: int, payload: RequestIn):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]):
        return _moved(
            request, facility, agreement_id, services.agreement_request, to=payload.to.value
        )


@router.post(
    "/{code}/agreements/{agreement_id}/approve",
    response={200: AgreementOut, **ERRORS},
    summary="Approve the waiting move (head only)",
    description=APPROVAL,
)
def agreement_approve(request, code: str, agreement_id: int, payload: AgreementApproveIn):
    facility = facility_for(request, code, Perm.AGREEMENT_APPROVE)
    with scope(facility=[facility.pk]):
        return _moved(request, facility, agreement_id, services.agreement_approve, **payload.dict())


@router.post(
    "/{code}/agreements/{agreement_id}/reject",
    response={200: AgreementOut, **ERRORS},
    summary="Send the waiting move back, with the reason (head only)",
    description=APPROVAL,
)
def agreement_reject(request, code: str, agreement_id: int, payload: AgreementRejectIn):
    facility = facility_for(request, code, Perm.AGREEMENT_APPROVE)
    with scope(facility=[facility.pk]):
        return _moved(
            request, facility, agreement_id, services.agreement_reject, reason=payload.reason
        )


@router.post(
    "/{code}/agreements/{agreement_id}/end",
    response={200: AgreementOut, **ERRORS},
    summary="Terminate an open agreement (with the reason) or mark a PKS past its end expired",
    description="Any other move is a 400 `illegal_transition`.",
)
def agreement_end(request, code: str, agreement_id: int, payload: AgreementEndIn):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]):
        return _moved(
            request,
            facility,
            agreement_id,
            services.agreement_end,
            to=payload.to.value,
            ended_on=payload.ended_on or today_in(facility.timezone),
            reason=payload.reason,
        )


# --- products ------------------------------------------------------------------------------


@router.put(
    "/{code}/agreements/{agreement_id}/products/{product_id}",
    response={200: AgreementProductOut, **ERRORS},
    summary="Put one of the unit's products on the agreement, or change its agreed price",
)
def agreement_product_set(
    request, code: str, agreement_id: int, product_id: int, payload: AgreementPriceIn
):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELD_NAMES):
        agreement = get_agreement(facility, agreement_id)
        product = get_object_or_404(Product.objects.filter(facility=facility), pk=product_id)
        line = terms.agreement_product_set(
            actor=request.user,
            agreement=agreement,
            product=product,
            agreed_price=payload.agreed_price,
        )
        return AgreementProductOut.from_orm(line)


@router.delete(
    "/{code}/agreements/{agreement_id}/products/{product_id}",
    response={204: None, **ERRORS},
    summary="Take a product off an open agreement",
)
def agreement_product_remove(request, code: str, agreement_id: int, product_id: int):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]):
        agreement = get_agreement(facility, agreement_id)
        line = get_object_or_404(
            AgreementProduct.objects.filter(facility=facility, agreement=agreement).select_related(
                "agreement"
            ),
            product_id=product_id,
        )
        terms.agreement_product_remove(actor=request.user, line=line)
    return Status(204, None)


# --- obligations ---------------------------------------------------------------------------


@router.post(
    "/{code}/agreements/{agreement_id}/obligations",
    response={201: ObligationOut, **ERRORS},
    summary="Add a right or obligation of one side to an open agreement",
)
def obligation_add(request, code: str, agreement_id: int, payload: ObligationIn):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]):
        obligation = terms.obligation_add(
            actor=request.user,
            agreement=get_agreement(facility, agreement_id),
            party=payload.party.value,
            description=payload.description,
            due_date=payload.due_date,
        )
        return Status(201, ObligationOut.from_orm(obligation))


@router.post(
    "/{code}/agreements/{agreement_id}/obligations/{obligation_id}/fulfil",
    response={200: ObligationOut, **ERRORS},
    summary="Mark an obligation fulfilled, with its evidence (once: else 400 `fulfilled`)",
)
def obligation_fulfil(request, code: str, agreement_id: int, obligation_id: int, payload: FulfilIn):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]):
        obligation = _obligation(get_agreement(facility, agreement_id), obligation_id)
        obligation = terms.obligation_fulfil(
            actor=request.user,
            obligation=obligation,
            fulfilled_on=payload.fulfilled_on or today_in(facility.timezone),
            evidence=payload.evidence,
        )
        return ObligationOut.from_orm(obligation)


@router.get(
    "/{code}/obligations",
    response={200: list[DueObligationOut], **ERRORS},
    summary="Unfulfilled obligations of the unit's open agreements, overdue or due soon",
    description="Soonest first; `overdue` is true once the due date has passed.",
)
def obligations_due(request, code: str, filters: Query[DueFilter]):
    facility = facility_for(request, code, Perm.PARTNER_VIEW)
    today = today_in(facility.timezone)
    with scope(facility=[facility.pk]):
        due = list(
            selectors.obligations_due(
                facility=facility, today=today, within_days=filters.within_days
            )
        )
    for obligation in due:
        obligation.overdue = obligation.due_date < today
    return due  # every related row is loaded: serialising it makes no query
