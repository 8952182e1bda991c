"""The products of an agreement with their agreed prices."""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from django_scopes import scope
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from karya.accounts.permissions import Perm
from karya.api.routers.common import api_fields, facility_for
from karya.api.routers.partners.agreements.schemas import FIELD_NAMES, AgreementProductOut
from karya.api.routers.partners.common import ERRORS, get_agreement
from karya.partners.models import AgreementProduct
from karya.partners.services import agreement_terms as terms
from karya.production.models import Product

router = Router(tags=["agreements"])


class AgreementPriceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    agreed_price: Decimal = Field(..., description="Rupiah per unit: a whole number, 0 or more.")


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
