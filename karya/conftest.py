"""Fixtures shared by every app's tests: units, users with roles, logged-in clients.

Tests run with django-scopes disabled only where a fixture says so; the code under test still
activates its own scopes, so a query that forgets the scope fails as it would in production.
"""

import os

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from karya.tests.factories import (
    FacilityFactory,
    InmateFactory,
    RegionFactory,
    UserFactory,
    grant,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop + live_server

PASSWORD = "rahasia-uji-123"


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache (public pages, quote-request rate limits)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def region(db):
    return RegionFactory(name="Jawa Tengah", code="jawa-tengah")


@pytest.fixture
def facility(region):
    return FacilityFactory(region=region, code="LPPWT", name="Lapas Kelas IIA Purwokerto")


@pytest.fixture
def other_facility(region):
    """Another unit of the same region."""
    return FacilityFactory(region=region, code="LPNPWT", name="Lapas Narkotika Purwokerto")


@pytest.fixture
def far_facility(db):
    """A unit of another region."""
    return FacilityFactory(
        region=RegionFactory(name="Jawa Timur", code="jawa-timur"),
        code="LPPMK",
        name="Lapas Kelas IIA Pamekasan",
    )


@pytest.fixture
def make_user(db):
    """make_user(role, facility=None, region=None) → a user holding that role."""

    def make(role=None, facility=None, region=None, **fields):
        user = UserFactory(**fields)
        if role:
            grant(user, role, facility=facility, region=region)
        return user

    return make


@pytest.fixture
def login():
    """login(user) → a test Client logged in as that user."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def officer(make_user, facility):
    return make_user("officer", facility=facility, username="petugas")


@pytest.fixture
def head(make_user, facility):
    return make_user("head", facility=facility, username="kalapas")


@pytest.fixture
def admin_user(make_user):
    return make_user("admin", username="admin")


@pytest.fixture
def inmates(facility):
    """Three inmates of the unit (scopes disabled only to create them)."""
    with scopes_disabled():
        return [
            InmateFactory(
                facility=facility, name="Agus Sapulidi", registration_number="BI.1/2025", block="A"
            ),
            InmateFactory(
                facility=facility,
                name="Budi Anyamsari",
                registration_number="BI.2/2025",
                block="B",
                status="tahanan",
            ),
            InmateFactory(
                facility=facility,
                name="Citra Batikwangi",
                registration_number="BI.3/2025",
                block="W",
                sex="P",
                security_class="maksimum",
            ),
        ]


@pytest.fixture
def national_split_rule(db):
    """A national split rule (30 % premi, 40 % PNBP, 30 % capital of turnover, valid since
    2025): money received can only be recorded when a rule applies (karya.finance)."""
    from karya.finance.tests.helpers import make_rule

    return make_rule((30, 40, 30), name="Pembagian hasil nasional")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests last (after pytest-django's own ordering).

    Playwright's sync API keeps an asyncio loop running in the main thread from the first
    browser test to the end of the session; no other test should run inside it.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
