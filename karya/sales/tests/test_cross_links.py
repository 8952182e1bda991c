"""The sales pages lead to one another: a posted pick-up links its sale and invoice; a
confirmed settlement links its sale and invoice and offers to record a payment; a delivered
order links its sale and invoice and offers to record a payment (the invoice's payment page);
a sale and an invoice link back to the document they came from."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from karya.sales.models import Sale
from karya.sales.services.consignment import settlement_confirm
from karya.sales.services.handovers import handover_post
from karya.sales.services.payments import payment_record
from karya.sales.tests.consignment.conftest import (  # noqa: F401
    consigned,
    nest,
    report,
    shop,
    shop_agreement,
    trap,
    trap_lot,
    trap_workshop,
)
from karya.sales.tests.orders.conftest import priced  # noqa: F401
from karya.sales.tests.orders.support import confirm, deliver, quote

pytestmark = pytest.mark.django_db


def url(name, facility, *args):
    return reverse(f"sales:{name}", args=[facility.code, *args])


def href(name, facility, *args):
    return f'href="{url(name, facility, *args)}"'


@pytest.fixture
def handover_sale(facility, make_draft, output_officer):
    draft = make_draft()
    with scope(facility=[facility.pk]):
        handover = handover_post(actor=output_officer, handover=draft)
    with scopes_disabled():
        return Sale.objects.select_related("invoice", "handover").get(handover=handover)


@pytest.fixture
def settlement_sale(facility, output_officer, shop_agreement, consigned, trap):  # noqa: F811
    today = dt.date.today()
    settlement = report(
        output_officer, shop_agreement, [(trap, 4)], start=today.replace(day=1), end=today
    )
    with scope(facility=[facility.pk]):
        settlement_confirm(actor=output_officer, settlement=settlement)
    with scopes_disabled():
        return Sale.objects.select_related("invoice", "settlement").get(settlement=settlement)


@pytest.fixture
def order_sale(facility, output_officer, store, stocked, priced):  # noqa: F811
    broom, _lakop = priced
    order = quote(facility, output_officer, [(broom, 10)], customer_name="Dinas Pendidikan")
    confirm(order, output_officer)
    deliver(order, output_officer, store)
    with scopes_disabled():
        return Sale.objects.select_related("invoice", "order").get(order=order)


def test_a_pick_up_links_its_sale_and_invoice_and_they_link_back(
    login, facility, output_officer, handover_sale
):
    client = login(output_officer)
    handover, invoice = handover_sale.handover, handover_sale.invoice
    page = client.get(url("handover-detail", facility, handover.pk)).content.decode()
    assert href("sale-detail", facility, handover_sale.pk) in page
    assert href("invoice-detail", facility, invoice.pk) in page

    for name, pk in (("sale-detail", handover_sale.pk), ("invoice-detail", invoice.pk)):
        page = client.get(url(name, facility, pk)).content.decode()
        assert href("handover-detail", facility, handover.pk) in page
        assert handover.number in page


def test_a_settlement_links_its_invoice_and_offers_the_payment(
    login, facility, treasurer, output_officer, settlement_sale
):
    settlement, invoice = settlement_sale.settlement, settlement_sale.invoice
    page = login(treasurer).get(url("consignment-settlement", facility, settlement.pk))
    text = page.content.decode()
    assert href("invoice-detail", facility, invoice.pk) in text
    assert href("sale-detail", facility, settlement_sale.pk) in text
    assert href("invoice-pay", facility, invoice.pk) in text

    for name, pk in (("sale-detail", settlement_sale.pk), ("invoice-detail", invoice.pk)):
        text = login(treasurer).get(url(name, facility, pk)).content.decode()
        assert href("consignment-settlement", facility, settlement.pk) in text

    # Paid in full: nothing more to record.
    with scope(facility=[facility.pk]):
        payment_record(
            actor=treasurer, sale=settlement_sale, amount=settlement_sale.total, method="cash"
        )
    text = login(treasurer).get(url("consignment-settlement", facility, settlement.pk))
    assert href("invoice-pay", facility, invoice.pk) not in text.content.decode()


def test_an_order_links_its_sale_and_invoice_and_is_paid_through_the_invoice(
    login, facility, treasurer, output_officer, order_sale
):
    order, invoice = order_sale.order, order_sale.invoice
    client = login(treasurer)
    text = client.get(url("order-detail", facility, order.pk)).content.decode()
    assert href("sale-detail", facility, order_sale.pk) in text
    assert href("invoice-detail", facility, invoice.pk) in text
    assert href("invoice-pay", facility, invoice.pk) in text
    for name, pk in (("sale-detail", order_sale.pk), ("invoice-detail", invoice.pk)):
        text = client.get(url(name, facility, pk)).content.decode()
        assert href("order-detail", facility, order.pk) in text

    # Recording the payment from there pays the order.
    response = client.post(
        url("invoice-pay", facility, invoice.pk),
        {"amount": "150.000", "method": "cash", "paid_on": "2026-02-02"},
    )
    assert response.status_code == 302
    text = client.get(url("order-detail", facility, order.pk)).content.decode()
    assert href("invoice-pay", facility, invoice.pk) not in text
    assert "Rp 150.000" in text
