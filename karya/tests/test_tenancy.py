"""Tenancy fails closed: unit-owned rows are reachable only inside a scope of units."""

import pytest
from django_scopes import ScopeError, scope, scopes_disabled

from karya.inmates.models import Inmate
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.django_db


def test_query_outside_a_scope_raises(facility):
    with pytest.raises(ScopeError):
        list(Inmate.objects.all())


def test_scope_limits_rows_to_its_units(facility, far_facility):
    with scopes_disabled():
        mine = InmateFactory(facility=facility)
        InmateFactory(facility=far_facility)
    with scope(facility=[facility.pk]):
        assert list(Inmate.objects.all()) == [mine]


def test_empty_scope_finds_nothing(facility):
    with scopes_disabled():
        InmateFactory(facility=facility)
    with scope(facility=[]):
        assert not Inmate.objects.exists()


def test_pages_outside_a_unit_run_in_an_empty_scope(
    login, officer, facility, far_facility, make_user
):
    """The middleware's empty scope: a non-unit page cannot see inmates by accident."""
    from karya.accounts.middleware import FacilityMiddleware

    seen = {}

    def view(request):
        seen["count"] = Inmate.objects.count()
        from django.http import HttpResponse

        return HttpResponse()

    with scopes_disabled():
        InmateFactory(facility=facility)
    from django.test import RequestFactory

    request = RequestFactory().get("/akun/profil/")
    request.user = officer
    request.session = {}
    FacilityMiddleware(view)(request)
    assert seen["count"] == 0
