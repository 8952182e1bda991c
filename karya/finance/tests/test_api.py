"""The finance API (every answer checked against the OpenAPI document): national split rules
for Ditjenpas, and per unit the rules, the splits, the PNBP year, deposits and targets; who
gets 401, 403 and 404."""

import pytest
from django_scopes import scopes_disabled

from karya.api.tests.conftest import api_as, openapi_doc  # noqa: F401 (fixtures)
from karya.finance.models import PnbpDeposit, SplitRule
from karya.finance.tests.helpers import make_rule

pytestmark = pytest.mark.django_db

RULE = {
    "name": "Pembagian hasil nasional",
    "base": "turnover",
    "premi_percent": "30",
    "pnbp_percent": "40",
    "capital_percent": "30",
    "legal_basis": "Keputusan Dirjenpas (uji)",
    "valid_from": "2026-01-01",
}
DEPOSIT = {
    "billing_code": "820260131000123",
    "amount": 500000,
    "deposited_on": "2026-02-02",
    "ntpn": "0A1B2C3D4E5F6G7H",
}


@pytest.fixture
def ditjenpas(make_user):
    return make_user("national", username="ditjenpas")


def test_ditjenpas_sets_replaces_and_lists_rules(api_as, ditjenpas, facility, workshop):  # noqa: F811
    client = api_as(ditjenpas)
    national = client.post("/split-rules", {**RULE, "scope": "national"})
    assert national.status_code == 201
    assert national.json()["premi_percent"] == "30.00"
    own = client.post(
        "/split-rules",
        {**RULE, "scope": "workshop", "facility": facility.code, "workshop_id": workshop.pk},
    )
    assert own.status_code == 201 and own.json()["facility_code"] == facility.code
    refused = client.post("/split-rules", {**RULE, "scope": "national", "capital_percent": "29"})
    assert refused.status_code == 400
    assert (refused.json()["code"], refused.json()["field"]) == ("shares_not_100", None)
    overlap = client.post("/split-rules", {**RULE, "scope": "national"})
    assert (overlap.status_code, overlap.json()["code"]) == (409, "overlap")
    rule_id = national.json()["id"]
    new = client.post(
        f"/split-rules/{rule_id}/supersede",
        {**RULE, "premi_percent": "35", "pnbp_percent": "35", "valid_from": "2026-03-01"},
    )
    assert new.status_code == 201
    assert (new.json()["version"], new.json()["supersedes_id"]) == (2, rule_id)
    old = client.get(f"/split-rules/{rule_id}").json()
    assert (old["ends_on"], old["state"]) == ("2026-02-28", "replaced")
    again = client.post(f"/split-rules/{rule_id}/supersede", {**RULE, "valid_from": "2026-04-01"})
    assert (again.status_code, again.json()["code"]) == (409, "already_superseded")
    listed = client.get("/split-rules", {"limit": 2}).json()
    assert len(listed["items"]) == 2 and listed["next_cursor"]
    rest = client.get("/split-rules", {"after": listed["next_cursor"]}).json()
    assert [r["version"] for r in rest["items"]] == [2]
    mine = client.get("/split-rules", {"facility": facility.code}).json()["items"]
    assert [r["workshop_id"] for r in mine] == [workshop.pk]


def test_rules_are_only_for_ditjenpas_and_the_national_administrator(
    api_as,  # noqa: F811
    admin_user,
    head,
    treasurer,
    partner_user,
):
    rule = make_rule()
    assert api_as(admin_user).get(f"/split-rules/{rule.pk}").status_code == 200
    assert api_as(None).get("/split-rules").status_code == 401
    for user in (head, treasurer, partner_user):
        assert api_as(user).get("/split-rules").status_code == 403
        assert api_as(user).post("/split-rules", {**RULE, "scope": "national"}).status_code == 403
        assert api_as(user).post(f"/split-rules/{rule.pk}/supersede", RULE).status_code == 403
    assert api_as(admin_user).get("/split-rules/999999").status_code == 404
    assert SplitRule.objects.count() == 1


def test_the_treasurer_reads_the_units_rules_splits_and_pnbp(
    api_as,  # noqa: F811
    treasurer,
    facility,
    receive,
    broom,
    workshop,
):
    rule = make_rule((30, 40, 30))
    receive([(broom, 1, 1270000)])
    client = api_as(treasurer)
    code = facility.code
    rules = client.get(f"/facilities/{code}/split-rules").json()
    assert [r["rule_id"] for r in rules["applied"]] == [rule.pk, rule.pk]
    splits = client.get(
        f"/facilities/{code}/proceeds-splits", {"start": "2026-01-01", "end": "2026-01-31"}
    ).json()["items"]
    assert [(s["premi"], s["pnbp"], s["capital"], s["payment_number"]) for s in splits] == [
        (381000, 508000, 381000, f"KW/{code}/2026/01/0001")
    ]
    year = client.get(f"/facilities/{code}/pnbp/2026").json()
    assert (year["payable"], year["deposited"], year["outstanding"], year["target"]) == (
        508000,
        0,
        508000,
        None,
    )


