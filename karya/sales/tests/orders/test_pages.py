"""The order pages as an output officer uses them (in Indonesian): make a quotation, edit its
lines, confirm it, plan its production, deliver it from the store and see the invoice, cancel
it; refusals shown next to the field with nothing written; the list with its marks and a
fixed number of queries."""

import re

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from karya.inventory.models import StockMove
from karya.programs.tests.test_documents_support import capture_html
from karya.sales.models import CustomerOrder, Sale
from karya.sales.services.payments import payment_record
from karya.sales.tests.orders.support import confirm, deliver, quote

pytestmark = pytest.mark.django_db


def url(name, facility, *args):
    return reverse(f"sales:{name}", args=[facility.code, *args])


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def the_order():
    with scopes_disabled():
        return CustomerOrder.objects.get()


def test_an_officer_takes_an_order_from_quotation_to_invoice(
    login, facility, output_officer, priced, car_wash, store, stocked, monkeypatch
):
    broom, lakop = priced
    client = login(output_officer)
    response = client.post(
        url("order-create", facility),
        {
            "customer_kind": "institution",
            "customer_name": "SMK Negeri 1 Purwokerto",
            "customer_contact": "0281-637132",
            "quoted_on": "2026-01-20",
            "product": broom.pk,
            "quantity": "100",
            "unit_price": "",
        },
    )
    order = the_order()
    assert response.status_code == 302 and response.url == url("order-lines", facility, order.pk)
    assert order.number == f"PSN/{facility.code}/2026/01/0001"
    page = text(client.get(response.url))
    assert "Penawaran dibuat" in page and "Rp 15.000" in page and "Rp 1.500.000" in page

    client.post(url("order-lines", facility, order.pk), {"product": lakop.pk, "quantity": "4"})
    client.post(url("order-lines", facility, order.pk), {"product": car_wash.pk, "quantity": "1"})
    with scopes_disabled():
        wash = order.lines.get(product=car_wash)
        lakop_line = order.lines.get(product=lakop)
    response = client.post(
        url("order-line-update", facility, order.pk, lakop_line.pk),
        {"quantity": "5", "unit_price": "Rp 20.000"},
    )
    assert response.status_code == 302
    client.post(url("order-line-remove", facility, order.pk, wash.pk))
    detail = text(client.get(url("order-detail", facility, order.pk)))
    assert "Cuci mobil dikeluarkan dari penawaran." in detail
    lines = re.search(r'id="order-lines">(.*?)</table>', detail).group(1)
    assert "Sapu lakop" in lines and "Cuci mobil" not in lines
    assert "Rp 1.600.000" in detail  # 100 × 15.000 + 5 × 20.000
    assert "satu juta enam ratus ribu rupiah" in detail
    assert "Penawaran" in detail and url("order-quotation-pdf", facility, order.pk) in detail

    response = client.post(
        url("order-confirm", facility, order.pk),
        {"ordered_on": "2026-01-22", "due_on": "2026-02-05"},
    )
    assert response.status_code == 302
    detail = text(client.get(url("order-detail", facility, order.pk)))
    assert "Dipesan" in detail and "5 Februari 2026" in detail

    deliver_page = text(client.get(url("order-deliver", facility, order.pk)))
    assert "Lot Sapu lidi" in deliver_page and "L-2026-001" in deliver_page
    response = client.post(
        url("order-deliver", facility, order.pk),
        {
            "location": store.pk,
            "delivered_on": "2026-01-31",
            "delivered_time": "09.40",
            "payment_due_on": "",
        },
    )
    assert response.status_code == 302
    detail = text(client.get(response.url))
    invoice = f"INV/{facility.code}/2026/01/0001"
    assert f"Pesanan dikirim; tagihan {invoice} diterbitkan." in detail
    assert invoice in detail and "Dikirim dan ditagihkan" in detail
    assert "31 Januari 2026, 09.40 WIB" in detail and "2 Maret 2026" in detail
    with scopes_disabled():
        assert StockMove.objects.filter(kind="sold").count() == 2

    response = client.post(url("order-cancel", facility, order.pk), {"reason": "Salah kirim"})
    assert response.status_code == 302
    detail = text(client.get(response.url))
    assert "Dibatalkan" in detail and "Salah kirim" in detail
    with scopes_disabled():
        assert Sale.objects.filter(order=order).count() == 2


