"""Long lists read their page by key: the same rows in the same order as a plain slice, in one
statement whose joins and computed columns concern only the page's rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.core.pagination import PagedByKey
from karya.inmates.models import Inmate
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(facility):
    with scopes_disabled():
        InmateFactory.create_batch(23, facility=facility, name="Sama")  # equal names: pk decides
        InmateFactory.create_batch(12, facility=facility)


def test_every_page_holds_the_rows_of_a_plain_slice(facility, many):
    with scopes_disabled():
        rows = Inmate.objects.filter(facility=facility).select_related("facility")
        rows = rows.order_by("name", "pk")
        expected = list(rows)
        paginator = PagedByKey(rows, 10, orphans=2)
        pages = [list(paginator.page(n)) for n in paginator.page_range]
    assert [len(page) for page in pages] == [10, 10, 10, 5]
    assert [row for page in pages for row in page] == expected


def test_the_page_is_one_statement_selecting_its_keys_first(facility, many):
    with scopes_disabled():
        rows = Inmate.objects.filter(facility=facility).select_related("facility").order_by("-pk")
        page = PagedByKey(rows, 10).page(3)
        with CaptureQueriesContext(connection) as captured:
            shown = list(page)
    [statement] = [q["sql"] for q in captured.captured_queries]
    # The joined unit is read only for the page's rows; the keys come from the inmates alone.
    outer, _, keys = statement.partition("IN (SELECT")
    assert "LIMIT 10 OFFSET 20" in keys
    assert "facilities_facility" in outer
    assert "facilities_facility" not in keys
    with scopes_disabled():
        assert shown == list(rows[20:30])


@pytest.mark.parametrize("name", ["inmates:list", "production:order-list", "sales:sale-list"])
def test_the_long_lists_read_their_page_by_key(login, facility, make_user, name):
    user = make_user("head", facility=facility, username="kalapas-list")
    response = login(user).get(reverse(name, args=[facility.code]))
    assert response.status_code == 200
    assert isinstance(response.context["paginator"], PagedByKey)
