"""`rows_update` writes each row's own values, in one statement on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from karya.core.bulk import rows_update
from karya.core.models import DocumentCounter

pytestmark = pytest.mark.django_db


def test_each_row_gets_its_own_values_and_the_others_stay(facility):
    counters = [
        DocumentCounter.objects.create(facility=facility, series=s, period="2026/01", last=1)
        for s in ("BAST", "PJ", "KW")
    ]
    counters[0].last, counters[1].last = 7, 12

    with CaptureQueriesContext(connection) as captured:
        rows_update(DocumentCounter, counters[:2], ["last"])

    assert dict(DocumentCounter.objects.values_list("series", "last")) == {
        "BAST": 7,
        "PJ": 12,
        "KW": 1,
    }
    if connection.vendor == "postgresql":
        assert len(captured.captured_queries) == 1


def test_nothing_to_update_sends_nothing():
    with CaptureQueriesContext(connection) as captured:
        rows_update(DocumentCounter, [], ["last"])
    assert captured.captured_queries == []
