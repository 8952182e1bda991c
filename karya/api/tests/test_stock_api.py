"""The stock API: the same permission rules as the pages (401, 403, 404), JSON errors, the
ledger through transfers and write-offs, keyset pages of moves, and stock counts."""

import pytest
from django_scopes import scope, scopes_disabled

from karya.core.dates import today_in
from karya.inventory.models import StockCount, StockMove
from karya.inventory.services import stock_receive
from karya.inventory.services.counts import stock_count_create
from karya.inventory.tests.conftest import (
    ledger_problems,
    make_location,
    make_lot,
    make_product,
    quantity_at,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def output_officer(make_user, facility):
    return make_user("output_officer", facility=facility, username="hasilkerja")


@pytest.fixture
def broom(facility):
    return make_product(facility)


@pytest.fixture
def store(facility):
    return make_location(facility)


@pytest.fixture
def gallery(facility):
    return make_location(facility, name="Galeri", kind="gallery")


def _stocked(facility, actor, location, product, quantity=10, **fields):
    with scope(facility=[facility.pk]):
        fields.setdefault("kind", "opening")
        stock_receive(actor=actor, location=location, product=product, quantity=quantity,
                      **fields)  # fmt: skip
        return stock_count_create(
            actor=actor, location=location, counted_on=today_in(facility.timezone)
        )


@pytest.fixture
def count(facility, output_officer, store, broom):
    return _stocked(facility, output_officer, store, broom, unit_cost=7500)


# (method, path under the unit, body, permission needed)
def _endpoints(location, product, gallery, count):
    goods = {"product_id": product.pk, "quantity": 1}
    return [
        ("get", "/stock-locations", None, "view"),
        ("post", "/stock-locations", {"name": "Rak B", "kind": "other"}, "manage"),
        ("patch", f"/stock-locations/{location.pk}", {"name": "Gudang"}, "manage"),
        ("get", "/stock-balances", None, "view"),
        ("get", "/stock-moves", None, "view"),
        ("post", "/stock-receipts", {**goods, "location_id": location.pk, "kind": "opening"},
         "manage"),
        ("post", "/stock-transfers",
         {**goods, "source_id": location.pk, "destination_id": gallery.pk}, "manage"),
        ("post", "/stock-write-offs", {**goods, "location_id": location.pk, "reason": "rusak"},
         "approve"),
        ("post", "/stock-counts", {"location_id": gallery.pk, "counted_on": "2026-01-31"},
         "manage"),
        ("get", f"/stock-counts/{count.pk}", None, "view"),
        ("post", f"/stock-counts/{count.pk}/submit", {"lines": []}, "manage"),
        ("post", f"/stock-counts/{count.pk}/approve", None, "approve"),
        ("post", f"/stock-counts/{count.pk}/reject", {"reason": "salah"}, "approve"),
    ]  # fmt: skip


def _call(client, facility, endpoint):
    method, path, body, _need = endpoint
    target = f"/facilities/{facility.code}{path}"
    if method == "get":
        return client.get(target)
    return getattr(client, method)(target, body)


def test_anonymous_gets_401(api_as, facility, store, gallery, broom, count):
    client = api_as(None)
    for endpoint in _endpoints(store, broom, gallery, count):
        response = _call(client, facility, endpoint)
        assert response.status_code == 401, endpoint[1]
        assert response.json()["code"] == "unauthorized"


def test_another_units_user_gets_404(api_as, make_user, facility, other_facility, store, gallery,
                                     broom, count):  # fmt: skip
    client = api_as(make_user("head", facility=other_facility))
    for endpoint in _endpoints(store, broom, gallery, count):
        response = _call(client, facility, endpoint)
        assert response.status_code == 404, endpoint[1]
        assert response.json()["code"] == "not_found"


def test_another_units_objects_through_ones_own_code(
    api_as, head, make_user, facility, other_facility, store, broom
):
    their_store = make_location(other_facility, name="Gudang Narkotika")
    their_product = make_product(other_facility, name="Keset")
    their_count = _stocked(
        other_facility, make_user("head", facility=other_facility), their_store, their_product
    )
    client = api_as(head)
    base = f"/facilities/{facility.code}"
    for method, path, body in [
        ("patch", f"/stock-locations/{their_store.pk}", {"name": "x"}),
        ("get", f"/stock-counts/{their_count.pk}", None),
        ("post", f"/stock-counts/{their_count.pk}/submit", {"lines": []}),
        ("post", f"/stock-counts/{their_count.pk}/approve", None),
        ("post", f"/stock-counts/{their_count.pk}/reject", {"reason": "x"}),
    ]:
        call = getattr(client, method)
        response = (
            call(base + path) if body is None and method == "get" else call(base + path, body)
        )
        assert response.status_code == 404, path
    # In a body, another unit's location or product is refused like a wrong one.
    receipt = {"quantity": 1, "kind": "opening"}
    response = client.post(
        base + "/stock-receipts", {**receipt, "location_id": their_store.pk, "product_id": broom.pk}
    )
    assert response.status_code == 400 and response.json()["field"] == "location_id"
    response = client.post(
        base + "/stock-receipts",
        {**receipt, "location_id": store.pk, "product_id": their_product.pk},
    )
    assert response.status_code == 400 and response.json()["field"] == "product_id"
    with scopes_disabled():
        assert StockCount.objects.get(pk=their_count.pk).status == "draft"
        assert not StockMove.objects.filter(facility=facility).exists()


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("pr", set()),
        ("security", set()),
        ("officer", {"view"}),
        ("treasurer", {"view"}),
        ("output_officer", {"view", "manage"}),
    ],
)
def test_roles_get_403_for_what_they_may_not_do(api_as, make_user, facility, store, gallery,
                                                 broom, count, role, allowed):  # fmt: skip
    client = api_as(make_user(role, facility=facility))
    for endpoint in _endpoints(store, broom, gallery, count):
        response = _call(client, facility, endpoint)
        if endpoint[3] in allowed:  # allowed: answered (a refused rule is a 400, not a 403)
            assert response.status_code not in (401, 403, 404), (endpoint[1], response.json())
        else:
            assert response.status_code == 403, endpoint[1]
            assert response.json()["code"] == "forbidden"


