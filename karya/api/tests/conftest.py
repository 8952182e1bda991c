"""API test helpers: a client that sends a bearer token and checks every response against the
OpenAPI document (declared status, declared body shape)."""

import json

import pytest
from django.test import Client

from karya.accounts.services import api_token_create
from karya.api.api import api
from karya.api.tests.openapi_check import check_response

API = "/api/v1"


@pytest.fixture(scope="session")
def openapi_doc():
    return json.loads(json.dumps(api.get_openapi_schema()))


class ApiClient:
    """A test client for /api/v1/ whose every answer must match the OpenAPI document."""

    def __init__(self, doc, token: str | None = None, client: Client | None = None, **headers):
        self.doc = doc
        self.client = client or Client()
        self.headers = dict(headers)
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def _call(self, method: str, path: str, data=None, **extra):
        url = API + path
        call = getattr(self.client, method.lower())
        headers = {**self.headers, **extra.pop("headers", {})}
        if method in {"POST", "PATCH", "PUT"}:
            body = data if isinstance(data, str) else json.dumps(data)
            response = call(url, body, content_type="application/json", headers=headers, **extra)
        else:
            response = call(url, data or {}, headers=headers, **extra)
        check_response(self.doc, method, url, response)
        return response

    def get(self, path, params=None, **extra):
        return self._call("GET", path, params, **extra)

    def post(self, path, data=None, **extra):
        return self._call("POST", path, data, **extra)

    def patch(self, path, data=None, **extra):
        return self._call("PATCH", path, data, **extra)

    def put(self, path, data=None, **extra):
        return self._call("PUT", path, data, **extra)

    def delete(self, path, **extra):
        return self._call("DELETE", path, **extra)


@pytest.fixture(autouse=True)
def split_rule(request):
    """Money received through the API is split by a rule (karya.finance): a national rule
    applies in every API test that uses the database."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        return request.getfixturevalue("national_split_rule")
    return None


@pytest.fixture
def api_as(openapi_doc):
    """api_as(user) → an ApiClient with a fresh token of that user; api_as(None) → anonymous."""

    def make(user=None, **headers):
        if user is None:
            return ApiClient(openapi_doc, **headers)
        _token, raw = api_token_create(actor=user, name="test")
        return ApiClient(openapi_doc, raw, **headers)

    return make


# --- the work programme --------------------------------------------------------------------
# The programme's own fixtures (a product, a workshop making it, make_inmate) and a whole
# workshop with its waiting list and allocations in every state.

from karya.programs.tests.conftest import make_inmate, product, workshop  # noqa: E402, F401
from karya.sales.tests.counter_support import counter  # noqa: E402, F401


@pytest.fixture
def today(facility):
    from karya.core.dates import today_in

    return today_in(facility.timezone)


@pytest.fixture
def allocate(officer, today):
    """allocate(workshop, inmate, status="ACTIVE", session="pagi", start_date=today) → an
    allocation in that state, made by the officer through the services."""
    from django_scopes import scope

    from karya.programs.services import allocations as services

    def make(place, inmate, status="ACTIVE", session="pagi", start_date=None):
        with scope(facility=[place.facility_id]):
            allocation = services.allocation_create(
                actor=officer,
                workshop=place,
                inmate=inmate,
                session=session,
                start_date=start_date or today,
            )
            if status in {"ACTIVE", "SUSPENDED"}:
                allocation = services.allocation_start(actor=officer, allocation=allocation)
            if status == "SUSPENDED":
                allocation = services.allocation_suspend(
                    actor=officer, allocation=allocation, with_pay=False, reason="Sakit"
                )
            if status == "ENDED":
                allocation = services.allocation_end(
                    actor=officer, allocation=allocation, reason="selesai", end_date=today
                )
        return allocation

    return make


# --- partners ------------------------------------------------------------------------------


@pytest.fixture
def partner_world(facility, other_facility, officer, head, make_user):
    """partner_world(unit) → a dict of one of everything of the partners app in `unit`: a
    partner with a contact, an agreement (exploration) with a product, an obligation, a visit
    with a follow-up, made through the services by users of that unit."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django_scopes import scope

    from karya.partners.services import agreement_terms, partners, visits
    from karya.partners.tests.helpers import make_agreement, make_partner
    from karya.production.models import Product

    def make(unit=facility):
        if unit == facility:
            clerk, boss = officer, head
        else:
            clerk, boss = make_user("officer", facility=unit), make_user("head", facility=unit)
        with scope(facility=[unit.pk]):
            partner = make_partner(unit, clerk, npwp="01.234.567.8-901.000")
            agreement = make_agreement(partner, clerk, boss)
            product = Product.objects.create(
                facility=unit, name="Batik cap", category="kerajinan", unit_of_measure="lembar"
            )
            visit = visits.visit_create(
                actor=clerk,
                partner=partner,
                kind="penjajakan",
                starts_at=dt.datetime(2025, 8, 5, 9, 0, tzinfo=ZoneInfo(unit.timezone)),
            )
            return {
                "partner": partner,
                "contact": partners.contact_add(actor=clerk, partner=partner, name="Bu Rina"),
                "agreement": agreement,
                "product": product,
                "line": agreement_terms.agreement_product_set(
                    actor=clerk, agreement=agreement, product=product, agreed_price=85000
                ),
                "obligation": agreement_terms.obligation_add(
                    actor=clerk, agreement=agreement, party="mitra", description="Kirim bahan"
                ),
                "visit": visit,
                "follow_up": visits.follow_up_add(actor=clerk, visit=visit, action="Kirim motif"),
            }

    return make


@pytest.fixture
def count_queries():
    """`with count_queries() as queries: ...` → the SQL run inside, as a list.

    Counted through an execute wrapper: unlike `connection.queries`, the count survives the
    `reset_queries` that every test-client request triggers."""
    from contextlib import contextmanager

    from django.db import connection

    @contextmanager
    def counting():
        queries: list[str] = []

        def wrapper(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(wrapper):
            yield queries

    return counting


# --- premi ---------------------------------------------------------------------------------
# A treasurer of the unit and the premi part of the proceeds the finance area reports.

# --- the public catalogue and the newsroom ---------------------------------------------------
from karya.catalogue.tests.conftest import media, world  # noqa: E402, F401
from karya.newsroom.tests.conftest import humas, pickup  # noqa: E402, F401
from karya.premi.tests.conftest import proceeds, treasurer  # noqa: E402, F401
