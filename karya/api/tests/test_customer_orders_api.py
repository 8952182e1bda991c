"""The customer orders API: a quotation taken to a paid order, e-Katalog and another unit as
customers, refusals per field with nothing written, cancellation, and who may call what."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from karya.inventory.models import StockLocation, StockMove
from karya.inventory.services import stock_receive
from karya.inventory.tests.conftest import ledger_problems, make_product
from karya.programs.tests.test_documents_support import capture_html
from karya.sales.models import CustomerOrder, Sale
from karya.sales.services.payments import payment_record
from karya.sales.tests.orders.support import set_price

pytestmark = pytest.mark.django_db
BASE = "/facilities/LPPWT/customer-orders"


@pytest.fixture
def output(make_user, facility):
    return make_user("output_officer", facility=facility, username="hasilkerja")


@pytest.fixture
def goods(facility, output):
    """Sapu lidi (Rp 15.000; 500 in the store), a car wash (Rp 40.000) and a table listed on
    the e-Katalog (Rp 1.500.000; 5 in the store)."""
    broom = make_product(facility)
    wash = make_product(facility, name="Cuci mobil", unit="kali", category="jasa")
    table = make_product(facility, name="Meja kayu", unit="buah", category="kayu")
    with scopes_disabled():
        table.ekatalog_listed, table.ekatalog_reference = True, "DEMO-EKAT-1"
        table.save()
        store = StockLocation.objects.create(facility=facility, name="Gudang", kind="store")
    set_price(broom, 15000, 10000, 6000)
    set_price(wash, 40000, 40000)
    set_price(table, 1500000, 1200000, 700000)
    with scope(facility=[facility.pk]):
        stock_receive(actor=output, location=store, product=broom, quantity=500)
        stock_receive(actor=output, location=store, product=table, quantity=5)
    return {"broom": broom, "wash": wash, "table": table, "store": store}


def person(goods, **fields):
    body = {
        "customer_kind": "person",
        "customer_name": "Bu Sri",
        "customer_contact": "0812-1111-2222",
        "quoted_on": "2026-01-20",
        "lines": [{"product_id": goods["broom"].pk, "quantity": 100}],
    }
    body.update(fields)
    return body


def made(client, body):
    response = client.post(BASE, body)
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_quotation_becomes_a_paid_order(api_as, facility, output, goods, monkeypatch):
    client = api_as(output)
    order = made(client, person(goods))
    assert order["number"] == "PSN/LPPWT/2026/01/0001"
    assert (order["state"], order["total"], order["invoice"]) == ("quotation", "1500000", None)
    oid = order["id"]
    order = client.post(
        f"{BASE}/{oid}/lines", {"product_id": goods["wash"].pk, "quantity": 2}
    ).json()
    wash_line = order["lines"][1]
    assert (wash_line["product_name"], wash_line["unit_price"]) == ("Cuci mobil", "40000")
    order = client.patch(
        f"{BASE}/{oid}/lines/{order['lines'][0]['id']}", {"quantity": 120, "unit_price": "14000"}
    ).json()
    assert order["total"] == str(120 * 14000 + 80000)
    response = client.delete(f"{BASE}/{oid}/lines/{wash_line['id']}")
    assert response.status_code == 200 and len(response.json()["lines"]) == 1
    refused = client.delete(f"{BASE}/{oid}/lines/{order['lines'][0]['id']}")
    assert refused.status_code == 409 and refused.json()["code"] == "last_line"

    html = capture_html(monkeypatch, fake_pdf=True)
    pdf = client.get(f"{BASE}/{oid}/quotation")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "PSN/LPPWT/2026/01/0001" in html[0] and "Bu Sri" in html[0]

    order = client.post(
        f"{BASE}/{oid}/confirm", {"ordered_on": "2026-01-22", "due_on": "2026-02-05"}
    ).json()
    assert (order["state"], order["due_on"]) == ("ordered", "2026-02-05")
    response = client.post(
        f"{BASE}/{oid}/deliver",
        {"location_id": goods["store"].pk, "delivered_at": "2026-01-31T09:40:00"},
    )
    order = response.json()
    assert response.status_code == 200, order
    assert (order["state"], order["delivered_on"], order["source_id"]) == (
        "delivered",
        "2026-01-31",
        goods["store"].pk,
    )
    assert order["invoice"] == {
        "number": "INV/LPPWT/2026/01/0001",
        "amount": "1680000",
        "due_on": "2026-03-02",
    }
    assert order["outstanding"] == "1680000"
    with scope(facility=[facility.pk]):
        sale = Sale.objects.get(order_id=oid)
        assert sale.sold_at == dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC)  # 09.40 WIB
        payment_record(actor=output, sale=sale, amount=1680000, method="cash")
    order = client.get(f"{BASE}/{oid}").json()
    assert (order["status"], order["state"], order["paid"], order["outstanding"]) == (
        "delivered",
        "paid",
        "1680000",
        "0",
    )
    page = client.get(BASE, {"state": "paid"}).json()
    assert [o["id"] for o in page["items"]] == [oid] and page["next_cursor"] is None


def test_the_list_pages_by_cursor_and_filters(api_as, output, goods, other_facility):
    client = api_as(output)
    ids = [made(client, person(goods, customer_name=f"Pembeli ke-{n}"))["id"] for n in range(3)]
    unit = made(
        client,
        person(goods, customer_kind="unit", customer_name="", buyer_facility_code="lpnpwt"),
    )
    assert (unit["customer_name"], unit["buyer_facility_code"]) == (
        other_facility.name,
        "LPNPWT",
    )
    assert unit["lines"][0]["unit_price"] == "10000"  # another unit pays the partner price
    first = client.get(BASE, {"limit": 2}).json()
    assert [o["id"] for o in first["items"]] == [unit["id"], ids[2]]
    rest = client.get(BASE, {"limit": 2, "after": first["next_cursor"]}).json()
    assert [o["id"] for o in rest["items"]] == [ids[1], ids[0]] and rest["next_cursor"] is None
    units = client.get(BASE, {"customer_kind": "unit"}).json()["items"]
    assert [o["id"] for o in units] == [unit["id"]]
    assert [o["id"] for o in client.get(BASE, {"q": "Pembeli ke-1"}).json()["items"]] == [ids[1]]


def test_an_ekatalog_order_needs_its_reference(api_as, output, goods):
    client = api_as(output)
    body = {
        "customer_kind": "ekatalog",
        "customer_name": "Dinas Pendidikan Kabupaten Banyumas",
        "lines": [{"product_id": goods["table"].pk, "quantity": 2}],
    }
    response = client.post(BASE, body)
    assert response.status_code == 400 and response.json()["field"] == "ekatalog_reference"
    brooms = [{"product_id": goods["broom"].pk, "quantity": 1}]
    response = client.post(BASE, {**body, "ekatalog_reference": "EPA-1", "lines": brooms})
    assert response.status_code == 400 and response.json()["field"] == "lines"
    assert "tidak tayang di e-Katalog" in response.json()["message"]
    order = made(client, {**body, "ekatalog_reference": "EPA-P2601-0042"})
    assert (order["ekatalog_reference"], order["total"]) == ("EPA-P2601-0042", "3000000")


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"customer_kind": "partner"}, 400, "partner_id"),
        ({"customer_kind": "partner", "partner_id": 999999}, 400, "partner_id"),
        ({"customer_kind": "unit", "buyer_facility_code": "NOPE"}, 400, "buyer_facility_code"),
        ({"customer_kind": "unit", "buyer_facility_code": "LPPWT"}, 400, "buyer_facility_code"),
        ({"customer_name": ""}, 400, "customer_name"),
        ({"customer_name": "x" * 201}, 422, None),
        ({"quoted_on": "2999-01-01"}, 400, "quoted_on"),
        ({"lines": []}, 400, "lines"),
        ({"lines": [{"product_id": 999999, "quantity": 1}]}, 400, "lines"),
        ({"lines": "many"}, 422, None),
        ("quantity0", 400, "lines"),
        ("foreign", 400, "lines"),
        ("negative", 400, "lines"),
    ],
)
def test_bad_input_is_refused_per_field(
    api_as, output, goods, other_facility, change, status, field
):
    if change == "quantity0":
        change = {"lines": [{"product_id": goods["broom"].pk, "quantity": 0}]}
    elif change == "foreign":
        change = {"lines": [{"product_id": make_product(other_facility).pk, "quantity": 1}]}
    elif change == "negative":
        change = {"lines": [{"product_id": goods["broom"].pk, "quantity": 1, "unit_price": "-5"}]}
    response = api_as(output).post(BASE, person(goods, **change))
    assert response.status_code == status, response.json()
    assert response.json()["field"] == field
    with scopes_disabled():
        assert not CustomerOrder.objects.exists()


def test_a_delivery_beyond_the_stock_is_refused_and_a_cancel_reverses(
    api_as, facility, output, goods
):
    client = api_as(output)
    order = made(client, person(goods, lines=[{"product_id": goods["broom"].pk, "quantity": 600}]))
    oid = order["id"]
    response = client.post(f"{BASE}/{oid}/confirm", {"due_on": "2026-01-10"})
    assert response.status_code == 400 and response.json()["field"] == "due_on"
    client.post(f"{BASE}/{oid}/confirm", {"ordered_on": "2026-01-22", "due_on": "2026-02-05"})
    response = client.post(f"{BASE}/{oid}/deliver", {"location_id": goods["store"].pk})
    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_stock"
    assert response.json()["field"] == "location_id"
    assert "tersedia 500 batang, diminta 600 batang" in response.json()["message"]
    with scopes_disabled():
        assert not Sale.objects.exists() and not StockMove.objects.filter(kind="sold").exists()
    with scopes_disabled():
        CustomerOrder.objects.get(pk=oid).lines.update(quantity=200)
    line_id = order["lines"][0]["id"]
    response = client.post(
        f"{BASE}/{oid}/deliver",
        {"location_id": goods["store"].pk, "lots": [{"line_id": line_id + 999, "lot_id": 1}]},
    )
    assert response.status_code == 400 and response.json()["field"] == "lots"
    assert (
        client.post(f"{BASE}/{oid}/deliver", {"location_id": goods["store"].pk}).json()["state"]
        == "delivered"
    )
    response = client.post(f"{BASE}/{oid}/cancel", {"reason": ""})
    assert response.status_code == 400 and response.json()["field"] == "reason"
    order = client.post(f"{BASE}/{oid}/cancel", {"reason": "Dibatalkan pembeli"}).json()
    assert (order["state"], order["cancel_reason"]) == ("cancelled", "Dibatalkan pembeli")
    with scopes_disabled():
        assert sum(s.total for s in Sale.objects.all()) == Decimal(0)
    assert ledger_problems(facility) == []


def test_a_production_order_is_linked(api_as, facility, output, goods):
    from karya.production.models import ProductionOrder
    from karya.programs.models import Workshop

    with scopes_disabled():
        place = Workshop.objects.create(
            facility=facility, name="Bengkel Sapu", sector="kerajinan", capacity=5
        )
        production = ProductionOrder.objects.create(
            facility=facility,
            number="PO/LPPWT/2026/0001",
            workshop=place,
            product=goods["broom"],
            planned_quantity=100,
            start_date=dt.date(2026, 1, 20),
            due_date=dt.date(2026, 1, 30),
            material_source="own",
        )
    client = api_as(output)
    oid = made(client, person(goods))["id"]
    response = client.put(f"{BASE}/{oid}/production", {"production_order_id": production.pk})
    assert response.status_code == 200
    assert response.json()["production_order_id"] == production.pk
    response = client.put(f"{BASE}/{oid}/production", {"production_order_id": 999999})
    assert response.status_code == 400 and response.json()["field"] == "production_order_id"


ENDPOINTS = [
    ("get", "", None),
    ("post", "", {"customer_kind": "person", "lines": [{"product_id": 1, "quantity": 1}]}),
    ("get", "/{order}", None),
    ("post", "/{order}/lines", {"product_id": 1, "quantity": 1}),
    ("patch", "/{order}/lines/{line}", {"quantity": 1}),
    ("delete", "/{order}/lines/{line}", None),
    ("post", "/{order}/confirm", {"due_on": "2026-02-05"}),
    ("put", "/{order}/production", {"production_order_id": None}),
    ("post", "/{order}/deliver", {}),
    ("post", "/{order}/cancel", {"reason": "x"}),
    ("get", "/{order}/quotation", None),
]
EP_IDS = [f"{m} {p or '/'}" for m, p, _ in ENDPOINTS]


@pytest.fixture
def theirs(other_facility, make_user):
    """A quotation of the other unit (its own product and officer)."""
    from karya.sales.services.orders import QuoteLine, order_quote

    clerk = make_user("output_officer", facility=other_facility)
    product = make_product(other_facility, name="Batik")
    set_price(product, 90000, 70000)
    with scope(facility=[other_facility.pk]):
        return order_quote(
            actor=clerk,
            facility=other_facility,
            customer_kind="person",
            customer_name="Pak Joko",
            lines=[QuoteLine(product, 1)],
        )


@pytest.fixture
def ours(facility, output, goods):
    from karya.sales.tests.orders.support import quote

    return quote(facility, output, [(goods["broom"], 5)])


def call(client, method, path, body, order, code="LPPWT"):
    with scopes_disabled():
        line = order.lines.first()
    target = f"/facilities/{code}/customer-orders" + path.format(order=order.pk, line=line.pk)
    if method in {"get", "delete"}:
        return getattr(client, method)(target)
    return getattr(client, method)(target, body)


def unchanged(order, quantity):
    with scopes_disabled():
        fresh = CustomerOrder.objects.get(pk=order.pk)
        quantities = list(fresh.lines.values_list("quantity", flat=True))
    return fresh.status == "quotation" and quantities == [quantity]


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS, ids=EP_IDS)
def test_who_may_call_what(
    api_as, make_user, facility, other_facility, ours, theirs, partner_user_api, method, path, body,
    monkeypatch,
):  # fmt: skip
    capture_html(monkeypatch, fake_pdf=True)
    assert call(api_as(None), method, path, body, ours).status_code == 401
    stranger = make_user("head", facility=other_facility)
    assert call(api_as(stranger), method, path, body, ours).status_code == 404
    assert call(api_as(partner_user_api), method, path, body, ours).status_code == 404
    head = api_as(make_user("head", facility=facility))
    if "{order}" in path:  # their order through our unit's path
        assert call(head, method, path, body, theirs).status_code == 404
    security = api_as(make_user("security", facility=facility))
    assert call(security, method, path, body, ours).status_code == 403
    treasurer = api_as(make_user("treasurer", facility=facility))
    expected = {200} if method == "get" else {403}
    assert call(treasurer, method, path, body, ours).status_code in expected
    assert unchanged(ours, 5) and unchanged(theirs, 1)


@pytest.fixture
def partner_user_api(facility, make_user):
    from karya.accounts.services import membership_create
    from karya.partners.models import Partner

    with scopes_disabled():
        partner = Partner.objects.create(facility=facility, legal_name="CV. Pusat Handicraft")
    user = make_user(username="mitra.handicraft")
    membership_create(actor=None, user=user, role="partner", partner=partner)
    return user