def test_locations_and_balances_with_value(api_as, output_officer, facility, store, broom):
    lot = make_lot(broom)
    _stocked(facility, output_officer, store, broom, 120, lot=lot, kind="produced", unit_cost=7500)
    client = api_as(output_officer)
    base = f"/facilities/{facility.code}"
    created = client.post(base + "/stock-locations",
                          {"name": "Titipan Toko Acun", "kind": "partner"})  # fmt: skip
    assert created.status_code == 400 and created.json()["field"] == "partner_name"
    created = client.post(base + "/stock-locations", {"name": "Titipan Toko Acun",
                          "kind": "partner", "partner_name": "Toko Acun"})  # fmt: skip
    assert created.status_code == 201 and created.json()["unit_count"] == 0
    locations = {row["name"]: row for row in client.get(base + "/stock-locations").json()}
    assert locations["Gudang Produksi"]["unit_count"] == 120
    (balance,) = client.get(base + "/stock-balances", {"location_id": store.pk}).json()
    assert balance["lot_code"] == "L-2026-001" and balance["quantity"] == 120
    assert balance["unit_cost"] == "7500" and balance["value"] == "900000"
    closed = client.patch(f"{base}/stock-locations/{store.pk}", {"is_active": False})
    assert closed.status_code == 400 and closed.json()["code"] == "location_not_empty"


def test_transfer_and_insufficient_stock(api_as, output_officer, facility, store, gallery, broom):
    _stocked(facility, output_officer, store, broom, 5)
    client = api_as(output_officer)
    base = f"/facilities/{facility.code}"
    body = {"product_id": broom.pk, "source_id": store.pk, "destination_id": gallery.pk}
    response = client.post(base + "/stock-transfers", {**body, "quantity": 3})
    assert response.status_code == 201
    legs = response.json()
    assert (legs["out_move"]["quantity"], legs["in_move"]["quantity"]) == (-3, 3)
    assert legs["out_move"]["transfer_group"] == legs["in_move"]["transfer_group"]
    before = StockMove.objects.with_scopes_disabled().count()
    response = client.post(base + "/stock-transfers", {**body, "quantity": 3})
    assert response.status_code == 409
    error = response.json()
    assert error["code"] == "insufficient_stock" and error["field"] == "quantity"
    assert "tersedia 2 batang" in error["message"]
    assert StockMove.objects.with_scopes_disabled().count() == before
    assert quantity_at(store, broom) == 2 and quantity_at(gallery, broom) == 3
    invalid = client.post(base + "/stock-transfers", {**body, "quantity": "banyak"})
    assert invalid.status_code == 422
    assert ledger_problems(facility) == []


