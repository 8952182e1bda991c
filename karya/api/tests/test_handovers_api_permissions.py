"""Who may call each handover endpoint: anonymous 401; another unit's user and a partner's own
user 404 (and another unit's ids through one's own unit 404); security staff 403; the treasurer
reads but never writes. Refused calls write nothing."""

import pytest
from django_scopes import scopes_disabled

from karya.accounts.models import Membership
from karya.audit.models import AuditEntry
from karya.programs.tests.test_documents_support import capture_html
from karya.sales.tests.handover_fixtures import draft_world

pytestmark = pytest.mark.django_db

REVERSE_IN = {"reason": "Salah"}
HANDOVER_IN = {
    "agreement_id": 1,
    "scheme": "beli_putus",
    "handed_over_at": "2026-01-31T09:40:00+07:00",
    "source_id": 1,
    "officer_id": 1,
    "partner_representative": "Budi",
    "head_id": 1,
}
# (method, path under /facilities/{code}, body, what it needs: read or write)
ENDPOINTS = [
    ("get", "/handovers", None, "read"),
    ("post", "/handovers", HANDOVER_IN, "write"),
    ("get", "/handovers/{handover}", None, "read"),
    ("patch", "/handovers/{handover}", {"note": "x"}, "write"),
    ("delete", "/handovers/{handover}", None, "write"),
    ("post", "/handovers/{handover}/lines", {"product_id": 1, "quantity": 1}, "write"),
    ("put", "/handovers/{handover}/lines/{line}", {"quantity": 2}, "write"),
    ("delete", "/handovers/{handover}/lines/{line}", None, "write"),
    ("post", "/handovers/{handover}/post", None, "write"),
    ("post", "/handovers/{handover}/reverse", REVERSE_IN, "write"),
    ("get", "/handovers/{handover}/bast", None, "read"),
]
IDS = [f"{m} {p}" for m, p, *_ in ENDPOINTS]
WITH_IDS = [e for e in ENDPOINTS if "{" in e[1]]


def _world(facility, actor, head, name="CV. Pusat Handicraft"):
    agreement, handover, line = draft_world(facility, actor, head, name=name)
    return {"handover": handover.pk, "line": line.pk, "partner": agreement.partner}


@pytest.fixture
def world(facility, make_user, head):
    return _world(facility, make_user("output_officer", facility=facility, username="hk"), head)


@pytest.fixture
def theirs(other_facility, make_user):
    return _world(
        other_facility,
        make_user("output_officer", facility=other_facility, username="hk2"),
        make_user("head", facility=other_facility, username="kalapas2"),
        name="UD Lain",
    )


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    return capture_html(monkeypatch, fake_pdf=True)


def call(client, endpoint, code, ids):
    method, path, body, _ = endpoint
    url = f"/facilities/{code}" + path.format(**ids)
    if method in ("get", "delete"):
        return getattr(client, method)(url)
    return getattr(client, method)(url, body or {})


def audit_rows() -> int:
    with scopes_disabled():
        return AuditEntry.objects.filter(content_type__app_label="sales").count()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_anonymous_gets_401(api_as, facility, world, endpoint):
    response = call(api_as(None), endpoint, facility.code, world)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_another_units_user_gets_404(api_as, make_user, facility, other_facility, world, endpoint):
    before = audit_rows()
    response = call(
        api_as(make_user("head", facility=other_facility)), endpoint, facility.code, world
    )
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert audit_rows() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_a_partner_user_gets_404(api_as, make_user, facility, world, endpoint):
    user = make_user(username="mitra")
    Membership.objects.create(user=user, role="partner", scope="partner", partner=world["partner"])
    before = audit_rows()
    response = call(api_as(user), endpoint, facility.code, world)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert audit_rows() == before


@pytest.mark.parametrize("endpoint", WITH_IDS, ids=[f"{m} {p}" for m, p, *_ in WITH_IDS])
def test_another_units_ids_through_ones_own_unit_are_404(
    api_as, head, facility, world, theirs, endpoint
):
    before = audit_rows()
    response = call(api_as(head), endpoint, facility.code, theirs)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    if "{line}" in endpoint[1]:  # their line under our handover
        mixed = {"handover": world["handover"], "line": theirs["line"]}
        assert call(api_as(head), endpoint, facility.code, mixed).status_code == 404
    assert audit_rows() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_security_staff_get_403(api_as, make_user, facility, world, endpoint):
    client = api_as(make_user("security", facility=facility))
    response = call(client, endpoint, facility.code, world)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_the_treasurer_reads_but_cannot_write(api_as, make_user, facility, world, endpoint):
    before = audit_rows()
    client = api_as(make_user("treasurer", facility=facility))
    response = call(client, endpoint, facility.code, world)
    if endpoint[3] == "read":
        assert response.status_code == 200
    else:
        assert response.status_code == 403 and response.json()["code"] == "forbidden"
        assert audit_rows() == before
