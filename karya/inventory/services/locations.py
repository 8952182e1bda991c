"""Writes on stock locations and lots."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from karya.audit.services import audited_create, audited_update
from karya.core.errors import Conflict, DomainError
from karya.inventory.choices import LocationKind
from karya.inventory.models import Lot, StockBalance, StockLocation

LOCATION_FIELDS = ("name", "kind", "partner_name", "is_active")


def _clean_location(fields: dict) -> dict:
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
        if not fields["name"]:
            raise DomainError(_("Give the location a name."), field="name")
    if "kind" in fields and fields["kind"] not in LocationKind.values:
        raise DomainError(_("Choose what kind of location this is."), field="kind")
    if "partner_name" in fields:
        fields["partner_name"] = (fields["partner_name"] or "").strip()
    return fields


def _check_partner(kind: str, partner_name: str) -> None:
    if kind == LocationKind.PARTNER and not partner_name:
        raise DomainError(
            _("Name the partner who holds the goods at this location."), field="partner_name"
        )


def _check_name_free(facility_id: int, name: str, exclude: int | None = None) -> None:
    taken = StockLocation.objects.filter(facility_id=facility_id, name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise Conflict(
            _("The unit already has a location named %(name)s.") % {"name": name},
            code="duplicate",
            field="name",
        )


@transaction.atomic
def location_create(
    *,
    actor,
    facility,
    name: str,
    kind: str,
    partner_name: str = "",
    is_active: bool = True,
) -> StockLocation:
    """Add a stock location to a unit. The name is unique in the unit (whatever its case); a
    partner location names its partner. Side effect: an audit row."""
    fields = _clean_location({"name": name, "kind": kind, "partner_name": partner_name})
    _check_partner(fields["kind"], fields["partner_name"])
    if fields["kind"] != LocationKind.PARTNER:
        fields["partner_name"] = ""
    _check_name_free(facility.pk, fields["name"])
    return audited_create(
        actor=actor, model=StockLocation, facility=facility, is_active=is_active, **fields
    )


@transaction.atomic
def location_update(*, actor, location: StockLocation, **fields) -> StockLocation:
    """Change a location (name, kind, partner, in use). A location still holding goods cannot
    be taken out of use: move or write the goods off first. Side effect: an audit row if
    anything changed."""
    unknown = set(fields) - set(LOCATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown location fields: {sorted(unknown)}")
    current = StockLocation.objects.select_for_update().get(pk=location.pk)
    fields = _clean_location(fields)
    kind = fields.get("kind", current.kind)
    partner_name = fields.get("partner_name", current.partner_name)
    _check_partner(kind, partner_name)
    if kind != LocationKind.PARTNER:
        fields["partner_name"] = ""
    if "name" in fields and fields["name"] != current.name:
        _check_name_free(current.facility_id, fields["name"], exclude=current.pk)
    if (
        fields.get("is_active") is False
        and current.is_active
        and StockBalance.objects.filter(location=current, quantity__gt=0).exists()
    ):
        raise DomainError(
            _("%(location)s still holds goods: move them or write them off first.")
            % {"location": current.name},
            code="location_not_empty",
            field="is_active",
        )
    return audited_update(actor=actor, instance=current, **fields)


@transaction.atomic
def lot_create(
    *,
    actor,
    product,
    code: str,
    produced_on: dt.date,
    expires_on: dt.date | None = None,
    note: str = "",
) -> Lot:
    """Record a lot (batch) of a product; production orders call this when goods are made.
    The code is unique in the unit (whatever its case); the expiry date, if any, is not
    before the production date. Side effect: an audit row."""
    code = (code or "").strip()
    if not code:
        raise DomainError(_("Give the lot a code."), field="code")
    if Lot.objects.filter(facility_id=product.facility_id, code__iexact=code).exists():
        raise Conflict(
            _("The unit already has a lot with the code %(code)s.") % {"code": code},
            code="duplicate",
            field="code",
        )
    if produced_on is None:
        raise DomainError(_("Give the production date."), field="produced_on")
    if expires_on is not None and expires_on < produced_on:
        raise DomainError(
            _("The expiry date cannot be before the production date."), field="expires_on"
        )
    return audited_create(
        actor=actor,
        model=Lot,
        facility_id=product.facility_id,
        product=product,
        code=code,
        produced_on=produced_on,
        expires_on=expires_on,
        note=(note or "").strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