def test_the_treasurer_records_deposits_and_targets(api_as, treasurer, facility):  # noqa: F811
    client = api_as(treasurer)
    code = facility.code
    created = client.post(f"/facilities/{code}/pnbp-deposits", DEPOSIT)
    assert created.status_code == 201 and created.json()["ntpn"] == DEPOSIT["ntpn"]
    duplicate = client.post(f"/facilities/{code}/pnbp-deposits", DEPOSIT)
    assert (duplicate.status_code, duplicate.json()["code"]) == (409, "duplicate")
    bad = client.post(f"/facilities/{code}/pnbp-deposits", {**DEPOSIT, "ntpn": "123"})
    assert (bad.status_code, bad.json()["field"]) == (400, "ntpn")
    listed = client.get(f"/facilities/{code}/pnbp-deposits", {"year": 2026}).json()
    assert [d["billing_code"] for d in listed["items"]] == [DEPOSIT["billing_code"]]
    target = client.put(f"/facilities/{code}/pnbp-targets/2026", {"amount": 2000000})
    assert target.json() == {"year": 2026, "amount": 2000000}
    assert client.get(f"/facilities/{code}/pnbp-targets").json() == [target.json()]
    year = client.get(f"/facilities/{code}/pnbp/2026").json()
    assert (year["realised"], year["realised_percent"]) == (500000, "25.0")
    with scopes_disabled():
        assert PnbpDeposit.objects.count() == 1


def test_the_treasurer_cancels_a_mistaken_deposit(api_as, treasurer, facility):  # noqa: F811
    client = api_as(treasurer)
    code = facility.code
    wrong = client.post(f"/facilities/{code}/pnbp-deposits", {**DEPOSIT, "amount": 50000}).json()
    url = f"/facilities/{code}/pnbp-deposits/{wrong['id']}/cancel"
    refused = client.post(url, {"reason": ""})
    assert (refused.status_code, refused.json()["field"]) == (400, "reason")
    reversal = client.post(url, {"reason": "Nominal salah ketik"})
    assert reversal.status_code == 201
    assert (reversal.json()["amount"], reversal.json()["reverses"]) == (-50000, wrong["id"])
    twice = client.post(url, {"reason": "lagi"})
    assert (twice.status_code, twice.json()["code"]) == (409, "already_cancelled")
    own = f"/facilities/{code}/pnbp-deposits/{reversal.json()['id']}/cancel"
    assert client.post(own, {"reason": "x"}).json()["code"] == "not_a_deposit"
    assert client.post(f"/facilities/{code}/pnbp-deposits", DEPOSIT).status_code == 201
    listed = client.get(f"/facilities/{code}/pnbp-deposits").json()["items"]
    assert sorted((d["amount"], d["cancelled"]) for d in listed) == [
        (-50000, False),
        (50000, True),
        (500000, False),
    ]
    assert client.get(f"/facilities/{code}/pnbp/2026").json()["deposited"] == 500000
    assert (
        client.post(f"/facilities/{code}/pnbp-deposits/999999/cancel", {"reason": "x"}).status_code
        == 404
    )


UNIT_CALLS = [
    ("get", "split-rules", None),
    ("get", "proceeds-splits", {"start": "2026-01-01", "end": "2026-01-31"}),
    ("get", "pnbp/2026", None),
    ("get", "pnbp-deposits", None),
    ("post", "pnbp-deposits", DEPOSIT),
    ("post", "pnbp-deposits/1/cancel", {"reason": "Salah"}),
    ("get", "pnbp-targets", None),
    ("put", "pnbp-targets/2026", {"amount": 1}),
]


@pytest.mark.parametrize(("method", "path", "body"), UNIT_CALLS)
def test_unit_endpoints_refuse_outsiders(
    api_as,  # noqa: F811
    make_user,
    facility,
    other_facility,
    officer,
    partner_user,
    method,
    path,
    body,
):
    url = f"/facilities/{facility.code}/{path}"

    def call(user):
        client = api_as(user)
        return getattr(client, method)(url, body)

    assert call(None).status_code == 401
    assert call(make_user("treasurer", facility=other_facility)).status_code == 404
    assert call(partner_user).status_code == 404
    assert call(officer).status_code == 403
    with scopes_disabled():
        assert not PnbpDeposit.objects.exists()
