"""Filtering by many units: the same rows whether the ids go as a list or as one array."""

import pytest

from karya.facilities.models import Facility
from karya.reports.units import MANY, unit_ids
from karya.tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [3, MANY + 5])
def test_the_units_asked_for_and_only_they_are_found(region, count):
    units = [FacilityFactory(region=region) for _ in range(count + 2)]
    wanted = {u.pk for u in units[:count]}

    found = set(Facility.objects.filter(pk__in=unit_ids(wanted)).values_list("pk", flat=True))

    assert found == wanted
