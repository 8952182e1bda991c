"""Who may call each partner endpoint: anonymous 401, another unit's user 404 (and another
unit's ids through one's own unit 404), a role without the permission 403, the head alone
approves (any other role 403 `forbidden`)."""

import pytest
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PARTNER_IN = {"legal_form": "toko", "legal_name": "Toko Acun Akuarium"}
AGREEMENT_IN = {"partner_id": 0, "title": "Konsinyasi akuarium"}  # partner_id set per call
VISIT_IN = {"kind": "monitoring", "starts_at": "2025-10-07T09:00:00+07:00"}

# (method, path under /facilities/{code}, body, what it needs: read, write or approve)
ENDPOINTS = [
    ("get", "/partners", None, "read"),
    ("post", "/partners", PARTNER_IN, "write"),
    ("get", "/partners/{partner}", None, "read"),
    ("patch", "/partners/{partner}", {"city": "Cilacap"}, "write"),
    ("post", "/partners/{partner}/contacts", {"name": "Pak Anton"}, "write"),
    ("post", "/partners/{partner}/visits", VISIT_IN, "write"),
    ("get", "/agreements", None, "read"),
    ("post", "/agreements", AGREEMENT_IN, "write"),
    ("get", "/agreements/{agreement}", None, "read"),
    ("patch", "/agreements/{agreement}", {"notes": "Catatan"}, "write"),
    ("post", "/agreements/{agreement}/request", {"to": "MOU"}, "write"),
    ("post", "/agreements/{agreement}/approve", {"signed_on": "2025-09-01"}, "approve"),
    ("post", "/agreements/{agreement}/reject", {"reason": "Belum siap"}, "approve"),
    ("post", "/agreements/{agreement}/end", {"to": "TERMINATED", "reason": "Batal"}, "write"),
    ("put", "/agreements/{agreement}/products/{product}", {"agreed_price": 90000}, "write"),
    ("delete", "/agreements/{agreement}/products/{product}", None, "write"),
    (
        "post",
        "/agreements/{agreement}/obligations",
        {"party": "upt", "description": "Tempat"},
        "write",
    ),  # fmt: skip
    (
        "post",
        "/agreements/{agreement}/obligations/{obligation}/fulfil",
        {"evidence": "BA"},
        "write",
    ),  # fmt: skip
    ("get", "/obligations", None, "read"),
    ("get", "/visits", None, "read"),
    ("get", "/visits/{visit}", None, "read"),
    ("patch", "/visits/{visit}", {"findings": "Baik"}, "write"),
    ("post", "/visits/{visit}/follow-ups", {"action": "Rapat"}, "write"),
    ("post", "/visits/{visit}/follow-ups/{follow_up}/done", {}, "write"),
]
IDS = [f"{m} {p}" for m, p, *_ in ENDPOINTS]
WITH_IDS = [e for e in ENDPOINTS if "{" in e[1]]


def call(client, endpoint, code, world, ids_from=None):
    """Call the endpoint of unit `code` with the ids of `world` (or of `ids_from`)."""
    method, path, body, _ = endpoint
    ids = ids_from or world
    target = f"/facilities/{code}" + path.format(**{k: v.pk for k, v in ids.items()})
    if body is not None and "partner_id" in body:
        body = body | {"partner_id": world["partner"].pk}
    if method in {"get", "delete"}:
        return getattr(client, method)(target)
    return getattr(client, method)(target, body)


def audit_rows():
    return AuditEntry.objects.filter(content_type__app_label="partners").count()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_anonymous_gets_401(api_as, facility, partner_world, endpoint):
    response = call(api_as(None), endpoint, facility.code, partner_world())
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_another_units_user_gets_404(
    api_as, make_user, facility, other_facility, partner_world, endpoint
):
    world = partner_world()
    before = audit_rows()
    response = call(
        api_as(make_user("head", facility=other_facility)), endpoint, facility.code, world
    )
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert response.json()["message"] == "Tidak ditemukan."
    assert audit_rows() == before


@pytest.mark.parametrize("endpoint", WITH_IDS, ids=[f"{m} {p}" for m, p, *_ in WITH_IDS])
def test_another_units_ids_through_ones_own_unit_are_404(
    api_as, head, facility, other_facility, partner_world, endpoint
):
    mine, theirs = partner_world(), partner_world(other_facility)
    before = audit_rows()
    response = call(api_as(head), endpoint, facility.code, mine, ids_from=theirs)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    # Mixed: one's own agreement (or visit) with another unit's product, obligation, follow-up.
    if endpoint[1].count("{") == 2:
        path_ids = {k: mine[k] for k in ("partner", "agreement", "visit")}
        path_ids |= {k: theirs[k] for k in ("product", "obligation", "follow_up")}
        response = call(api_as(head), endpoint, facility.code, mine, ids_from=path_ids)
        assert response.status_code == 404
    assert audit_rows() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_security_staff_get_403(api_as, make_user, facility, partner_world, endpoint):
    client = api_as(make_user("security", facility=facility))
    response = call(client, endpoint, facility.code, partner_world())
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert response.json()["message"] == "Peran Anda tidak mengizinkan ini."


@pytest.mark.parametrize("role", ["pr", "treasurer"])
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_readers_read_but_cannot_write(api_as, make_user, facility, partner_world, role, endpoint):
    world = partner_world()
    before = audit_rows()
    response = call(api_as(make_user(role, facility=facility)), endpoint, facility.code, world)
    if endpoint[3] == "read":
        assert response.status_code == 200
    else:
        assert response.status_code == 403 and response.json()["code"] == "forbidden"
        assert audit_rows() == before


@pytest.mark.parametrize("role", ["officer", "output_officer"])
@pytest.mark.parametrize(
    "endpoint",
    [e for e in ENDPOINTS if e[3] == "approve"],
    ids=[f"{m} {p}" for m, p, _, kind in ENDPOINTS if kind == "approve"],
)
def test_only_the_head_approves(
    api_as, make_user, officer, facility, partner_world, role, endpoint
):
    world = partner_world()
    client = api_as(officer if role == "officer" else make_user(role, facility=facility))
    agreement = world["agreement"]
    assert client.post(
        f"/facilities/{facility.code}/agreements/{agreement.pk}/request", {"to": "MOU"}
    ).status_code == 200  # fmt: skip
    before = audit_rows()
    response = call(client, endpoint, facility.code, world)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert audit_rows() == before
    with scopes_disabled():
        agreement.refresh_from_db()
    assert (agreement.status, agreement.pending_status) == ("EXPLORATION", "MOU")


@pytest.mark.parametrize("role", ["officer", "output_officer", "head"])
def test_the_unit_staff_write(api_as, make_user, facility, partner_world, role):
    """Both officers and the head may record partners (one write per role is enough here;
    the behaviour tests cover each write)."""
    partner_world()
    client = api_as(make_user(role, facility=facility))
    response = client.post(f"/facilities/{facility.code}/partners", PARTNER_IN)
    assert response.status_code == 201


def test_regional_staff_do_not_read_partners(api_as, make_user, facility, region):
    response = api_as(make_user("regional", region=region)).get(
        f"/facilities/{facility.code}/partners"
    )
    assert response.status_code == 403
