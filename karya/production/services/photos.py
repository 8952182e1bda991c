"""Product photos: uploaded photos are checked and re-encoded without metadata
(karya/core/images.py) and stored under a random name in the media storage (MEDIA_ROOT or the
bucket, see settings), as products/<unit code>/<name>."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, snapshot
from karya.core.errors import DomainError
from karya.core.images import clean_image, store_image
from karya.production.models import Product, ProductPhoto

PHOTO_LIMIT = 10  # photos per product


@transaction.atomic
def product_photo_add(*, actor, product: Product, upload) -> ProductPhoto:
    """Add a photo to a product, after the ones it has. Refused: more than PHOTO_LIMIT photos,
    a file larger than settings.KARYA_PHOTO_MAX_BYTES, anything that is not a JPEG, PNG or
    WebP photo. The stored file is a fresh JPEG (PNG when transparent) of at most 1600 px,
    upright, without EXIF (GPS), under a random name. Side effect: an audit row.

    If the transaction fails after the file is written, the file is removed; a rollback of
    an enclosing transaction may leave an unreferenced file (harmless: random name)."""
    current = Product.objects.select_for_update().select_related("facility").get(pk=product.pk)
    photos = ProductPhoto.objects.filter(facility_id=current.facility_id, product=current)
    if photos.count() >= PHOTO_LIMIT:
        raise DomainError(
            _("A product has at most %(max)s photos; remove one first.") % {"max": PHOTO_LIMIT},
            code="too_many_photos",
            field="image",
        )
    clean = clean_image(upload, max_bytes=settings.KARYA_PHOTO_MAX_BYTES, field="image")
    last = photos.aggregate(last=Max("position"))["last"]
    photo = ProductPhoto(
        facility_id=current.facility_id,
        product=current,
        width=clean.width,
        height=clean.height,
        position=0 if last is None else last + 1,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    # The name given here only carries the extension; photo_path() makes the random name.
    store_image(photo.image, clean)
    try:
        photo.save()
        audit_record(
            actor=actor, action=AuditEntry.Action.CREATE, instance=photo, after=snapshot(photo)
        )
    except Exception:
        photo.image.storage.delete(photo.image.name)
        raise
    return photo


@transaction.atomic
def product_photo_remove(*, actor, photo: ProductPhoto) -> None:
    """Remove a photo; its file is deleted once the removal is committed. Side effect: an
    audit row."""
    current = ProductPhoto.objects.select_for_update().get(pk=photo.pk)
    before = snapshot(current)
    storage, name = current.image.storage, current.image.name
    pk = current.pk
    current.delete()
    current.pk = pk  # the audit row names the record that was removed
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, instance=current, before=before)
    transaction.on_commit(lambda: storage.delete(name))
