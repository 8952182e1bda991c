"""The catalogue through the API: products, dated prices, publication, e-Katalog; the same
permission rules as the pages (401, 403, 404) and every answer checked against the document."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from karya.core.dates import today_in
from karya.production.models import Product, ProductPrice
from karya.production.tests.conftest import make_price, make_product

pytestmark = pytest.mark.django_db

BASE = "/facilities"
NEW = {"name": "Sapu lakop", "category": "kerajinan", "unit_of_measure": "buah"}
PRICE = {"valid_from": "2025-07-01", "cost": 10000, "public_price": 25000, "partner_price": 18000}

# (method, path under the unit, body, writes)
ENDPOINTS = [
    ("get", "/products", None, False),
    ("get", "/products/{p}", None, False),
    ("get", "/products/{p}/prices", None, False),
    ("post", "/products", NEW, True),
    ("patch", "/products/{p}", {"description": "Sapu ijuk"}, True),
    ("post", "/products/{p}/prices", PRICE, True),
    ("post", "/products/{p}/publish", {}, True),
    ("post", "/products/{p}/unpublish", {}, True),
    ("put", "/products/{p}/ekatalog", {"listed": True, "reference": "EK-1"}, True),
]
IDS = [f"{m} {p}" for m, p, *_ in ENDPOINTS]


@pytest.fixture
def product(facility):
    return make_product(facility)


@pytest.fixture
def today(facility):
    return today_in(facility.timezone)


def call(client, endpoint, code, product_id):
    method, path, body, _writes = endpoint
    target = f"{BASE}/{code}" + path.format(p=product_id)
    if body is None:
        return getattr(client, method)(target)
    return getattr(client, method)(target, body)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_anonymous_gets_401(api_as, facility, product, endpoint):
    response = call(api_as(None), endpoint, facility.code, product.pk)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_another_units_user_gets_404(
    api_as, make_user, facility, other_facility, product, endpoint
):
    client = api_as(make_user("head", facility=other_facility))
    response = call(client, endpoint, facility.code, product.pk)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    if "{p}" in endpoint[1]:  # this unit's product through the stranger's own unit
        assert call(client, endpoint, other_facility.code, product.pk).status_code == 404
    with scopes_disabled():
        assert Product.objects.count() == 1 and not ProductPrice.objects.exists()


@pytest.mark.parametrize("role", ["pr", "security"])
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_roles_without_permission_get_403(api_as, make_user, facility, product, role, endpoint):
    response = call(api_as(make_user(role, facility=facility)), endpoint, facility.code, product.pk)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_readers_read_but_cannot_write(api_as, make_user, facility, product, endpoint):
    client = api_as(make_user("treasurer", facility=facility))
    response = call(client, endpoint, facility.code, product.pk)
    assert response.status_code == (403 if endpoint[3] else 200)


def test_create_price_publish_and_read_back(api_as, make_user, facility, today):
    client = api_as(make_user("output_officer", facility=facility))
    response = client.post(
        f"{BASE}/{facility.code}/products",
        {
            "name": "Kue kering",
            "category": "kuliner",
            "unit_of_measure": "paket",
            "halal_number": "ID35110000999990125",
            "halal_valid_until": str(today + dt.timedelta(days=10)),
            "shelf_life_days": 60,
        },
    )
    assert response.status_code == 201
    body = response.json()
    product_id = body["id"]
    assert body["current_price"] is None and body["is_published"] is False
    assert [w["kind"] for w in body["warnings"]] == ["halal_expiring"]
    assert len(body["publish_problems"]) == 2  # no price, no P-IRT number

    response = client.post(
        f"{BASE}/{facility.code}/products/{product_id}/prices",
        {"valid_from": str(today), "cost": 20000, "public_price": 40000, "partner_price": 32000},
    )
    assert response.status_code == 201 and response.json()["public_price"] == 40000
    response = client.post(f"{BASE}/{facility.code}/products/{product_id}/publish", {})
    assert response.status_code == 400 and response.json()["code"] == "cannot_publish"
    response = client.patch(
        f"{BASE}/{facility.code}/products/{product_id}", {"pirt_number": "2063302010123-25"}
    )
    assert response.status_code == 200 and response.json()["publish_problems"] == []
    response = client.post(f"{BASE}/{facility.code}/products/{product_id}/publish", {})
    assert response.status_code == 200 and response.json()["is_published"] is True
    assert response.json()["current_price"] == {
        "valid_from": str(today),
        "cost": 20000,
        "public_price": 40000,
        "partner_price": 32000,
    }
    listed = client.get(f"{BASE}/{facility.code}/products", {"published": "true"}).json()
    assert [p["id"] for p in listed["items"]] == [product_id]
    assert listed["items"][0]["current_price"]["public_price"] == 40000
    response = client.post(f"{BASE}/{facility.code}/products/{product_id}/unpublish", {})
    assert response.json()["is_published"] is False


def test_prices_are_listed_newest_first_and_never_back_dated(api_as, head, facility, product):
    make_price(product, dt.date(2025, 7, 1), public=15000)
    make_price(product, dt.date(2026, 1, 1), public=17500)
    client = api_as(head)
    prices = client.get(f"{BASE}/{facility.code}/products/{product.pk}/prices").json()
    assert [p["public_price"] for p in prices] == [17500, 15000]
    response = client.post(
        f"{BASE}/{facility.code}/products/{product.pk}/prices",
        PRICE | {"valid_from": "2025-12-01"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "price_not_after_latest"
    assert response.json()["field"] == "valid_from"
    response = client.post(
        f"{BASE}/{facility.code}/products/{product.pk}/prices",
        PRICE | {"valid_from": "2026-02-01", "cost": -1},
    )
    assert response.status_code == 422
    with scopes_disabled():
        assert ProductPrice.objects.count() == 2


def test_bad_input_is_a_json_error_and_writes_nothing(api_as, head, facility, product):
    client = api_as(head)
    response = client.post(
        f"{BASE}/{facility.code}/products", NEW | {"pirt_number": "2063302010123-25"}
    )
    assert response.status_code == 400 and response.json()["field"] == "pirt_number"
    response = client.post(f"{BASE}/{facility.code}/products", NEW | {"name": "sapu LIDI"})
    assert response.status_code == 409 and response.json()["code"] == "duplicate"
    response = client.post(f"{BASE}/{facility.code}/products", NEW | {"category": "senjata"})
    assert response.status_code == 422
    with scopes_disabled():
        assert list(Product.objects.values_list("name", flat=True)) == ["Sapu lidi"]


def test_ekatalog_flag(api_as, head, facility, product):
    client = api_as(head)
    endpoint = ("put", "/products/{p}/ekatalog", {"listed": True}, True)
    response = call(client, endpoint, facility.code, product.pk)
    assert response.status_code == 400 and response.json()["field"] == "ekatalog_reference"
    endpoint = ("put", "/products/{p}/ekatalog", {"listed": True, "reference": "EK-9"}, True)
    body = call(client, endpoint, facility.code, product.pk).json()
    assert body["ekatalog_listed"] is True and body["ekatalog_reference"] == "EK-9"


def test_list_filters_and_cursor(api_as, head, facility):
    for name in ("Meja kayu", "Kursi kayu", "Cuci mobil"):
        make_product(facility, name, category="jasa" if "Cuci" in name else "kayu")
    client = api_as(head)
    body = client.get(f"{BASE}/{facility.code}/products", {"category": "kayu"}).json()
    assert sorted(p["name"] for p in body["items"]) == ["Kursi kayu", "Meja kayu"]
    first = client.get(f"{BASE}/{facility.code}/products", {"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = client.get(
        f"{BASE}/{facility.code}/products", {"limit": 2, "after": first["next_cursor"]}
    ).json()
    assert [p["name"] for p in rest["items"]] == ["Cuci mobil"] and rest["next_cursor"] is None
