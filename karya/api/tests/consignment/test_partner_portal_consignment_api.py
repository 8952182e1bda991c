"""A partner's own user, through the API: the unit's goods its partner holds, its settlements,
and its sales report for a period — never another partner's, even of the same unit."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from karya.accounts.services import membership_create
from karya.notifications.models import Notification
from karya.sales.models import Settlement
from karya.sales.tests.conftest import make_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(world, make_user):
    """Two shops of the unit, each with goods, settlements and its own user."""
    shops = {"acun": world(), "lain": world(name="Toko Lain")}
    for key, shop in shops.items():
        shop.user = make_user(username=f"mitra.{key}")
        membership_create(actor=None, user=shop.user, role="partner", partner=shop.partner)
    return shops


def _report(shop, today, **change):
    return {
        "agreement_id": shop.agreement.pk,
        "period_start": today.isoformat(),
        "period_end": today.isoformat(),
        "lines": [{"product_id": shop.product.pk, "quantity": 4}],
        "note": "Nota 12",
        **change,
    }


def test_a_partner_user_sees_only_its_partners_stock_and_settlements(api_as, two):
    acun, lain = two["acun"], two["lain"]
    client = api_as(acun.user)
    stock = client.get("/partner/consignment/stock").json()
    assert [(r["partner_id"], r["product_name"], r["quantity"]) for r in stock] == [
        (acun.partner.pk, acun.product.name, 16)
    ]
    settlements = client.get("/partner/consignment/settlements").json()
    assert {s["id"] for s in settlements} == {acun.settlement.pk, acun.confirmed.pk}
    confirmed = next(s for s in settlements if s["id"] == acun.confirmed.pk)
    assert confirmed["invoice"]["amount"] == "94500"
    assert lain.product.name not in str(stock) + str(settlements)


def test_a_partner_user_submits_a_sales_report(api_as, output_officer, two, facility):
    acun = two["acun"]
    today = dt.date.today()
    response = api_as(acun.user).post("/partner/consignment/settlements", _report(acun, today))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reported_by_partner"] and body["status"] == "submitted"
    assert (body["gross"], body["commission"], body["net"]) == ("140000", "14000", "126000")
    with scopes_disabled():
        settlement = Settlement.objects.get(pk=body["id"])
    assert settlement.submitted_by == acun.user
    assert Notification.objects.filter(user=acun.clerk, title__contains=settlement.number).exists()


def test_a_report_of_more_than_is_held_is_refused(api_as, two):
    acun = two["acun"]
    today = dt.date.today()
    body = _report(acun, today, lines=[{"product_id": acun.product.pk, "quantity": 15}])
    response = api_as(acun.user).post("/partner/consignment/settlements", body)
    # 16 held, 2 already reported in the settlement awaiting confirmation.
    assert response.status_code == 400 and "paling banyak 14" in response.json()["message"]


def test_another_partners_agreement_is_404(api_as, two, facility):
    acun, lain = two["acun"], two["lain"]
    today = dt.date.today()
    response = api_as(acun.user).post("/partner/consignment/settlements", _report(lain, today))
    assert response.status_code == 404
    outright = make_agreement(facility, schemes=["beli_putus"], name=acun.partner.legal_name)
    response = api_as(acun.user).post(
        "/partner/consignment/settlements", _report(acun, today, agreement_id=outright.pk)
    )
    assert response.status_code == 404
    with scopes_disabled():
        assert Settlement.objects.count() == 4  # the two of each world


def test_staff_have_no_portal_and_anonymous_must_log_in(api_as, output_officer, two):
    acun = two["acun"]
    staff = api_as(output_officer)
    assert staff.get("/partner/consignment/stock").json() == []
    assert staff.get("/partner/consignment/settlements").json() == []
    body = _report(acun, dt.date.today())
    assert staff.post("/partner/consignment/settlements", body).status_code == 404
    anonymous = api_as(None)
    for path in ("/partner/consignment/stock", "/partner/consignment/settlements"):
        assert anonymous.get(path).status_code == 401
    assert anonymous.post("/partner/consignment/settlements", body).status_code == 401