def test_write_off_by_the_head(api_as, head, output_officer, facility, store, broom):
    _stocked(facility, output_officer, store, broom, 5)
    client = api_as(head)
    base = f"/facilities/{facility.code}/stock-write-offs"
    body = {"location_id": store.pk, "product_id": broom.pk, "quantity": 2}
    response = client.post(base, {**body, "reason": " "})
    assert response.status_code == 400 and response.json()["field"] == "reason"
    response = client.post(base, {**body, "reason": "Terkena banjir"})
    assert response.status_code == 201
    assert response.json()["kind"] == "damaged" and response.json()["quantity"] == -2
    assert quantity_at(store, broom) == 3


def test_moves_are_keyset_paginated(api_as, officer, output_officer, facility, store, broom):
    with scope(facility=[facility.pk]):
        for i in range(5):
            stock_receive(actor=output_officer, location=store, product=broom, quantity=i + 1)
    client = api_as(officer)
    base = f"/facilities/{facility.code}/stock-moves"
    first = client.get(base, {"limit": 2}).json()
    assert [m["quantity"] for m in first["items"]] == [5, 4] and first["next_cursor"]
    second = client.get(base, {"limit": 2, "after": first["next_cursor"]}).json()
    third = client.get(base, {"limit": 2, "after": second["next_cursor"]}).json()
    assert [m["quantity"] for m in second["items"] + third["items"]] == [3, 2, 1]
    assert third["next_cursor"] is None
    assert client.get(base, {"kind": "sold"}).json()["items"] == []
    assert client.get(base, {"kind": "nonsense"}).status_code == 422


def test_a_stock_count_through_the_api(api_as, head, output_officer, facility, store, broom, count):
    client = api_as(output_officer)
    base = f"/facilities/{facility.code}/stock-counts/{count.pk}"
    detail = client.get(base).json()
    (line,) = detail["lines"]
    assert (detail["status"], line["expected"], line["counted"]) == ("draft", 10, None)
    incomplete = client.post(base + "/submit", {"lines": []})
    assert incomplete.status_code == 400 and incomplete.json()["code"] == "count_incomplete"
    submitted = client.post(base + "/submit", {"lines": [{"line_id": line["id"], "counted": 8}]})
    assert submitted.status_code == 200 and submitted.json()["lines"][0]["difference"] == -2
    assert client.post(base + "/approve").status_code == 403
    approved = api_as(head).post(base + "/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert quantity_at(store, broom) == 8
    again = api_as(head).post(base + "/approve")
    assert again.status_code == 400 and again.json()["code"] == "count_not_submitted"
    future = client.post(f"/facilities/{facility.code}/stock-counts",
                         {"location_id": store.pk, "counted_on": "2999-01-01"})  # fmt: skip
    assert future.status_code == 400 and future.json()["field"] == "counted_on"


def test_a_stale_count_is_refused_with_409(api_as, head, output_officer, facility, store, broom,
                                           count):  # fmt: skip
    base = f"/facilities/{facility.code}/stock-counts/{count.pk}"
    client = api_as(output_officer)
    (line,) = client.get(base).json()["lines"]
    client.post(base + "/submit", {"lines": [{"line_id": line["id"], "counted": 10}]})
    returned = client.post(
        f"/facilities/{facility.code}/stock-receipts",
        {"location_id": store.pk, "product_id": broom.pk, "quantity": 1, "kind": "returned"},
    )
    assert returned.status_code == 201 and returned.json()["unit_cost"] == "7500"
    response = api_as(head).post(base + "/approve")
    assert response.status_code == 409 and response.json()["code"] == "count_stale"
    rejected = api_as(head).post(base + "/reject", {"reason": "Hitung ulang"})
    assert rejected.status_code == 200 and rejected.json()["decision_note"] == "Hitung ulang"
