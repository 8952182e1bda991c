"""File uploads through the API (multipart/form-data): product photos, agreement documents
and visit photos. The same services as the pages: pictures are re-encoded without their
metadata, documents are checked by their first bytes, stored names are random."""

from django.shortcuts import get_object_or_404
from django_scopes import scope
from ninja import File, Form, Router, Schema, Status, UploadedFile

from karya.accounts.permissions import Perm
from karya.api.errors import ErrorOut
from karya.api.routers.common import facility_for
from karya.partners.models import Agreement, PartnerVisit
from karya.partners.services.agreement_terms import agreement_document_add
from karya.partners.services.visits import visit_photo_add
from karya.production.models import Product
from karya.production.services.photos import product_photo_add

router = Router(tags=["uploads"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class UploadedPhotoOut(Schema):
    id: int
    width: int
    height: int


class UploadedDocumentOut(Schema):
    id: int
    title: str
    content_type: str
    size: int


@router.post(
    "/{code}/products/{product_id}/photos",
    response={201: UploadedPhotoOut, **ERRORS},
    summary="Add a photo to a product (metadata stripped)",
)
def product_photo(request, code: str, product_id: int, image: File[UploadedFile]):
    facility = facility_for(request, code, Perm.PRODUCT_MANAGE)
    with scope(facility=[facility.pk]):
        product = get_object_or_404(Product.objects.filter(facility=facility), pk=product_id)
        photo = product_photo_add(actor=request.user, product=product, upload=image)
    return Status(201, photo)


@router.post(
    "/{code}/agreements/{agreement_id}/documents",
    response={201: UploadedDocumentOut, **ERRORS},
    summary="Attach a signed scan (PDF, JPEG or PNG) to an agreement",
)
def agreement_document(
    request, code: str, agreement_id: int, file: File[UploadedFile], title: Form[str] = ""
):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]):
        agreement = get_object_or_404(Agreement.objects.filter(facility=facility), pk=agreement_id)
        document = agreement_document_add(
            actor=request.user, agreement=agreement, title=title, upload=file
        )
    return Status(201, document)


@router.post(
    "/{code}/visits/{visit_id}/photos",
    response={201: UploadedPhotoOut, **ERRORS},
    summary="Add a photo to a visit (metadata stripped)",
)
def visit_photo(
    request, code: str, visit_id: int, image: File[UploadedFile], caption: Form[str] = ""
):
    facility = facility_for(request, code, Perm.PARTNER_MANAGE)
    with scope(facility=[facility.pk]):
        visit = get_object_or_404(PartnerVisit.objects.filter(facility=facility), pk=visit_id)
        photo = visit_photo_add(actor=request.user, visit=visit, upload=image, caption=caption)
    return Status(201, photo)
