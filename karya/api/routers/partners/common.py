"""Lookups shared by the partner routers. Call them inside the unit's scope.

An id in the path that is not the unit's answers 404, like a missing one; an id in a request
body that is not the unit's is a bad request (400) naming the field."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from karya.api.errors import ErrorOut
from karya.core.errors import DomainError
from karya.partners.models import Agreement, Partner, PartnerVisit

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def get_partner(facility, partner_id: int) -> Partner:
    return get_object_or_404(Partner.objects.filter(facility=facility), pk=partner_id)


def get_agreement(facility, agreement_id: int) -> Agreement:
    return get_object_or_404(
        Agreement.objects.filter(facility=facility).select_related("partner", "facility"),
        pk=agreement_id,
    )


def get_visit(facility, visit_id: int) -> PartnerVisit:
    return get_object_or_404(
        PartnerVisit.objects.filter(facility=facility).select_related("partner", "facility"),
        pk=visit_id,
    )


def partner_in_body(facility, partner_id: int) -> Partner:
    partner = Partner.objects.filter(facility=facility, pk=partner_id).first()
    if partner is None:
        raise DomainError(_("Choose one of the unit's partners."), field="partner_id")
    return partner


def agreement_in_body(facility, agreement_id: int | None, field: str) -> Agreement | None:
    if agreement_id is None:
        return None
    agreement = Agreement.objects.filter(facility=facility, pk=agreement_id).first()
    if agreement is None:
        raise DomainError(_("Choose one of the unit's agreements."), field=field)
    return agreement


def local(moment: dt.datetime | None, facility) -> dt.datetime | None:
    """A stored (UTC) time in the unit's own zone (WIB, WITA or WIT)."""
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(facility.timezone))


def username(user) -> str | None:
    return user.username if user is not None else None


def page(schema, rows: list, limit: int, *, cursor=lambda row: row.pk):
    """A keyset page: `rows` holds up to `limit + 1` rows; the extra one only says there is
    more. Validated here, inside the caller's scope (the answer is then sent as it is)."""
    more = len(rows) > limit
    rows = rows[:limit]
    return schema.from_orm({"items": rows, "next_cursor": cursor(rows[-1]) if more else None})
