"""Writes on partner visits and their follow-up actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.accounts.models import Membership
from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, audited_create, audited_update, snapshot
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.core.images import clean_image, store_image
from karya.partners.models import FollowUp, Partner, PartnerVisit, VisitPhoto


def _check(fields: dict[str, Any], partner: Partner) -> None:
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    for name in ("starts_at", "ends_at"):
        value = fields.get(name)
        if isinstance(value, dt.datetime) and timezone.is_naive(value):
            raise DomainError(_("Give the time with its time zone."), field=name)
    if starts and ends and ends < starts:
        raise DomainError(_("A visit cannot end before it starts."), field="ends_at")
    agreement = fields.get("agreement")
    if agreement is not None and agreement.partner_id != partner.pk:
        raise DomainError(_("The agreement is with another partner."), field="agreement")


@transaction.atomic
def visit_create(*, actor, partner: Partner, **fields: Any) -> PartnerVisit:
    """Record a visit (exploration, monitoring, evaluation). Times are aware datetimes.
    Side effect: an audit row."""
    _check(fields, partner)
    return audited_create(
        actor=actor,
        model=PartnerVisit,
        facility_id=partner.facility_id,
        partner=partner,
        created_by=actor,
        **fields,
    )


@transaction.atomic
def visit_update(*, actor, visit: PartnerVisit, **fields: Any) -> PartnerVisit:
    """Change a visit's record. Side effect: an audit row of what changed."""
    _check({"starts_at": visit.starts_at, "ends_at": visit.ends_at} | fields, visit.partner)
    return audited_update(actor=actor, instance=visit, **fields)


@transaction.atomic
def follow_up_add(
    *, actor, visit: PartnerVisit, action: str, owner=None, due_date: dt.date | None = None
) -> FollowUp:
    """Add a follow-up action to a visit; its owner must work in the unit."""
    if not action.strip():
        raise DomainError(_("Describe the action."), field="action")
    if owner is not None and not (
        owner.is_active
        and Membership.objects.active().filter(user=owner, facility_id=visit.facility_id).exists()
    ):
        raise DomainError(_("The owner must work in this unit."), field="owner")
    return audited_create(
        actor=actor,
        model=FollowUp,
        facility_id=visit.facility_id,
        visit=visit,
        action=action.strip(),
        owner=owner,
        due_date=due_date,
    )


@transaction.atomic
def follow_up_done(*, actor, follow_up: FollowUp, done_on: dt.date) -> FollowUp:
    """Mark a follow-up done, once, on a date not in the future. Side effect: an audit row."""
    current = FollowUp.objects.select_for_update().select_related("facility").get(pk=follow_up.pk)
    if current.done_on:
        raise DomainError(_("This action is already done."), code="done")
    if done_on > today_in(current.facility.timezone):
        raise DomainError(_("The date cannot be in the future."), field="done_on")
    return audited_update(actor=actor, instance=current, done_on=done_on)


VISIT_PHOTO_LIMIT = 20


@transaction.atomic
def visit_photo_add(*, actor, visit: PartnerVisit, upload, caption: str = "") -> VisitPhoto:
    """Add a photo to a visit: images only (JPEG, PNG, WebP), at most
    settings.KARYA_PHOTO_MAX_BYTES, re-encoded upright without EXIF/GPS under a random name
    (karya.core.images). At most VISIT_PHOTO_LIMIT per visit. Side effect: an audit row."""
    current = PartnerVisit.objects.select_for_update().select_related("facility").get(pk=visit.pk)
    if VisitPhoto.objects.filter(visit=current).count() >= VISIT_PHOTO_LIMIT:
        raise DomainError(
            _("A visit has at most %(max)s photos.") % {"max": VISIT_PHOTO_LIMIT},
            code="too_many_photos",
            field="image",
        )
    clean = clean_image(upload, max_bytes=settings.KARYA_PHOTO_MAX_BYTES, field="image")
    photo = VisitPhoto(
        facility=current.facility,
        visit=current,
        caption=caption.strip()[:200],
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
