"""Money still owed on a sale without invoice (a counter sale paid back in part, say) is
recorded from the sale's own page; a sale with an invoice is paid on the invoice's page."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from karya.finance.models import ProceedsSplit
from karya.sales.models import Payment
from karya.sales.services.counter import CounterLine, counter_sale
from karya.sales.services.payments import payment_refund
from karya.sales.services.sales import InvoiceInput, LineInput, sale_create

pytestmark = pytest.mark.django_db


def url(name, facility, *args):
    return reverse(f"sales:{name}", args=[facility.code, *args])


@pytest.fixture
def refunded(facility, counter):
    """A car wash of Rp 40.000 paid in cash at the counter, Rp 15.000 of it paid back."""
    with scope(facility=[facility.pk]):
        sale = counter_sale(
            actor=counter.officer,
            location=counter.gallery,
            lines=[CounterLine(counter.car_wash, 1)],
            payment_method="cash",
        )
        payment_refund(
            actor=counter.officer, payment=sale.payments.get(), amount=15000, reason="Salah hitung"
        )
    return sale


def test_money_owed_on_a_sale_without_invoice_is_recorded_from_its_page(
    login, facility, treasurer, refunded
):
    client = login(treasurer)
    page = client.get(url("sale-detail", facility, refunded.pk)).content.decode()
    assert f'href="{url("sale-pay", facility, refunded.pk)}"' in page

    form = client.get(url("sale-pay", facility, refunded.pk))
    assert form.status_code == 200
    assert form.context["form"].initial["amount"] == 15000
    assert "Rp 15.000" in form.content.decode()

    response = client.post(
        url("sale-pay", facility, refunded.pk),
        {"amount": "15.000", "method": "qris", "reference": "QRIS-0001", "paid_on": ""},
    )
    assert response.status_code == 200  # the day is required: nothing recorded
    with scopes_disabled():
        assert Payment.objects.filter(sale=refunded).count() == 2

    day = form.context["form"].initial["paid_on"].isoformat()
    response = client.post(
        url("sale-pay", facility, refunded.pk),
        {"amount": "15.000", "method": "qris", "reference": "QRIS-0001", "paid_on": day},
    )
    assert response.status_code == 302
    assert response.url == url("sale-detail", facility, refunded.pk) + "#payments"
    with scopes_disabled():
        payment = Payment.objects.filter(sale=refunded).latest("pk")
        assert (payment.amount, payment.method, payment.created_by) == (15000, "qris", treasurer)
        assert ProceedsSplit.objects.filter(allocation__payment=payment).exists()
    page = client.get(url("sale-detail", facility, refunded.pk)).content.decode()
    assert url("sale-pay", facility, refunded.pk) not in page  # nothing owed any more


def test_more_than_is_owed_is_refused_next_to_the_amount(login, facility, treasurer, refunded):
    response = login(treasurer).post(
        url("sale-pay", facility, refunded.pk),
        {"amount": "20.000", "method": "cash", "paid_on": "2026-02-02"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    with scopes_disabled():
        assert Payment.objects.filter(sale=refunded).count() == 2


def test_a_sale_with_an_invoice_is_paid_on_the_invoice_page(login, facility, counter, treasurer):
    with scope(facility=[facility.pk]):
        sale = sale_create(
            actor=counter.officer,
            facility=facility,
            channel="order",
            lines=[LineInput(counter.car_wash, 2, 40000)],
            invoice=InvoiceInput(bill_to="Dinas", due_on=dt.date(2099, 1, 31)),
        )
    client = login(treasurer)
    response = client.get(url("sale-pay", facility, sale.pk))
    assert response.status_code == 302
    assert response.url == url("invoice-pay", facility, sale.invoice.pk)
    response = client.post(
        url("sale-pay", facility, sale.pk), {"amount": "1", "method": "cash", "paid_on": ""}
    )
    assert response.url == url("invoice-pay", facility, sale.invoice.pk)
    with scopes_disabled():
        assert not Payment.objects.filter(sale=sale).exists()
