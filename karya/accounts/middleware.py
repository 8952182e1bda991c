"""Tenancy for every request (DESIGN.md §4: tenancy fails closed).

Unit pages live under `/upt/<facility_code>/`. This middleware resolves that unit, checks that
one of the user's memberships covers it, activates its time zone, and runs the whole request
(view and template rendering) inside a django-scopes scope limited to that unit. Any other
request runs in an empty scope: a query on unit-owned rows then finds nothing, and a query
outside any scope raises ScopeError instead of leaking.
"""

from django.urls import Resolver404, resolve
from django.utils import timezone
from django_scopes import scope

from karya.accounts.permissions import access_for
from karya.facilities.models import Facility

FACILITY_KWARG = "facility_code"


def facility_for_request(request, code: str | None):
    """The unit named by `code` if the user's memberships cover it, else None."""
    if not code or not request.user.is_authenticated:
        return None
    facility = Facility.objects.select_related("region").filter(code=code).first()
    if facility is None or not access_for(request.user).covers(facility):
        return None
    return facility


class FacilityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            code = resolve(request.path_info).kwargs.get(FACILITY_KWARG)
        except Resolver404:
            code = None
        request.facility = facility_for_request(request, code)
        if request.facility is None:
            with scope(facility=[]):
                return self.get_response(request)
        if request.session.get("facility_code") != request.facility.code:
            request.session["facility_code"] = request.facility.code  # saved only on a change
        with scope(facility=[request.facility.pk]), timezone.override(request.facility.timezone):
            return self.get_response(request)
