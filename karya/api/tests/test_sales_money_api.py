"""The sales API: counter sales and their cancellation, sales and invoices with what is paid
and owed, payments and refunds, receipts and invoices as PDF; who may call what (another unit
404, a partner's user 404, a reader 403 on writes, anonymous 401)."""

import datetime as dt

import pytest
from django_scopes import scope

from karya.accounts.services import membership_create
from karya.partners.services.partners import partner_create
from karya.sales.services.sales import InvoiceInput, LineInput, sale_create
from karya.sales.tests.counter_support import held, money_rows

pytestmark = pytest.mark.django_db


def base(facility):
    return f"/facilities/{facility.code}"


def sell_body(counter, **fields):
    body = {
        "location_id": counter.gallery.pk,
        "lines": [
            {"product_id": counter.broom.pk, "quantity": 7},
            {"product_id": counter.car_wash.pk, "quantity": 1},
        ],
        "payment_method": "cash",
        "amount_tendered": "150000",
        "event": "One Day One Prison Product",
    }
    body.update(fields)
    return body


@pytest.fixture
def invoiced(facility, counter):
    """An order sale of Rp 300.000 to a partner, invoiced, due 28 February 2026."""
    with scope(facility=[facility.pk]):
        partner = partner_create(
            actor=counter.officer, facility=facility, legal_form="CV", legal_name="CV. Maju"
        )
        return sale_create(
            actor=counter.officer,
            facility=facility,
            channel="order",
            partner=partner,
            sold_at=dt.datetime(2026, 2, 2, 3, 0, tzinfo=dt.UTC),
            lines=[LineInput(counter.lakop, 12, 25000)],
            invoice=InvoiceInput(bill_to="CV. Maju", due_on=dt.date(2026, 2, 28), partner=partner),
        )


def test_a_counter_sale_through_the_api_and_its_cancellation(api_as, facility, counter):
    client = api_as(counter.officer)
    products = client.get(
        f"{base(facility)}/counter-products", {"location_id": counter.gallery.pk}
    ).json()
    assert [(p["name"], p["public_price"], p["stock"], p["is_service"]) for p in products] == [
        ("Sapu lakop", "25000", 10, False),
        ("Sapu lidi", "15000", 25, False),
        ("Cuci mobil", "40000", 0, True),
        ("Cuci motor", "15000", 0, True),
    ]
    response = client.post(f"{base(facility)}/counter-sales", sell_body(counter))
    assert response.status_code == 201
    sale = response.json()
    assert (sale["channel"], sale["total"], sale["paid"], sale["event"]) == (
        "counter",
        "145000",
        "145000",
        "One Day One Prison Product",
    )
    assert [(line["quantity"], line["lot_id"]) for line in sale["lines"]] == [
        (5, counter.old_lot.pk),
        (2, counter.new_lot.pk),
        (1, None),
    ]
    (payment,) = sale["payments"]
    assert (payment["tendered"], payment["change"], payment["method"]) == (
        "150000",
        "5000",
        "cash",
    )
    assert held(counter.gallery, counter.broom) == 18

    receipt = client.get(f"{base(facility)}/payments/{payment['id']}/receipt")
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF")

    day = client.get(f"{base(facility)}/counter-days/{dt.date.today().isoformat()}").json()
    assert day["sold"] == "145000" and sale["id"] in day["sale_ids"]

    cancel = client.post(
        f"{base(facility)}/counter-sales/{sale['id']}/cancel", {"reason": "Salah input"}
    )
    assert cancel.status_code == 201
    reversal = cancel.json()
    assert (reversal["reverses_id"], reversal["total"]) == (sale["id"], "-145000")
    assert held(counter.gallery, counter.broom) == 25
    again = client.post(f"{base(facility)}/counter-sales/{sale['id']}/cancel", {"reason": "x"})
    assert again.status_code == 409 and again.json()["code"] == "already_reversed"
    detail = client.get(f"{base(facility)}/sales/{sale['id']}").json()
    assert detail["is_reversed"] and detail["paid"] == "0"
    listed = client.get(f"{base(facility)}/sales", {"channel": "counter"}).json()
    assert [s["id"] for s in listed["items"]] == [reversal["id"], sale["id"]]


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"lines": [{"product_id": 999999, "quantity": 1}]}, 400, "lines"),
        ({"location_id": 999999}, 400, "location_id"),
        ({"amount_tendered": "100"}, 400, "amount_tendered"),
        ({"amount_tendered": "150000.5"}, 400, "amount_tendered"),
        ({"payment_method": "transfer", "amount_tendered": None}, 400, "reference"),
        ({"lines": [{"product_id": "broom", "quantity": 99}]}, 409, "lines"),
        ({"lines": []}, 400, "lines"),
        ({"payment_method": "cheque"}, 422, None),
    ],
)
def test_bad_counter_sales_are_refused_and_write_nothing(
    api_as, facility, counter, change, status, field
):
    if change.get("lines") and change["lines"][0]["product_id"] == "broom":
        change = {
            "lines": [{"product_id": counter.broom.pk, "quantity": 99}],
            "amount_tendered": None,
        }
    response = api_as(counter.officer).post(
        f"{base(facility)}/counter-sales", sell_body(counter, **change)
    )
    assert response.status_code == status
    if field:
        assert response.json()["field"] == field
    assert money_rows() == (0, 0, 0)