def test_refusals_are_shown_next_to_the_field_and_nothing_is_written(
    login, facility, output_officer, priced, table
):
    broom, _lakop = priced
    client = login(output_officer)
    response = client.post(
        url("order-create", facility),
        {
            "customer_kind": "ekatalog",
            "customer_name": "Dinas Pendidikan",
            "quoted_on": "2026-01-20",
            "product": table.pk,
            "quantity": "2",
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert re.search(r"e-Katalog.*?Beri nomor pesanan e-Katalog", page)
    field = re.search(r'<div class="field has-error">(.*?)</div>', page).group(1)
    assert 'name="ekatalog_reference"' in field
    with scopes_disabled():
        assert not CustomerOrder.objects.exists()
    response = client.post(
        url("order-create", facility),
        {"customer_kind": "person", "customer_name": "Bu Sri", "quoted_on": "2026-01-20",
         "product": broom.pk, "quantity": "2", "unit_price": "15.000,5"},
    )  # fmt: skip
    assert "Masukkan jumlah dalam rupiah utuh" in text(response)
    with scopes_disabled():
        assert not CustomerOrder.objects.exists()


def test_delivery_without_enough_stock_says_so_and_writes_nothing(
    login, facility, output_officer, priced, store
):
    broom, _lakop = priced
    order = quote(facility, output_officer, [(broom, 10)])
    confirm(order, output_officer)
    response = login(output_officer).post(
        url("order-deliver", facility, order.pk),
        {"location": store.pk, "delivered_on": "2026-01-31", "delivered_time": "09:40"},
    )
    assert response.status_code == 200
    assert "Stok Sapu lidi di Gudang Produksi tidak cukup" in text(response)
    with scopes_disabled():
        assert the_order().status == "ordered" and not Sale.objects.exists()


def test_production_is_linked_or_planned_from_the_order(
    login, facility, output_officer, priced, workshop
):
    broom, _lakop = priced
    order = quote(facility, output_officer, [(broom, 300)])
    client = login(output_officer)
    page = text(client.get(url("order-production", facility, order.pk)))
    assert url("order-production-plan", facility, order.pk) in page
    response = client.post(
        url("order-production-plan", facility, order.pk),
        {"product": broom.pk, "workshop": workshop.pk, "start_date": "2026-01-22",
         "due_date": "2026-02-03", "planned_quantity": ""},
    )  # fmt: skip
    assert response.status_code == 302
    order = the_order()
    assert order.production_order.planned_quantity == 300
    detail = text(client.get(url("order-detail", facility, order.pk)))
    assert order.production_order.number in detail
    response = client.post(url("order-production", facility, order.pk), {"production_order": ""})
    assert response.status_code == 302 and the_order().production_order is None


def test_the_list_marks_and_filters_orders_in_few_queries(
    login,
    facility,
    output_officer,
    treasurer,
    priced,
    table,
    store,
    stocked,
    django_assert_max_num_queries,
):
    broom, lakop = priced
    client = login(output_officer)

    def make(count):
        for n in range(count):
            order = quote(
                facility, output_officer, [(broom, 1), (lakop, 1)], customer_name=f"Pembeli ke-{n}"
            )
            confirm(order, output_officer)

    make(2)
    with django_assert_max_num_queries(20) as few:
        client.get(url("order-list", facility))
    make(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("order-list", facility))
    assert text(response).count("Terlambat") == 10  # due 5 February 2026, long past

    from karya.inventory.services import stock_receive

    with scope(facility=[facility.pk]):
        stock_receive(actor=output_officer, location=store, product=table, quantity=3)
    ekatalog = quote(
        facility,
        output_officer,
        [(table, 3)],
        customer_kind="ekatalog",
        customer_name="Dinas Pendidikan Kabupaten Banyumas",
        ekatalog_reference="EPA-P2601-0042",
    )
    confirm(ekatalog, output_officer)
    sale = deliver(ekatalog, output_officer, store)
    with scope(facility=[facility.pk]):
        payment_record(
            actor=treasurer, sale=sale, amount=sale.total, method="transfer", reference="SP2D"
        )
    page = text(client.get(url("order-list", facility), {"customer_kind": "ekatalog"}))
    assert "e-Katalog EPA-P2601-0042" in page and "Lunas" in page and "Pembeli ke-0" not in page
    page = text(client.get(url("order-list", facility), {"state": "paid"}))
    assert ekatalog.number in page and "Pembeli ke-3" not in page
    page = text(client.get(url("order-list", facility), {"q": "P2601"}))
    assert ekatalog.number in page and "Pembeli ke-3" not in page


def test_the_quotation_pdf_and_the_history(
    login, facility, head, output_officer, priced, monkeypatch
):
    broom, lakop = priced
    order = quote(facility, output_officer, [(broom, 10), (lakop, 7)])
    other = quote(facility, output_officer, [(broom, 3), (lakop, 4)])
    for quotation in (order, other):
        with scopes_disabled():
            line = quotation.lines.get(product=lakop)
        login(output_officer).post(url("order-line-remove", facility, quotation.pk, line.pk))
    html = capture_html(monkeypatch, fake_pdf=True)
    response = login(output_officer).get(url("order-quotation-pdf", facility, order.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="penawaran-harga-psn-{facility.code.lower()}-2026-01-0001.pdf"'
    )
    assert "SURAT PENAWARAN HARGA" in html[0].upper() and order.number in html[0]
    history = text(login(head).get(url("order-history", facility, order.pk)))
    assert order.number in history and "10 Sapu lidi" in history
    assert "7 Sapu lakop" in history and "dihapus" in history  # the removed line too
    assert "4 Sapu lakop" not in history  # another order's removed line is not
