"""Lookups shared by the work-programme routers. Call them inside the unit's scope."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from karya.api.errors import ErrorOut
from karya.api.routers.common import api_fields  # noqa: F401  (used by the routers here)
from karya.core.errors import DomainError
from karya.inmates.models import Inmate
from karya.programs.models import Allocation, Workshop

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def get_workshop(facility, workshop_id: int) -> Workshop:
    """A workshop of the unit, or 404 (another unit's workshop does not exist here)."""
    return get_object_or_404(
        Workshop.objects.filter(facility=facility).select_related("facility"), pk=workshop_id
    )


def get_allocation(facility, allocation_id: int) -> Allocation:
    return get_object_or_404(
        Allocation.objects.filter(facility=facility).select_related("workshop__facility", "inmate"),
        pk=allocation_id,
    )


def get_inmate(facility, inmate_id: int) -> Inmate:
    """An inmate named in a request body: unknown here is a bad request, not a missing page."""
    inmate = Inmate.objects.filter(facility=facility, pk=inmate_id).first()
    if inmate is None:
        raise DomainError(_("The inmate is not in this unit."), field="inmate_id")
    return inmate
