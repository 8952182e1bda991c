"""The treasurer's receivables: the invoice list (open, overdue, paid, cancelled; by partner and
month; what is still owed computed in the query), an invoice with its lines and payments,
recording a payment in part or in full (never more than is owed), a refund, the PDFs; and the
list of sales of every channel."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from karya.partners.services.partners import partner_create
from karya.programs.tests.test_documents_support import capture_html
from karya.sales.models import Payment
from karya.sales.services.payments import payment_record
from karya.sales.services.sales import InvoiceInput, LineInput, sale_create, sale_reverse

pytestmark = pytest.mark.django_db
SOLD = dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC)


def url(name, facility, *args):
    return reverse(f"sales:{name}", args=[facility.code, *args])


@pytest.fixture
def treasurer_client(login, make_user, facility):
    return login(make_user("treasurer", facility=facility, username="bendahara"))


def make_invoice(facility, counter, partner, quantity=10, due=dt.date(2026, 2, 28), sold=SOLD):
    with scope(facility=[facility.pk]):
        return sale_create(
            actor=counter.officer,
            facility=facility,
            channel="handover",
            customer_kind="partner",
            partner=partner,
            sold_at=sold,
            lines=[LineInput(counter.broom, quantity, 2500)],
            invoice=InvoiceInput(bill_to=partner.legal_name, due_on=due, partner=partner),
        )


@pytest.fixture
def book(facility, counter):
    """Four invoices of two partners: one open (due in the future), one overdue, one paid,
    one cancelled; and one of February."""
    with scope(facility=[facility.pk]):
        pusat = partner_create(
            actor=counter.officer, facility=facility, legal_form="CV", legal_name="CV. Pusat"
        )
        acun = partner_create(
            actor=counter.officer, facility=facility, legal_form="toko", legal_name="Toko Acun"
        )
    open_ = make_invoice(facility, counter, pusat, due=dt.date(2099, 1, 31))
    overdue = make_invoice(facility, counter, pusat, quantity=20, due=dt.date(2026, 2, 1))
    paid = make_invoice(facility, counter, acun, quantity=4)
    cancelled = make_invoice(facility, counter, acun, quantity=8)
    february = make_invoice(
        facility,
        counter,
        acun,
        quantity=2,
        sold=dt.datetime(2026, 2, 3, 2, 0, tzinfo=dt.UTC),
        due=dt.date(2099, 3, 1),
    )
    with scope(facility=[facility.pk]):
        payment_record(actor=counter.officer, sale=overdue, amount=20000, method="cash")
        payment_record(actor=counter.officer, sale=paid, amount=10000, method="cash")
        sale_reverse(actor=counter.officer, sale=cancelled, reason="Batal ambil")
    return {
        "pusat": pusat,
        "acun": acun,
        "open": open_,
        "overdue": overdue,
        "paid": paid,
        "cancelled": cancelled,
        "february": february,
    }


def numbers(page, book, *names):
    return [book[n].invoice.number in page for n in names]


def test_the_list_filters_by_status_partner_and_month(treasurer_client, facility, book):
    def page(query=""):
        return treasurer_client.get(url("invoice-list", facility) + query).content.decode()

    everything = page()
    assert all(numbers(everything, book, "open", "overdue", "paid", "cancelled", "february"))
    # Still owed: 25.000 open + 30.000 of the overdue + 5.000 of February.
    assert 'id="invoice-outstanding">Rp 60.000<' in everything
    assert "lewat jatuh tempo" in everything.lower()
    unpaid = page("?status=open")
    assert numbers(unpaid, book, "open", "overdue", "paid", "cancelled") == [
        True,
        True,
        False,
        False,
    ]
    assert numbers(page("?status=overdue"), book, "open", "overdue") == [False, True]
    assert numbers(page("?status=paid"), book, "paid", "open") == [True, False]
    assert numbers(page("?status=cancelled"), book, "cancelled", "paid") == [True, False]
    by_partner = page(f"?mitra={book['acun'].pk}")
    assert numbers(by_partner, book, "open", "paid", "february") == [False, True, True]
    assert numbers(page("?bulan=2026-02"), book, "february", "open") == [True, False]


def test_the_list_takes_a_fixed_number_of_queries(
    treasurer_client, facility, counter, book, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        first = treasurer_client.get(url("invoice-list", facility))
    for n in range(6):
        make_invoice(facility, counter, book["pusat"], quantity=n + 1)
    with django_assert_max_num_queries(15):
        again = treasurer_client.get(url("invoice-list", facility))
    assert first.status_code == again.status_code == 200
    with django_assert_max_num_queries(15):
        sales = treasurer_client.get(url("sale-list", facility))
    assert sales.content.decode().count("/penjualan/") > 10


def test_a_payment_in_part_then_in_full_never_more(treasurer_client, facility, counter, book):
    invoice = book["open"].invoice
    pay = url("invoice-pay", facility, invoice.pk)
    form = treasurer_client.get(pay).content.decode()
    assert 'value="25000"' in form and "CV. Pusat masih berutang Rp 25.000" in form
    data = {"amount": "10.000", "method": "transfer", "reference": "", "paid_on": "2026-02-10"}
    response = treasurer_client.post(pay, data)
    assert "Isi nomor referensi transfer atau QRIS" in response.content.decode()
    response = treasurer_client.post(pay, {**data, "reference": "BRI-123"})
    assert response.status_code == 302
    with scopes_disabled():
        first = Payment.objects.get(sale=book["open"])
    assert (first.amount, first.reference) == (Decimal(10000), "BRI-123")
    assert first.paid_at == dt.datetime(2026, 2, 10, 5, 0, tzinfo=dt.UTC)  # noon WIB
    too_much = treasurer_client.post(pay, {**data, "amount": "15.001", "method": "cash"})
    assert "hanya Rp 15.000" in too_much.content.decode()
    treasurer_client.post(pay, {**data, "amount": "15.000", "method": "cash"})
    detail = treasurer_client.get(url("invoice-detail", facility, invoice.pk)).content.decode()
    assert 'id="invoice-owed">Rp 0<' in detail and "lunas" in detail
    assert url("invoice-pay", facility, invoice.pk) not in detail
    assert url("receipt-pdf", facility, first.pk) in detail


def test_a_refund_from_the_sale_page(treasurer_client, facility, book):
    with scopes_disabled():
        payment = Payment.objects.get(sale=book["paid"])
    refund = url("payment-refund", facility, payment.pk)
    detail = treasurer_client.get(url("sale-detail", facility, book["paid"].pk)).content.decode()
    assert refund in detail
    response = treasurer_client.post(refund, {"amount": "10.001", "reason": "Cacat"})
    assert "paling banyak Rp 10.000" in response.content.decode()
    response = treasurer_client.post(refund, {"amount": "4.000", "reason": "Dua sapu cacat"})
    assert response.status_code == 302
    detail = treasurer_client.get(url("sale-detail", facility, book["paid"].pk)).content.decode()
    assert "pengembalian " + payment.number in detail
    assert 'id="sale-paid">Rp 6.000<' in detail


def test_pdfs_of_invoices_and_receipts(treasurer_client, facility, book, monkeypatch):
    capture_html(monkeypatch, fake_pdf=True)
    with scopes_disabled():
        payment = Payment.objects.get(sale=book["paid"])
    response = treasurer_client.get(url("invoice-pdf", facility, book["paid"].invoice.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    response = treasurer_client.get(url("receipt-pdf", facility, payment.pk) + "?unduh=1")
    assert response["Content-Disposition"] == (
        f'attachment; filename="kuitansi-{payment.number.replace("/", "-").lower()}.pdf"'
    )


def test_a_failed_document_explains_itself(treasurer_client, facility, book, monkeypatch):
    from karya.core import documents

    def broken(html):
        raise documents.DocumentError()

    monkeypatch.setattr(documents, "html_to_pdf", broken)
    response = treasurer_client.get(url("invoice-pdf", facility, book["paid"].invoice.pk))
    assert response.status_code == 503
    assert "Dokumen tidak dapat dibuat" in response.content.decode()


def test_the_sales_list_shows_every_channel_and_the_cancellations(treasurer_client, facility, book):
    page = treasurer_client.get(url("sale-list", facility)).content.decode()
    assert "Pengambilan oleh mitra (beli putus)" in page
    assert "membatalkan " + book["cancelled"].number in page
    cancelled = treasurer_client.get(url("sale-detail", facility, book["cancelled"].pk))
    assert "Dibatalkan dengan" in cancelled.content.decode()
    only_counter = treasurer_client.get(url("sale-list", facility) + "?kanal=counter")
    assert book["open"].number not in only_counter.content.decode()
