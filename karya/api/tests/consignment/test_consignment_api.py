"""Consignment through the API: holdings with age, settlements (create, list, detail, confirm,
reject), returns, what is overdue; and who may call each endpoint."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from karya.accounts.services import membership_create
from karya.inventory.tests.conftest import ledger_problems, quantity_at
from karya.sales.models import Invoice, Settlement

pytestmark = pytest.mark.django_db


def base(facility) -> str:
    return f"/facilities/{facility.code}/consignment"


def test_holdings_show_value_and_age(api_as, output_officer, facility, consigned, trap, nest):
    client = api_as(output_officer)
    rows = client.get(f"{base(facility)}/holdings").json()
    assert [(r["product_name"], r["quantity"], r["value"], r["age_days"]) for r in rows] == [
        ("Perangkap tikus", 100, "3500000", 40),
        ("Sarang burung lovebird", 40, "1000000", 40),
    ]
    assert rows[0]["lot_code"] == "PT-2026-001" and not rows[0]["held_too_long"]
    partner = consigned.partner_id
    assert len(client.get(f"{base(facility)}/holdings", {"partner_id": partner}).json()) == 2
    assert client.get(f"{base(facility)}/holdings", {"partner_id": 999999}).status_code == 404


def test_a_settlement_is_submitted_listed_and_confirmed_into_an_invoice_for_the_net(
    api_as, output_officer, facility, shop_agreement, consigned, trap, nest, trap_lot, today
):
    client = api_as(output_officer)
    body = {
        "agreement_id": shop_agreement.pk,
        "period_start": (today - dt.timedelta(days=30)).isoformat(),
        "period_end": today.isoformat(),
        "lines": [{"product_id": trap.pk, "quantity": 10}, {"product_id": nest.pk, "quantity": 2}],
        "note": "Laporan November",
    }
    response = client.post(f"{base(facility)}/settlements", body)
    assert response.status_code == 201
    created = response.json()
    assert (created["gross"], created["commission"], created["net"]) == (
        "400000",
        "40000",
        "360000",
    )
    assert created["status"] == "submitted" and created["invoice"] is None
    assert [line["amount"] for line in created["lines"]] == ["350000", "50000"]

    overlap = client.post(f"{base(facility)}/settlements", body)
    assert overlap.status_code == 409 and overlap.json()["code"] == "period_overlap"

    page = client.get(f"{base(facility)}/settlements", {"status": "submitted"}).json()
    assert [s["number"] for s in page["items"]] == [created["number"]]

    due = (today + dt.timedelta(days=10)).isoformat()
    confirmed = client.post(
        f"{base(facility)}/settlements/{created['id']}/confirm", {"due_on": due}
    ).json()
    assert confirmed["status"] == "confirmed"
    assert confirmed["invoice"]["amount"] == "360000" and confirmed["invoice"]["due_on"] == due
    assert confirmed["invoice"]["outstanding"] == "360000"
    again = client.post(f"{base(facility)}/settlements/{created['id']}/confirm", {})
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"
    assert quantity_at(consigned, trap, trap_lot) == 90  # no lot named: the one there
    with scopes_disabled():
        assert Invoice.objects.get().amount == 360000
    assert ledger_problems(facility) == []


@pytest.mark.parametrize(
    ("change", "status", "field", "text"),
    [
        ({"lines": [{"product_id": "trap", "quantity": 101}]}, 400, "lines", "hanya menyimpan 100"),
        ({"lines": []}, 400, "lines", "sedikitnya satu produk"),
        ({"agreement_id": 999999}, 400, "agreement_id", "kerja sama milik UPT ini"),
        ({"period_end": "future"}, 400, "period_end", "setelah hari ini"),
        ({"lines": [{"product_id": 999999, "quantity": 1}]}, 400, "lines", "produk milik UPT ini"),
    ],
)
def test_bad_settlements_are_refused_with_the_field(
    api_as, output_officer, facility, shop_agreement, consigned, trap, today, change, status,
    field, text,
):  # fmt: skip
    body = {
        "agreement_id": shop_agreement.pk,
        "period_start": (today - dt.timedelta(days=30)).isoformat(),
        "period_end": today.isoformat(),
        "lines": [{"product_id": trap.pk, "quantity": 1}],
        **change,
    }
    if body["period_end"] == "future":
        body["period_end"] = (today + dt.timedelta(days=1)).isoformat()
    for line in body["lines"]:
        if line["product_id"] == "trap":
            line["product_id"] = trap.pk
    response = api_as(output_officer).post(f"{base(facility)}/settlements", body)
    assert response.status_code == status
    assert response.json()["field"] == field and text in response.json()["message"]
    with scopes_disabled():
        assert not Settlement.objects.exists()


def test_a_settlement_is_rejected_with_its_reason(api_as, output_officer, facility, world):
    ours = world()
    client = api_as(output_officer)
    url = f"{base(facility)}/settlements/{ours.settlement.pk}/reject"
    assert client.post(url, {"reason": " "}).status_code == 400
    rejected = client.post(url, {"reason": "Periode salah"}).json()
    assert (rejected["status"], rejected["decision_note"]) == ("rejected", "Periode salah")
    detail = client.get(f"{base(facility)}/settlements/{ours.confirmed.pk}").json()
    assert detail["invoice"]["number"].startswith("INV/") and detail["net"] == "94500"


def test_settlements_page_by_keyset(api_as, output_officer, facility, world):
    ours = world()
    client = api_as(output_officer)
    first = client.get(f"{base(facility)}/settlements", {"limit": 1}).json()
    assert [s["id"] for s in first["items"]] == [ours.settlement.pk]
    second = client.get(
        f"{base(facility)}/settlements", {"limit": 1, "after": first["next_cursor"]}
    ).json()
    assert [s["id"] for s in second["items"]] == [ours.confirmed.pk]
    assert second["next_cursor"] is None


def test_goods_come_back_never_more_than_held(
    api_as, output_officer, facility, store, consigned, trap, trap_lot
):
    client = api_as(output_officer)
    body = {
        "location_id": consigned.pk,
        "destination_id": store.pk,
        "product_id": trap.pk,
        "quantity": 101,
        "note": "Tidak laku",
    }
    refused = client.post(f"{base(facility)}/returns", body)
    assert refused.status_code == 400 and refused.json()["code"] == "insufficient_stock"
    assert "hanya menyimpan 100" in refused.json()["message"]
    assert refused.json()["field"] == "quantity"
    created = client.post(f"{base(facility)}/returns", {**body, "quantity": 30})
    assert created.status_code == 201
    [moved] = created.json()
    assert (moved["quantity"], moved["lot_code"], moved["destination_id"]) == (
        30,
        "PT-2026-001",
        store.pk,
    )
    listed = client.get(f"{base(facility)}/returns").json()
    assert [(r["transfer_group"], r["quantity"]) for r in listed] == [(moved["transfer_group"], 30)]
    assert quantity_at(consigned, trap, trap_lot) == 70
    to_partner = client.post(f"{base(facility)}/returns", {**body, "destination_id": consigned.pk})
    assert to_partner.status_code == 400 and to_partner.json()["field"] == "destination_id"


def test_what_is_overdue(api_as, output_officer, facility, world):
    world()
    overdue = api_as(output_officer).get(f"{base(facility)}/overdue").json()
    assert overdue["held_too_long"] == [] and overdue["unpaid_invoices"] == []
    # 40 days since the goods came, last settled up to 21 days ago: not due yet.
    assert overdue["settlements_due"] == []


# --- who may call what ----------------------------------------------------------------------

ENDPOINTS = [
    ("get", "/holdings", "read"),
    ("get", "/overdue", "read"),
    ("get", "/settlements", "read"),
    ("get", "/settlements/{settlement}", "read"),
    ("get", "/returns", "read"),
    ("post", "/settlements", "write"),
    ("post", "/settlements/{settlement}/confirm", "write"),
    ("post", "/settlements/{settlement}/reject", "write"),
    ("post", "/returns", "write"),
]
IDS = [f"{method} {path}" for method, path, _kind in ENDPOINTS]


def _call(client, facility, ours, endpoint, body=None):
    method, path, _kind = endpoint
    url = base(facility) + path.format(settlement=ours.settlement.pk)
    if method == "get":
        return client.get(url)
    return client.post(
        url,
        body
        or {
            "agreement_id": ours.agreement.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-01-02",
            "lines": [],
            "reason": "x",
            "location_id": ours.location.pk,
            "destination_id": ours.store.pk,
            "product_id": ours.product.pk,
            "quantity": 1,
        },
    )


@pytest.fixture
def ours(world):
    return world()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_anonymous_gets_401(api_as, facility, ours, endpoint):
    assert _call(api_as(None), facility, ours, endpoint).status_code == 401


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_another_units_staff_and_partner_users_get_404(
    api_as, make_user, facility, other_facility, ours, endpoint
):
    stranger = make_user("output_officer", facility=other_facility)
    assert _call(api_as(stranger), facility, ours, endpoint).status_code == 404
    partner_user = make_user(username="mitra.acun")
    membership_create(actor=None, user=partner_user, role="partner", partner=ours.partner)
    assert _call(api_as(partner_user), facility, ours, endpoint).status_code == 404


def test_another_units_settlement_through_our_unit_is_404(
    api_as, output_officer, facility, other_facility, world
):
    theirs = world(other_facility)
    client = api_as(output_officer)
    for suffix in ("", "/confirm", "/reject"):
        url = f"{base(facility)}/settlements/{theirs.settlement.pk}{suffix}"
        response = client.get(url) if not suffix else client.post(url, {"reason": "x"})
        assert response.status_code == 404
    with scopes_disabled():
        assert Settlement.objects.get(pk=theirs.settlement.pk).status == "submitted"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_security_staff_get_403_and_the_treasurer_only_reads(
    api_as, make_user, treasurer, facility, ours, endpoint
):
    security = api_as(make_user("security", facility=facility))
    assert _call(security, facility, ours, endpoint).status_code == 403
    expected = 200 if endpoint[2] == "read" else 403
    assert _call(api_as(treasurer), facility, ours, endpoint).status_code == expected
