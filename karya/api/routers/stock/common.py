"""Lookups shared by the stock routers: a body's reference to one of the unit's rows. Call them
inside the unit's scope."""

from __future__ import annotations

from django.utils.translation import gettext as _

from karya.api.errors import ErrorOut
from karya.api.routers.common import in_unit
from karya.inventory.models import StockLocation

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
RUPIAH = "Whole rupiah, as a decimal string."


def _location(facility, pk, field="location_id") -> StockLocation:
    return in_unit(StockLocation, facility, pk, field, _("Choose a location of this unit."))