def test_invoices_payments_and_refunds(api_as, facility, counter, invoiced, make_user):
    treasurer = api_as(make_user("treasurer", facility=facility))
    invoices = treasurer.get(f"{base(facility)}/invoices", {"status": "open"}).json()["items"]
    assert [(i["number"], i["outstanding"]) for i in invoices] == [
        (invoiced.invoice.number, "300000")
    ]
    paid = treasurer.post(
        f"{base(facility)}/payments",
        {"sale_id": invoiced.pk, "amount": "100000", "method": "transfer", "reference": "T-1"},
    )
    assert paid.status_code == 201
    too_much = treasurer.post(
        f"{base(facility)}/payments",
        {"sale_id": invoiced.pk, "amount": "200001", "method": "cash"},
    )
    assert too_much.status_code == 400 and too_much.json()["code"] == "overpayment"
    fraction = treasurer.post(
        f"{base(facility)}/payments", {"sale_id": invoiced.pk, "amount": "10.5", "method": "cash"}
    )
    assert fraction.status_code == 400 and fraction.json()["field"] == "amount"
    rest = treasurer.post(
        f"{base(facility)}/payments", {"sale_id": invoiced.pk, "amount": "200000", "method": "cash"}
    )
    assert rest.status_code == 201
    detail = treasurer.get(f"{base(facility)}/invoices/{invoiced.invoice.pk}").json()
    assert (detail["status"], detail["paid"], detail["outstanding"]) == ("paid", "300000", "0")
    refund = treasurer.post(
        f"{base(facility)}/payments/{rest.json()['id']}/refund",
        {"amount": "50000", "reason": "Barang cacat"},
    )
    assert refund.status_code == 201
    assert (refund.json()["amount"], refund.json()["refund_of_id"]) == ("-50000", rest.json()["id"])
    over = treasurer.post(
        f"{base(facility)}/payments/{rest.json()['id']}/refund", {"reason": "x", "amount": "150001"}
    )
    assert over.status_code == 400 and over.json()["code"] == "over_refund"
    detail = treasurer.get(f"{base(facility)}/invoices/{invoiced.invoice.pk}").json()
    assert (detail["status"], detail["outstanding"]) in {("open", "50000"), ("overdue", "50000")}
    pdf = treasurer.get(f"{base(facility)}/invoices/{invoiced.invoice.pk}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    by_month = treasurer.get(f"{base(facility)}/invoices", {"month": "2026-01"}).json()
    assert by_month["items"] == []
    assert treasurer.get(f"{base(facility)}/invoices", {"month": "2026-13"}).status_code == 422


def test_pages_of_keyset_lists(api_as, facility, counter):
    client = api_as(counter.officer)
    for _ in range(3):
        body = sell_body(counter, lines=[{"product_id": counter.car_wash.pk, "quantity": 1}])
        assert client.post(f"{base(facility)}/counter-sales", body).status_code == 201
    first = client.get(f"{base(facility)}/sales", {"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = client.get(f"{base(facility)}/sales", {"limit": 2, "after": first["next_cursor"]})
    assert len(rest.json()["items"]) == 1 and rest.json()["next_cursor"] is None


def _call(client, method, path, body):
    return client.post(path, body) if method == "post" else client.get(path, body)


def test_who_may_call_what(api_as, facility, other_facility, counter, invoiced, make_user):
    from karya.sales.services.payments import payment_record

    with scope(facility=[facility.pk]):
        payment = payment_record(actor=counter.officer, sale=invoiced, amount=1000, method="cash")
        partner = invoiced.partner
    unit = base(facility)
    reads = [
        ("get", f"{unit}/sales", None),
        ("get", f"{unit}/sales/{invoiced.pk}", None),
        ("get", f"{unit}/invoices", None),
        ("get", f"{unit}/invoices/{invoiced.invoice.pk}", None),
        ("get", f"{unit}/invoices/{invoiced.invoice.pk}/pdf", None),
        ("get", f"{unit}/payments/{payment.pk}/receipt", None),
        ("get", f"{unit}/counter-products", {"location_id": counter.gallery.pk}),
        ("get", f"{unit}/counter-days/2026-02-14", None),
    ]
    sells = [
        ("post", f"{unit}/counter-sales", sell_body(counter)),
        ("post", f"{unit}/counter-sales/{invoiced.pk}/cancel", {"reason": "x"}),
    ]
    pays = [
        ("post", f"{unit}/payments", {"sale_id": invoiced.pk, "amount": "1", "method": "cash"}),
        ("post", f"{unit}/payments/{payment.pk}/refund", {"reason": "x"}),
    ]
    partner_user = make_user(username="mitra.maju")
    membership_create(actor=None, user=partner_user, role="partner", partner=partner)
    stranger = api_as(make_user("head", facility=other_facility))
    portal = api_as(partner_user)
    anonymous = api_as(None)
    for method, path, body in reads + sells + pays:
        assert _call(stranger, method, path, body).status_code == 404, path
        assert _call(portal, method, path, body).status_code == 404, path
        assert _call(anonymous, method, path, body).status_code == 401, path
    security = api_as(make_user("security", facility=facility))
    for method, path, body in reads + sells + pays:
        assert _call(security, method, path, body).status_code == 403, path
    treasurer = api_as(make_user("treasurer", facility=facility))
    for method, path, body in sells:
        assert _call(treasurer, method, path, body).status_code == 403, path
    assert money_rows()[:2] == (1, 1)
    # Another unit's sale through its own unit's address is not ours; an order is no counter sale.
    other_unit = api_as(make_user("head", facility=other_facility))
    assert (
        other_unit.get(f"/facilities/{other_facility.code}/sales/{invoiced.pk}").status_code == 404
    )
    cancel_order = api_as(counter.officer).post(
        f"{unit}/counter-sales/{invoiced.pk}/cancel", {"reason": "x"}
    )
    assert cancel_order.status_code == 404
