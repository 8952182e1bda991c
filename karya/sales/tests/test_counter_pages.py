"""The counter in the browser's place (test client): the sale screen with its tiles, one submit
that sells and leads to the receipt, the total without script ("Hitung") and with htmx, the
errors shown on the page with nothing written, the cancellation and the day summary."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.sales.models import Payment, Sale
from karya.sales.tests.counter_support import held, money_rows

pytestmark = pytest.mark.django_db


def url(name, facility, *args):
    return reverse(f"sales:{name}", args=[facility.code, *args])


def qty(product):
    return f"qty-{product.pk}"


def sale_form(counter, **fields):
    data = {
        "location": counter.gallery.pk,
        qty(counter.broom): "2",
        qty(counter.lakop): "1",
        qty(counter.car_wash): "1",
        "payment_method": "cash",
        "amount_tendered": "100.000",
        "customer_name": "",
        "event": "One Day One Prison Product",
        "reference": "",
    }
    data.update(fields)
    return data


def test_the_screen_shows_each_product_with_its_price_and_stock(login, facility, counter):
    page = login(counter.officer).get(url("counter", facility)).content.decode()
    assert "Galeri" in page and "Stan Bazar" in page
    assert "Sapu lidi" in page and "Rp 15.000 / batang" in page and "25 di stok" in page
    assert "Cuci mobil" in page and "Rp 40.000 / kali" in page and "jasa" in page
    assert page.index("Sapu lidi") < page.index("Cuci mobil")  # goods first, then services
    assert 'hx-post="' + url("counter-total", facility) + '"' in page
    # At the stand nothing is held: goods are shown but cannot be chosen; services can.
    stand = login(counter.officer).get(url("counter", facility) + f"?lokasi={counter.bazaar.pk}")
    text = stand.content.decode()
    assert "0 di stok" in text
    assert f'name="{qty(counter.broom)}"' in text and "disabled" in text


def test_one_submit_sells_and_shows_the_change_and_the_receipt(login, facility, counter):
    client = login(counter.officer)
    response = client.post(url("counter", facility), sale_form(counter))
    with scopes_disabled():
        sale = Sale.objects.get()
        payment = Payment.objects.get()
    assert response.status_code == 302
    assert response.url == url("counter-done", facility, sale.pk)
    assert sale.total == Decimal(95000) and payment.tendered == Decimal(100000)
    assert held(counter.gallery, counter.broom) == 23
    page = client.get(response.url).content.decode()
    assert "Rp 95.000" in page and "Rp 5.000" in page  # total and change
    assert url("receipt-pdf", facility, payment.pk) in page
    next_sale = url("counter", facility) + f"?lokasi={counter.gallery.pk}&amp;acara=One+Day"
    assert next_sale in page
    # The next sale keeps the event.
    again = client.get(url("counter", facility) + "?lokasi=1&acara=One+Day+One+Prison+Product")
    assert 'value="One Day One Prison Product"' in again.content.decode()


def test_calculate_shows_the_total_and_change_and_writes_nothing(login, facility, counter):
    client = login(counter.officer)
    data = sale_form(counter, action="hitung")
    page = client.post(url("counter", facility), data).content.decode()
    assert 'id="counter-total">Rp 95.000<' in page
    assert 'id="counter-change">Rp 5.000<' in page
    assert money_rows() == (0, 0, 0)
    # The same with htmx: only the summary comes back.
    part = client.post(url("counter-total", facility), data, headers={"HX-Request": "true"})
    text = part.content.decode()
    assert 'id="counter-total">Rp 95.000<' in text and 'id="counter-change">Rp 5.000<' in text
    assert "<html" not in text and "<form" not in text
    # Find keeps the quantities of the products it hides.
    found = client.post(url("counter", facility), {**data, "action": "cari", "q": "cuci"})
    text = found.content.decode()
    assert f'type="hidden" name="{qty(counter.broom)}" value="2"' in text
    assert money_rows() == (0, 0, 0)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"qty-broom": "26", "amount_tendered": ""}, "Stok Sapu lidi di Galeri tidak cukup"),
        ({"amount_tendered": "90.000"}, "kurang dari jumlah yang harus dibayar"),
        ({"payment_method": "qris", "amount_tendered": ""}, "referensi transfer atau QRIS"),
        ({"qty-broom": "", "qty-lakop": "", "qty-car": ""}, "Pilih paling sedikit satu"),
        ({"qty-broom": "-1"}, "lebih besar dari atau sama dengan 0"),
        ({"amount_tendered": "sembilan"}, "Masukkan jumlah dalam rupiah utuh"),
    ],
)
def test_errors_are_shown_on_the_page_and_nothing_is_written(
    login, facility, counter, fields, message
):
    names = {"qty-broom": qty(counter.broom), "qty-lakop": qty(counter.lakop)}
    names["qty-car"] = qty(counter.car_wash)
    data = sale_form(counter, **{names.get(k, k): v for k, v in fields.items()})
    response = login(counter.officer).post(url("counter", facility), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert money_rows() == (0, 0, 0)
    assert held(counter.gallery, counter.broom) == 25


def test_cancelling_from_the_sale_page(login, facility, counter):
    client = login(counter.officer)
    client.post(url("counter", facility), sale_form(counter))
    with scopes_disabled():
        sale = Sale.objects.get()
    detail = client.get(url("sale-detail", facility, sale.pk)).content.decode()
    assert url("counter-cancel", facility, sale.pk) in detail
    response = client.post(url("counter-cancel", facility, sale.pk), {"reason": ""})
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    response = client.post(url("counter-cancel", facility, sale.pk), {"reason": "Salah input"})
    assert response.status_code == 302
    assert held(counter.gallery, counter.broom) == 25
    detail = client.get(url("sale-detail", facility, sale.pk)).content.decode()
    assert "Dibatalkan dengan" in detail and url("counter-cancel", facility, sale.pk) not in detail
    assert 'id="sale-paid">Rp 0<' in detail


def test_the_day_summary(login, facility, counter, make_user, django_assert_max_num_queries):
    client = login(counter.officer)
    client.post(url("counter", facility), sale_form(counter))
    client.post(
        url("counter", facility),
        sale_form(
            counter,
            **{qty(counter.broom): "", qty(counter.lakop): "", qty(counter.car_wash): "2"},
            payment_method="transfer",
            amount_tendered="",
            reference="TRF-1",
        ),
    )
    client.post(
        url("counter", facility),
        sale_form(
            counter,
            **{qty(counter.broom): "1", qty(counter.lakop): "", qty(counter.car_wash): ""},
            payment_method="qris",
            amount_tendered="",
            reference="QR-9",
        ),
    )
    with scopes_disabled():
        last = Sale.objects.order_by("pk").last()
    client.post(url("counter-cancel", facility, last.pk), {"reason": "Batal"})
    reader = login(make_user("treasurer", facility=facility))
    with django_assert_max_num_queries(12):  # a fixed number, whatever the sales
        page = reader.get(url("counter-day", facility)).content.decode()
    # Sold 95.000 + 80.000 + 15.000; the QRIS sale was cancelled and its money paid back.
    assert 'id="day-sold">Rp 190.000<' in page
    assert 'id="day-cancelled">Rp 15.000<' in page
    assert 'id="day-received">Rp 175.000<' in page
    for expected in ("Tunai</td><td>Rp 95.000", "Transfer bank</td><td>Rp 80.000"):
        assert expected in page
    assert "QRIS</td><td>Rp 0" in page
    assert 'Cuci mobil</td><td data-label="Jumlah">3 kali' in page
    assert 'Sapu lidi</td><td data-label="Jumlah">2 batang' in page
    assert "dibatalkan dengan" in page
    other_day = reader.get(url("counter-day", facility) + "?tanggal=2026-01-01").content
    assert "Belum ada penjualan kasir pada hari ini." in other_day.decode()
    stand = reader.get(url("counter-day", facility) + f"?lokasi={counter.bazaar.pk}").content
    assert 'id="day-sold">Rp 0<' in stand.decode()


def test_no_counter_location_says_what_to_do(login, facility, make_user):
    head = make_user("head", facility=facility)
    page = login(head).get(url("counter", facility)).content.decode()
    assert "belum mempunyai galeri atau stan bazar" in page
    assert reverse("inventory:location-create", args=[facility.code]) in page


def test_the_navigation_shows_the_counter_only_to_sellers(login, facility, counter, make_user):
    home = reverse("unit-home", args=[facility.code])
    seller = login(counter.officer).get(home).content.decode()
    assert url("counter", facility) in seller and url("home", facility) in seller
    treasurer = login(make_user("treasurer", facility=facility)).get(home).content.decode()
    assert url("counter", facility) not in treasurer
    assert url("home", facility) in treasurer
