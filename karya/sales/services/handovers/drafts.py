"""Draft handovers: recording, changing and deleting them, their lines (priced by the
agreement) and their photos."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, audited_create, audited_update, snapshot
from karya.core.errors import Conflict, DomainError
from karya.core.images import clean_image, store_image
from karya.core.money import rupiah
from karya.inventory.models import StockLocation
from karya.inventory.services.moves import clean_quantity
from karya.partners.models import Agreement, AgreementProduct
from karya.sales.choices import (
    HandoverScheme,
)
from karya.sales.models import Handover, HandoverLine, HandoverPhoto
from karya.sales.services.handovers.common import (
    PARTY_FIELDS,
    PHOTO_LIMIT,
    _check_agreement,
    _check_draft,
    _clean_parties,
    _local_day,
    _locked,
)
from karya.sales.services.sales import MAX_PRICE

# --- drafts ---------------------------------------------------------------------------------


@transaction.atomic
def handover_create(
    *,
    actor,
    agreement: Agreement,
    scheme: str,
    handed_over_at: dt.datetime,
    source: StockLocation,
    officer,
    partner_representative: str,
    head,
    partner_representative_position: str = "",
    officer_position: str = "",
    note: str = "",
) -> Handover:
    """Record a draft pick-up under an open MoU or PKS of the unit, with one of the agreement's
    schemes (beli putus, konsinyasi, maklon). `handed_over_at` is aware (typed in the unit's
    zone); the source is the unit's own location in use; the officer works in the unit; the head
    holds the head role in the unit. The officer's position defaults to the officer's role.
    Side effect: the draft and its audit row. Nothing moves until it is posted."""
    facility = agreement.facility
    _check_agreement(agreement, scheme)
    fields = _clean_parties(
        facility,
        {
            "handed_over_at": handed_over_at,
            "source": source,
            "officer": officer,
            "officer_position": officer_position,
            "partner_representative": partner_representative,
            "partner_representative_position": partner_representative_position,
            "head": head,
            "note": note,
        },
    )
    _check_agreement(agreement, scheme, _local_day(handed_over_at, facility))
    return audited_create(
        actor=actor,
        model=Handover,
        facility=facility,
        agreement=agreement,
        partner_id=agreement.partner_id,
        scheme=scheme,
        created_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )


@transaction.atomic
def handover_update(*, actor, handover: Handover, **fields) -> Handover:
    """Change a draft's parties, time, source, note or scheme (fields left out keep their
    value). The scheme changes only while the draft has no lines (their prices follow it).
    Side effect: an audit row of what changed."""
    unknown = set(fields) - set(PARTY_FIELDS) - {"scheme"}
    if unknown:
        raise TypeError(f"Unknown handover fields: {sorted(unknown)}")
    current = _locked(handover)
    _check_draft(current)
    scheme = fields.pop("scheme", current.scheme)
    if scheme != current.scheme and current.lines.exists():
        raise DomainError(
            _("Remove the lines before changing the scheme: their prices follow the scheme."),
            field="scheme",
        )
    values = {name: getattr(current, name) for name in PARTY_FIELDS} | fields
    if "officer" in fields and "officer_position" not in fields:
        values["officer_position"] = ""  # the new officer's own role
    values = _clean_parties(current.facility, values)
    _check_agreement(
        current.agreement, scheme, _local_day(values["handed_over_at"], current.facility)
    )
    return audited_update(actor=actor, instance=current, scheme=scheme, **values)


@transaction.atomic
def handover_delete(*, actor, handover: Handover) -> None:
    """Delete a draft with its lines and photos (a posted handover is never deleted).
    Side effects: audit rows, the photo files removed once the deletion is committed."""
    current = _locked(handover)
    _check_draft(current)
    photos = list(current.photos.all())
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        instance=current,
        before={
            **snapshot(current),
            "lines": [str(line) for line in current.lines.select_related("product")],
        },
    )
    names = [photo.image.name for photo in photos]
    storage = photos[0].image.storage if photos else None
    current.delete()
    if storage is not None:
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


def _agreed(handover: Handover, product) -> AgreementProduct:
    agreed = AgreementProduct.objects.filter(agreement=handover.agreement, product=product).first()
    if agreed is None:
        raise DomainError(
            _("%(product)s is not one of the agreement's products.") % {"product": product},
            field="product",
        )
    return agreed


def default_unit_price(handover: Handover, product) -> Decimal | None:
    """The price a line takes when none is typed: the maklon fee per unit under maklon, else
    the price agreed for the product (None when the agreement sets no maklon fee)."""
    agreed = _agreed(handover, product)
    if handover.scheme == HandoverScheme.MAKLON:
        return handover.agreement.maklon_fee_per_unit
    return agreed.agreed_price


def _clean_price(handover: Handover, product, unit_price) -> Decimal:
    if unit_price is None or unit_price == "":
        price = default_unit_price(handover, product)
        if price is None:
            raise DomainError(
                _("The agreement sets no maklon fee per unit: give the fee per unit."),
                field="unit_price",
            )
        return price
    try:
        price = rupiah(unit_price)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Give the unit price in whole rupiah."), field="unit_price") from exc
    if price < 0 or price > MAX_PRICE:
        raise DomainError(_("Give a unit price from Rp 0."), field="unit_price")
    return price


def _clean_line(handover: Handover, product, lot, quantity) -> int:
    if product is None or product.facility_id != handover.facility_id:
        raise DomainError(_("Choose a product of this unit."), field="product")
    _agreed(handover, product)
    if lot is not None and (
        lot.facility_id != handover.facility_id or lot.product_id != product.pk
    ):
        raise DomainError(
            _("Lot %(lot)s is not a lot of %(product)s.") % {"lot": lot.code, "product": product},
            field="lot",
        )
    return clean_quantity(quantity)


def _check_not_twice(handover: Handover, product, lot, exclude: int | None = None) -> None:
    same = HandoverLine.objects.filter(handover=handover, product=product, lot=lot)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        what = f"{product} ({lot.code})" if lot is not None else str(product)
        raise Conflict(
            _("%(item)s is already on this handover: change the quantity of that line.")
            % {"item": what},
            code="duplicate",
            field="product",
        )


@transaction.atomic
def handover_line_add(
    *, actor, handover: Handover, product, quantity: int, lot=None, unit_price=None
) -> HandoverLine:
    """Add a product (and lot) of the agreement to a draft: a whole quantity above zero at the
    agreement's price (the maklon fee per unit under maklon) unless a price is given. A product
    and lot appear once per handover. Side effect: the line and its audit row."""
    current = _locked(handover)
    _check_draft(current)
    quantity = _clean_line(current, product, lot, quantity)
    price = _clean_price(current, product, unit_price)
    _check_not_twice(current, product, lot)
    return audited_create(
        actor=actor,
        model=HandoverLine,
        facility_id=current.facility_id,
        handover=current,
        product=product,
        lot=lot,
        quantity=quantity,
        unit_price=price,
    )


@transaction.atomic
def handover_line_update(
    *, actor, line: HandoverLine, quantity: int, lot=None, unit_price=None
) -> HandoverLine:
    """Change a draft line's quantity, lot or price (an empty price takes the agreement's
    again). Side effect: an audit row of what changed."""
    current = _locked(line.handover)
    _check_draft(current)
    line = HandoverLine.objects.select_related("product").get(pk=line.pk)
    quantity = _clean_line(current, line.product, lot, quantity)
    price = _clean_price(current, line.product, unit_price)
    _check_not_twice(current, line.product, lot, exclude=line.pk)
    return audited_update(actor=actor, instance=line, quantity=quantity, lot=lot, unit_price=price)


@transaction.atomic
def handover_line_remove(*, actor, line: HandoverLine) -> None:
    """Remove a line from a draft. Side effect: an audit row."""
    current = _locked(line.handover)
    _check_draft(current)
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, instance=line, before=snapshot(line))
    line.delete()


@transaction.atomic
def handover_photo_add(*, actor, handover: Handover, upload, caption: str = "") -> HandoverPhoto:
    """Add a photo of the pick-up (to a draft or a posted handover: photos are evidence, not
    part of the BAST): images only, at most settings.KARYA_PHOTO_MAX_BYTES, re-encoded upright
    without EXIF/GPS under a random name (karya.core.images); at most PHOTO_LIMIT per handover.
    Side effect: the photo file and row, an audit row."""
    current = _locked(handover)
    if HandoverPhoto.objects.filter(handover=current).count() >= PHOTO_LIMIT:
        raise DomainError(
            _("A handover has at most %(max)s photos.") % {"max": PHOTO_LIMIT},
            code="too_many_photos",
            field="image",
        )
    caption = (caption or "").strip()
    if len(caption) > 200:
        raise DomainError(_("At most %(max)s characters.") % {"max": 200}, field="caption")
    clean = clean_image(upload, max_bytes=settings.KARYA_PHOTO_MAX_BYTES, field="image")
    photo = HandoverPhoto(
        facility=current.facility,
        handover=current,
        caption=caption,
        width=clean.width,
        height=clean.height,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
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
def handover_photo_remove(*, actor, photo: HandoverPhoto) -> None:
    """Remove a photo from a draft. Side effects: an audit row; the file is deleted once the
    removal is committed."""
    current = _locked(photo.handover)
    _check_draft(current)
    audit_record(
        actor=actor, action=AuditEntry.Action.DELETE, instance=photo, before=snapshot(photo)
    )
    name, storage = photo.image.name, photo.image.storage
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
