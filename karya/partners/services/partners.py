"""Writes on partners and their contacts."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from karya.audit.services import audited_create, audited_update
from karya.core.errors import Conflict, DomainError
from karya.partners.models import Partner, PartnerContact, npwp_validator


def clean_npwp(value: str) -> str:
    """An NPWP as digits only: '01.234.567.8-901.000' → '012345678901000'."""
    return re.sub(r"[\s.\-]", "", value or "")


def _check_unique(facility_id: int, fields: dict[str, Any], exclude: int | None = None) -> None:
    others = Partner.objects.filter(facility_id=facility_id)
    if exclude:
        others = others.exclude(pk=exclude)
    name = fields.get("legal_name")
    if name and others.filter(legal_name__iexact=name).exists():
        raise Conflict(
            _("The unit already has a partner with this legal name."),
            code="duplicate",
            field="legal_name",
        )
    npwp = fields.get("npwp")
    if npwp and others.filter(npwp=npwp).exists():
        raise Conflict(
            _("The unit already has a partner with this NPWP."), code="duplicate", field="npwp"
        )


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    if "npwp" in fields:
        fields["npwp"] = clean_npwp(fields["npwp"])
        if fields["npwp"] and not npwp_validator.regex.fullmatch(fields["npwp"]):
            # One clear message (not also the model's "at most 16 characters").
            raise DomainError(str(npwp_validator.message), field="npwp")
    if "legal_name" in fields:
        fields["legal_name"] = " ".join((fields["legal_name"] or "").split())
    return fields


@transaction.atomic
def partner_create(*, actor, facility, **fields: Any) -> Partner:
    """Record a partner of the unit. Legal name and NPWP are unique in the unit; the NPWP is
    stored as digits (15 or 16). Side effect: an audit row."""
    fields = _clean(fields)
    _check_unique(facility.pk, fields)
    return audited_create(actor=actor, model=Partner, facility=facility, **fields)


@transaction.atomic
def partner_update(*, actor, partner: Partner, **fields: Any) -> Partner:
    """Change a partner. Side effect: an audit row of what changed."""
    fields = _clean(fields)
    _check_unique(partner.facility_id, fields, exclude=partner.pk)
    return audited_update(actor=actor, instance=partner, **fields)


@transaction.atomic
def contact_add(*, actor, partner: Partner, **fields: Any) -> PartnerContact:
    """Add a contact person to a partner. Side effect: an audit row."""
    return audited_create(
        actor=actor,
        model=PartnerContact,
        facility_id=partner.facility_id,
        partner=partner,
        **fields,
    )


@transaction.atomic
def contact_update(*, actor, contact: PartnerContact, **fields: Any) -> PartnerContact:
    """Change a contact person. Side effect: an audit row of what changed."""
    return audited_update(actor=actor, instance=contact, **fields)
