"""An agreement's terms beyond its life: the products at agreed prices, the signed documents,
and the rights and obligations of each side."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, audited_create, audited_update, snapshot
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.partners.choices import OPEN_STATUSES
from karya.partners.models import Agreement, AgreementDocument, AgreementProduct, Obligation

DOCUMENT_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
DOCUMENT_MAGIC = {
    b"%PDF": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG": "image/png",
}


@transaction.atomic
def agreement_product_set(
    *, actor, agreement: Agreement, product, agreed_price
) -> AgreementProduct:
    """Add a product to an agreement, or change its agreed price. Side effect: an audit row."""
    if agreement.status not in OPEN_STATUSES:
        raise DomainError(_("An ended agreement cannot be changed."), code="ended")
    if product.facility_id != agreement.facility_id:
        raise DomainError(_("The product is not the unit's."), field="product")
    if agreed_price is None or Decimal(agreed_price) < 0:
        raise DomainError(_("The agreed price cannot be negative."), field="agreed_price")
    line = AgreementProduct.objects.filter(agreement=agreement, product=product).first()
    if line is None:
        return audited_create(
            actor=actor,
            model=AgreementProduct,
            facility_id=agreement.facility_id,
            agreement=agreement,
            product=product,
            agreed_price=agreed_price,
        )
    return audited_update(actor=actor, instance=line, agreed_price=agreed_price)


@transaction.atomic
def agreement_product_remove(*, actor, line: AgreementProduct) -> None:
    """Take a product off an open agreement. Side effect: an audit row (the line is deleted)."""
    if line.agreement.status not in OPEN_STATUSES:
        raise DomainError(_("An ended agreement cannot be changed."), code="ended")
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, instance=line, before=snapshot(line))
    line.delete()


def _image_without_metadata(upload, content_type: str) -> ContentFile:
    """The picture drawn again without EXIF, XMP or text chunks (turned upright first)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            if content_type == "image/jpeg":
                clean, options = upright.convert("RGB"), {"format": "JPEG", "quality": 92}
            else:
                clean, options = upright, {"format": "PNG", "optimize": True}
            out = io.BytesIO()
            clean.save(out, **options)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError) as exc:
        raise DomainError(_("Upload a PDF, JPEG or PNG file."), field="file") from exc
    return ContentFile(out.getvalue())


@transaction.atomic
def agreement_document_add(*, actor, agreement: Agreement, title: str, upload) -> AgreementDocument:
    """Attach a signed scan: a PDF, JPEG or PNG (checked by its first bytes, not its name),
    at most KARYA_DOCUMENT_MAX_BYTES. The stored name is random; a photo is stored without its
    metadata (a phone photo taken inside the prison may carry its GPS position). Side effect:
    an audit row."""
    limit = getattr(settings, "KARYA_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
    if upload.size > limit:
        raise DomainError(
            _("The file is larger than %(mb)s MB.") % {"mb": limit // 1048576}, field="file"
        )
    head = upload.read(8)
    upload.seek(0)
    content_type = next((t for magic, t in DOCUMENT_MAGIC.items() if head.startswith(magic)), None)
    if content_type is None:
        raise DomainError(_("Upload a PDF, JPEG or PNG file."), field="file")
    if content_type != "application/pdf":
        upload = _image_without_metadata(upload, content_type)
    upload.name = f"document.{DOCUMENT_TYPES[content_type]}"
    return audited_create(
        actor=actor,
        model=AgreementDocument,
        facility_id=agreement.facility_id,
        agreement=agreement,
        title=title.strip() or _("Document"),
        file=upload,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )


@transaction.atomic
def obligation_add(
    *, actor, agreement: Agreement, party: str, description: str, due_date: dt.date | None = None
) -> Obligation:
    """Add a right or obligation of one side. Side effect: an audit row."""
    if agreement.status not in OPEN_STATUSES:
        raise DomainError(_("An ended agreement cannot be changed."), code="ended")
    return audited_create(
        actor=actor,
        model=Obligation,
        facility_id=agreement.facility_id,
        agreement=agreement,
        party=party,
        description=description.strip(),
        due_date=due_date,
    )


@transaction.atomic
def obligation_fulfil(
    *, actor, obligation: Obligation, fulfilled_on: dt.date, evidence: str
) -> Obligation:
    """Mark an obligation fulfilled, with its evidence (what shows it was done). Not in the
    future; once only. Side effect: an audit row."""
    current = (
        Obligation.objects.select_for_update()
        .select_related("agreement__facility")
        .get(pk=obligation.pk)
    )
    if current.fulfilled_on:
        raise DomainError(_("This obligation is already fulfilled."), code="fulfilled")
    if not evidence.strip():
        raise DomainError(_("Describe the evidence that it was fulfilled."), field="evidence")
    if fulfilled_on > today_in(current.agreement.facility.timezone):
        raise DomainError(_("The date cannot be in the future."), field="fulfilled_on")
    return audited_update(
        actor=actor,
        instance=current,
        fulfilled_on=fulfilled_on,
        evidence=evidence.strip()[:300],
        fulfilled_by=actor,
    )
