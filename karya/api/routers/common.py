"""Shared pieces of the API routers: the unit lookup with its permission check, and naming a
service's error after the API's field."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from pydantic import AfterValidator, AwareDatetime

from karya.accounts.permissions import Perm, access_for
from karya.core.errors import DomainError
from karya.facilities.models import Facility


def facility_for(request, code: str, perm: Perm) -> Facility:
    """The unit named by `code`: 404 unless the user's memberships cover it, 403 without `perm`.

    Callers run their queries inside `scope(facility=[facility.pk])`.
    """
    facility = Facility.objects.select_related("region").filter(code=code.upper()).first()
    access = access_for(request.user)
    if facility is None or not access.covers(facility):
        raise Http404
    if not access.can(perm, facility):
        raise PermissionDenied
    return facility


@contextmanager
def api_fields(**names: str) -> Iterator[None]:
    """Report a service's error under the API's name of the field (`inmate` → `inmate_id`)."""
    try:
        yield
    except DomainError as error:
        error.field = names.get(error.field or "", error.field)
        raise


def keep_operation_ids(router, module: str) -> None:
    """Keep the OpenAPI operation ids of a router module split into a package: django-ninja
    names an operation `<module>_<function>` (dots as underscores), so each operation of the
    package's routers is named after the former module, not its new sub-module."""
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            if operation.operation_id is None:
                name = f"{module}_{operation.view_func.__name__}"
                operation.operation_id = name.replace(".", "_")
    for _prefix, child, _tags in router._routers:
        keep_operation_ids(child, module)


def in_unit(model, facility, pk, field: str, message: str):
    """A request body's reference to one of the unit's rows (None stays None); another unit's
    row is refused like a wrong one, as a 400 naming the field. Call inside the unit's scope."""
    if pk is None:
        return None
    found = model.objects.filter(facility=facility, pk=pk).first()
    if found is None:
        raise DomainError(message, field=field)
    return found


def _plausible(moment: dt.datetime) -> dt.datetime:
    """A moment Karya records: the years a unit's events happen in (the time zones of year
    189 have offsets in seconds, which no date-time format writes)."""
    if not 1970 <= moment.year <= 2100:
        raise ValueError(_("Not a date Karya can record (years 1970 to 2100)."))
    return moment


# A date and time with its zone, as a request sends it, within the years 1970 to 2100.
Moment = Annotated[AwareDatetime, AfterValidator(_plausible)]
