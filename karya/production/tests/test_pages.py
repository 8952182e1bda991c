"""The catalogue pages: who may see and change what; the list (filters, current price,
warnings, a fixed number of queries), the product page, and the forms' messages."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.production.models import Product, ProductPrice
from karya.production.tests.conftest import jpeg_bytes, make_photo, make_price, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(product, media):
    folder = media / "products" / "lppwt"
    folder.mkdir(parents=True)
    (folder / "0a1b.jpg").write_bytes(jpeg_bytes())
    return make_photo(product, name="products/lppwt/0a1b.jpg")


def url(name, facility, *args):
    return reverse(f"production:product-{name}", args=[facility.code, *args])


# (url name, needs the product, needs the photo, method, what it needs: view/manage/audit)
PAGES = [
    ("list", False, False, "get", "view"),
    ("detail", True, False, "get", "view"),
    ("photo", True, True, "get", "view"),
    ("history", True, False, "get", "audit"),
    ("create", False, False, "get", "manage"),
    ("update", True, False, "get", "manage"),
    ("price-add", True, False, "get", "manage"),
    ("photo-add", True, False, "get", "manage"),
    ("photo-remove", True, True, "get", "manage"),
    ("publish", True, False, "post", "manage"),
    ("unpublish", True, False, "post", "manage"),
    ("ekatalog", True, False, "get", "manage"),
]
IDS = [p[0] for p in PAGES]


def page_url(page, facility, product, photo):
    name, needs_product, needs_photo, *_ = page
    args = [product.pk] if needs_product else []
    if needs_photo:
        args.append(photo.pk)
    return url(name, facility, *args)


def call(client, page, path):
    return getattr(client, page[3])(path)


def test_url_names_and_paths(facility, product, photo):
    assert url("list", facility) == "/upt/LPPWT/produk/"
    assert url("detail", facility, product.pk) == f"/upt/LPPWT/produk/{product.pk}/"
    assert url("price-add", facility, product.pk) == f"/upt/LPPWT/produk/{product.pk}/harga/tambah/"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_anonymous_is_sent_to_login(client, facility, product, photo, page):
    response = call(client, page, page_url(page, facility, product, photo))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_another_units_user_gets_404(
    login, make_user, facility, other_facility, product, photo, page
):
    stranger = login(make_user("head", facility=other_facility))
    assert call(stranger, page, page_url(page, facility, product, photo)).status_code == 404
    if page[1]:  # this unit's product through the stranger's own unit: not found either
        response = call(stranger, page, page_url(page, other_facility, product, photo))
        assert response.status_code == 404


@pytest.mark.parametrize("role", ["pr", "security"])
@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_roles_without_permission_get_403(login, make_user, facility, product, photo, role, page):
    client = login(make_user(role, facility=facility))
    assert call(client, page, page_url(page, facility, product, photo)).status_code == 403


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_readers_read_but_do_not_change(login, make_user, facility, product, photo, page):
    client = login(make_user("treasurer", facility=facility))
    expected = 200 if page[4] == "view" else 403
    assert call(client, page, page_url(page, facility, product, photo)).status_code == expected


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_output_officer_and_head_manage(
    login, output_officer, head, facility, product, photo, page
):
    path = page_url(page, facility, product, photo)
    expected = 302 if page[3] == "post" else 200
    if page[4] == "audit":
        assert call(login(output_officer), page, path).status_code == 403
        assert call(login(head), page, path).status_code == 200
    else:
        assert call(login(output_officer), page, path).status_code == expected


def test_list_shows_the_current_price_and_filters(login, output_officer, facility, product, today):
    make_price(product, today - dt.timedelta(days=10), public=15000, partner=10000)
    make_price(product, today + dt.timedelta(days=10), public=99000)  # announced
    cookies = make_product(facility, "Kue kering", category="kuliner", unit_of_measure="paket")
    with scopes_disabled():
        Product.objects.filter(pk=product.pk).update(is_published=True)
    make_product(facility, "Kursi lama", category="kayu", is_active=False)
    client = login(output_officer)
    text = client.get(url("list", facility)).text
    assert "Rp 15.000" in text and "Rp 10.000" in text and "Rp 99.000" not in text
    assert "Sapu lidi" in text and "Kue kering" in text and "Kursi lama" in text
    text = client.get(url("list", facility), {"kategori": "kuliner"}).text
    assert "Kue kering" in text and "Sapu lidi" not in text
    text = client.get(url("list", facility), {"terbit": "ya"}).text
    assert "Sapu lidi" in text and "Kue kering" not in text
    text = client.get(url("list", facility), {"aktif": "tidak"}).text
    assert "Kursi lama" in text and "Sapu lidi" not in text
    text = client.get(url("list", facility), {"q": "kue"}).text
    assert url("detail", facility, cookies.pk) in text and "Sapu lidi" not in text


def test_list_and_product_page_warn_of_halal_expiry(login, output_officer, facility, today):
    cookies = make_product(
        facility,
        "Kue kering",
        category="kuliner",
        unit_of_measure="paket",
        halal_number="ID35110000999990125",
        halal_valid_until=today + dt.timedelta(days=12),
    )
    client = login(output_officer)
    for path in (url("list", facility), url("detail", facility, cookies.pk)):
        text = client.get(path).text
        assert 'class="warnings"' in text and "ID35110000999990125" in text, path
        assert "Sertifikat halal" in text


def test_list_query_count_does_not_grow_with_rows(
    login, output_officer, facility, today, django_assert_max_num_queries
):
    client = login(output_officer)

    def add(start, count):
        for i in range(start, start + count):
            product = make_product(
                facility,
                f"Produk {i:02d}",
                category="kuliner",
                unit_of_measure="paket",
                halal_number=f"H{i}",
                halal_valid_until=today + dt.timedelta(days=i % 20),
            )
            make_price(product, today - dt.timedelta(days=5))
            make_price(product, today)
            make_photo(product, name=f"products/lppwt/{i}.jpg")

    add(0, 2)
    with django_assert_max_num_queries(20) as few:
        client.get(url("list", facility))
    add(2, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("list", facility))
    assert "Produk 31" in response.text


def test_product_page_shows_prices_photos_and_legality(
    login, output_officer, facility, food, photo, today
):
    with scopes_disabled():
        Product.objects.filter(pk=food.pk).update(
            pirt_number="2063302010123-25", shelf_life_days=60
        )
    make_price(food, dt.date(2025, 7, 1), public=35000, partner=28000, cost=15000)
    make_price(food, today, public=40000, partner=32000, cost=17000)
    text = login(output_officer).get(url("detail", facility, food.pk)).text
    assert "Rp 40.000" in text and "Rp 35.000" in text and "1 Juli 2025" in text
    assert "2063302010123-25" in text and "60 hari" in text
    assert "Terbitkan di katalog publik" in text


def test_product_page_shows_the_photo(login, output_officer, facility, product, photo):
    text = login(output_officer).get(url("detail", facility, product.pk)).text
    assert url("photo", facility, product.pk, photo.pk) in text


def test_product_page_says_why_it_cannot_be_published(login, output_officer, facility, food):
    text = login(output_officer).get(url("detail", facility, food.pk)).text
    assert "Belum siap untuk katalog publik" in text and "nomor P-IRT" in text
    assert url("publish", facility, food.pk) not in text


def test_create_a_product_then_land_on_its_page(login, output_officer, facility):
    response = login(output_officer).post(
        url("create", facility),
        {
            "name": "Sapu lakop",
            "category": "kerajinan",
            "unit_of_measure": "buah",
            "is_active": "on",
        },
    )
    with scopes_disabled():
        product = Product.objects.get()
    assert response.status_code == 302 and response.url == url("detail", facility, product.pk)


def test_food_fields_on_a_craft_give_a_message_and_write_nothing(login, output_officer, facility):
    response = login(output_officer).post(
        url("create", facility),
        {
            "name": "Sapu lakop",
            "category": "kerajinan",
            "unit_of_measure": "buah",
            "pirt_number": "2063302010123-25",
        },
    )
    assert response.status_code == 200
    assert "Hanya produk pangan" in response.text
    with scopes_disabled():
        assert not Product.objects.exists()


def test_add_a_price_typed_the_indonesian_way(login, output_officer, facility, product):
    client = login(output_officer)
    response = client.post(
        url("price-add", facility, product.pk),
        {
            "valid_from": "2025-07-01",
            "cost": "6.000",
            "public_price": "Rp 15.000",
            "partner_price": "10000",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        price = ProductPrice.objects.get()
    assert (price.cost, price.public_price, price.partner_price) == (6000, 15000, 10000)
    form = client.get(url("price-add", facility, product.pk)).text
    assert "1 Juli 2025" in form and 'value="15000"' in form  # the latest price, to start from


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"public_price": "15,5"}, "Masukkan jumlah dalam rupiah utuh"),
        ({"cost": "-6000"}, "tidak boleh negatif"),
        ({"valid_from": "2025-06-30"}, "Harga baru harus berlaku setelah harga terakhir"),
        ({"valid_from": ""}, "tidak boleh kosong"),
    ],
    ids=["fraction", "negative", "before the latest", "no date"],
)
def test_bad_prices_give_a_message_and_write_nothing(
    login, output_officer, facility, product, data, message
):
    make_price(product, dt.date(2025, 7, 1))
    form = {
        "valid_from": "2026-01-01",
        "cost": "6000",
        "public_price": "15000",
        "partner_price": "10000",
    } | data
    response = login(output_officer).post(url("price-add", facility, product.pk), form)
    assert response.status_code == 200
    assert message in response.text
    with scopes_disabled():
        assert ProductPrice.objects.count() == 1


def test_publish_without_a_price_says_why(login, output_officer, facility, product):
    client = login(output_officer)
    response = client.post(url("publish", facility, product.pk), follow=True)
    assert "Tambahkan harga yang berlaku hari ini" in response.text
    with scopes_disabled():
        product.refresh_from_db()
    assert not product.is_published


def test_publish_and_withdraw(login, output_officer, facility, product, today):
    make_price(product, today)
    client = login(output_officer)
    response = client.post(url("publish", facility, product.pk), follow=True)
    assert "Produk kini tampil di katalog publik" in response.text
    with scopes_disabled():
        product.refresh_from_db()
    assert product.is_published
    client.post(url("unpublish", facility, product.pk))
    with scopes_disabled():
        product.refresh_from_db()
    assert not product.is_published
    assert client.get(url("publish", facility, product.pk)).status_code == 405


def test_ekatalog_form(login, output_officer, facility, product):
    client = login(output_officer)
    response = client.post(url("ekatalog", facility, product.pk), {"ekatalog_listed": "on"})
    assert response.status_code == 200 and "Isi nomor acuan" in response.text
    response = client.post(
        url("ekatalog", facility, product.pk),
        {"ekatalog_listed": "on", "ekatalog_reference": "EK-2025-000123"},
    )
    assert response.status_code == 302
    text = client.get(url("detail", facility, product.pk)).text
    assert "EK-2025-000123" in text


def test_history_shows_the_prices(login, head, output_officer, facility, product):
    login(output_officer).post(
        url("price-add", facility, product.pk),
        {"valid_from": "2025-07-01", "cost": "6000", "public_price": "15000", "partner_price": "0"},
    )
    text = login(head).get(url("history", facility, product.pk)).text
    assert "15000" in text
    assert AuditEntry.objects.filter(facility=facility).count() == 1
