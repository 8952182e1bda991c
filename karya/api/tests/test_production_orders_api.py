"""The materials and production orders API: permissions, the order's life, partner material
never valued, errors as JSON."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from karya.inventory.models import StockLocation
from karya.production.models import Material, ProductionOrder
from karya.programs.models import Workshop

pytestmark = pytest.mark.django_db
BASE = "/facilities/LPPWT"


@pytest.fixture
def store(facility):
    with scopes_disabled():
        return StockLocation.objects.create(facility=facility, name="Gudang", kind="store")


def test_material_permissions(api_as, make_user, facility, other_facility):
    body = {"name": "Lidi", "unit_of_measure": "kg", "owner": "own"}
    assert api_as(None).get(f"{BASE}/materials").status_code == 401
    stranger = make_user("officer", facility=other_facility, username="luar")
    assert api_as(stranger).get(f"{BASE}/materials").status_code == 404
    pr = make_user("pr", facility=facility, username="humas")
    assert api_as(pr).get(f"{BASE}/materials").status_code == 403
    treasurer = make_user("treasurer", facility=facility, username="bendahara")
    assert api_as(treasurer).get(f"{BASE}/materials").status_code == 200
    assert api_as(treasurer).post(f"{BASE}/materials", body).status_code == 403
    output = make_user("output_officer", facility=facility, username="hasil")
    assert api_as(output).post(f"{BASE}/materials", body).status_code == 201
    assert api_as(output).post(f"{BASE}/production-orders", {}).status_code in {403, 422}


def test_partner_material_is_never_valued(api_as, officer):
    client = api_as(officer)
    own = client.post(
        f"{BASE}/materials", {"name": "Lidi", "unit_of_measure": "kg", "owner": "own"}
    )
    mori = client.post(
        f"{BASE}/materials",
        {
            "name": "Kain mori",
            "unit_of_measure": "meter",
            "owner": "partner",
            "partner_name": "CV Rajasa Mas Jaya",
        },
    )
    own_id, mori_id = own.json()["id"], mori.json()["id"]
    bought = client.post(
        f"{BASE}/materials/{own_id}/purchases",
        {"quantity": "10", "unit_price": "7000", "supplier": "UD Tani"},
    )
    assert bought.status_code == 201 and bought.json()["amount"] == "70000"
    assert (
        client.post(f"{BASE}/materials/{mori_id}/supplies", {"quantity": "50"}).status_code == 201
    )
    wrong = client.post(
        f"{BASE}/materials/{mori_id}/purchases",
        {"quantity": "1", "unit_price": "1", "supplier": "X"},
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "partner_material"
    values = {m["name"]: m["value"] for m in client.get(f"{BASE}/materials").json()}
    assert values == {"Lidi": "70000", "Kain mori": "0"}


def test_order_life_through_the_api(api_as, officer, facility, product, workshop, store, today):
    client = api_as(officer)
    with scopes_disabled():
        lidi = Material.objects.create(
            facility=facility, name="Lidi", unit_of_measure="kg", owner="own"
        )
    client.post(
        f"{BASE}/materials/{lidi.pk}/purchases",
        {"quantity": "5", "unit_price": "8000", "supplier": "UD Tani"},
    )
    planned = client.post(
        f"{BASE}/production-orders",
        {
            "workshop_id": workshop.pk,
            "product_id": product.pk,
            "planned_quantity": 40,
            "start_date": today.isoformat(),
            "due_date": (today + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert planned.status_code == 201, planned.content
    order = planned.json()
    assert order["number"] == f"PO/LPPWT/{today.year}/0001" and order["status"] == "planned"
    url = f"{BASE}/production-orders/{order['id']}"
    assert client.post(f"{url}/finish", {"good_quantity": 1}).status_code == 409
    assert client.post(f"{url}/start", {}).json()["status"] == "in_progress"
    too_much = client.post(f"{url}/consumptions", {"material_id": lidi.pk, "quantity": "6"})
    assert too_much.status_code == 409 and too_much.json()["code"] == "insufficient_material"
    used = client.post(f"{url}/consumptions", {"material_id": lidi.pk, "quantity": "2.5"})
    assert used.status_code == 201 and used.json()["amount"] == "20000"
    done = client.post(
        f"{url}/finish", {"location_id": store.pk, "good_quantity": 38, "rejected_quantity": 2}
    )
    assert done.status_code == 200
    assert done.json()["lot_code"] == f"SAPU-LIDI-{today:%Y%m%d}-1"
    page = client.get(f"{BASE}/production-orders", {"limit": 1}).json()
    assert [o["id"] for o in page["items"]] == [order["id"]] and page["next_cursor"] is None
    assert client.post(f"{url}/cancel", {"reason": "x"}).status_code == 409


def test_another_units_order_is_not_found(api_as, officer, other_facility, product):
    with scopes_disabled():
        place = Workshop.objects.create(
            facility=other_facility, name="Lain", sector="kerajinan", capacity=1
        )
        from karya.production.models import Product

        theirs = Product.objects.create(
            facility=other_facility, name="X", category="kerajinan", unit_of_measure="buah"
        )
        order = ProductionOrder.objects.create(
            facility=other_facility,
            number="PO/LPNPWT/2026/0001",
            workshop=place,
            product=theirs,
            planned_quantity=1,
            start_date=dt.date(2026, 1, 1),
            due_date=dt.date(2026, 1, 1),
            material_source="own",
        )
    client = api_as(officer)
    assert client.get(f"{BASE}/production-orders/{order.pk}").status_code == 404
    assert client.post(f"{BASE}/production-orders/{order.pk}/start", {}).status_code == 404
