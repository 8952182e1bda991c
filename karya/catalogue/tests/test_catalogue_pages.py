"""The national catalogue, a product's page, a unit's page, as an anonymous visitor sees them:
only published, active products; search, filters, sort, pages; a fixed number of queries."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.catalogue.tests.conftest import make_product

pytestmark = pytest.mark.django_db


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def product_url(product):
    from django.utils.text import slugify

    return reverse(
        "catalogue:product", args=[product.facility.code, product.pk, slugify(product.name)]
    )


def test_the_catalogue_shows_published_products_of_every_unit(client, world):
    html = page(client, "/katalog/")
    assert "Sapu lidi" in html and "Sapu lakop" in html and "Miniatur perahu" in html
    assert "Rp 15.000" in html and "Lapas Kelas IIA Pamekasan" in html
    for hidden in ("Kain batik rahasia", "Keset lama", "Produk belum terbit"):
        assert hidden not in html
    assert "3 produk" in html


def test_search_filters_and_sort(client, world, far_facility):
    assert "Sapu lakop" not in page(client, "/katalog/", q="lidi")
    assert "Sapu lidi" in page(client, "/katalog/", q="LIDI kelapa")  # words of the description
    html = page(client, "/katalog/", wilayah=far_facility.region.code)
    assert "Miniatur perahu" in html and "Sapu lidi" not in html
    html = page(client, "/katalog/", upt="LPPWT")
    assert "Sapu lidi" in html and "Miniatur perahu" not in html
    html = page(client, "/katalog/", kategori="kerajinan", urut="harga-tertinggi")
    assert html.index("Miniatur perahu") < html.index("Sapu lakop") < html.index("Sapu lidi")
    html = page(client, "/katalog/", urut="harga-terendah")
    assert html.index("Sapu lidi") < html.index("Sapu lakop") < html.index("Miniatur perahu")
    html = page(client, "/katalog/", urut="terbaru")  # the latest added first
    assert html.index("Miniatur perahu") < html.index("Sapu lidi")
    # Unknown filter values are ignored, never an error.
    assert "Sapu lidi" in page(client, "/katalog/", kategori="nope", urut="x", halaman="abc")
    assert "Tidak ada produk yang cocok" in page(client, "/katalog/", q="zzzz")


def test_pages_of_the_catalogue(client, facility):
    with scopes_disabled():
        for n in range(30):
            make_product(facility, f"Produk {n:02d}", price=1000 + n)
    first = page(client, "/katalog/", urut="nama")
    assert "Produk 00" in first and "Produk 29" not in first and "Halaman 1 dari 2" in first
    second = page(client, "/katalog/", urut="nama", halaman=2)
    assert "Produk 29" in second and "Produk 00" not in second


def test_the_catalogue_takes_a_fixed_number_of_queries(
    client, facility, django_assert_max_num_queries
):
    with scopes_disabled():
        for n in range(3):
            make_product(facility, f"Awal {n}", photo=True)
    with django_assert_max_num_queries(12):
        client.get("/katalog/")
    with scopes_disabled():
        for n in range(20):
            make_product(facility, f"Lagi {n}", photo=True)
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(12):
        html = client.get("/katalog/").content.decode()
    assert "Lagi 19" in html


def test_a_product_page_says_how_to_buy_it(client, world):
    html = page(client, product_url(world.broom))
    assert "<h1>Sapu lidi</h1>" in html
    assert "Rp 15.000 / batang" in html and "Tersedia" in html
    assert "Di galeri Lapas Kelas IIA Purwokerto" in html
    assert "Toko Acun Akuarium" in html
    assert 'property="og:title"' in html and 'property="og:image"' in html
    assert "<title>Sapu lidi · Lapas Purwokerto" in html
    assert 'name="description" content="Sapu lidi kelapa pilihan' in html
    assert reverse("catalogue:trace", args=["LPPWT", world.lot.code]) in html


def test_a_product_without_stock_can_still_be_ordered(client, world):
    html = page(client, product_url(world.lakop))
    assert "Habis, dapat dipesan" in html and "Toko Acun" not in html


def test_hidden_products_answer_a_friendly_404(client, world):
    for product in (world.secret, world.retired, world.neighbour_secret):
        response = client.get(product_url(product))
        assert response.status_code == 404
        assert "Jelajahi katalog" in response.content.decode()
    # Another unit's code in the address of our product: not found either.
    url = reverse("catalogue:product", args=["LPPMK", world.broom.pk, "sapu-lidi"])
    assert client.get(url).status_code == 404


def test_a_wrong_slug_redirects_to_the_product(client, world):
    url = reverse("catalogue:product", args=["LPPWT", world.broom.pk, "nama-lama"])
    response = client.get(url)
    assert response.status_code == 301 and response.url == product_url(world.broom)


def test_the_unit_page_shows_its_products_and_published_news(client, world):
    html = page(client, "/katalog/LPPWT/")
    assert "<h1>Lapas Kelas IIA Purwokerto</h1>" in html
    assert "Sapu lidi" in html and "Miniatur perahu" not in html
    assert world.published.title in html
    assert world.draft.title not in html and "Kain batik rahasia" not in html
    assert client.get("/katalog/NOPE/").status_code == 404
    assert client.get("/katalog/lppwt/").status_code == 301


def test_the_unit_page_takes_a_fixed_number_of_queries(
    client, world, facility, django_assert_max_num_queries
):
    with scopes_disabled():
        for n in range(15):
            make_product(facility, f"Produk {n}", photo=True)
    with django_assert_max_num_queries(10):
        client.get("/katalog/LPPWT/")


def test_public_pages_are_cached_and_emptied_by_a_change(client, world):
    first = client.get("/katalog/")
    assert "X-Karya-Cache" not in first
    again = client.get("/katalog/")
    assert again["X-Karya-Cache"] == "hit" and again.content == first.content
    assert "public" in again["Cache-Control"]
    with scopes_disabled():
        world.lakop.is_published = False
        world.lakop.save()
    fresh = client.get("/katalog/")
    assert "X-Karya-Cache" not in fresh and "Sapu lakop" not in fresh.content.decode()


def test_staff_always_get_a_fresh_page(login, officer, world):
    client = login(officer)
    client.get("/katalog/")
    assert "X-Karya-Cache" not in client.get("/katalog/")
    assert "Halaman kerja" in client.get("/katalog/").content.decode()


def test_photos_come_in_phone_sizes(client, world, media):
    with scopes_disabled():
        photo = world.broom.photos.get()
    response = client.get(reverse("catalogue:photo", args=[photo.pk, 320]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(b"".join(response.streaming_content)))
    assert image.size == (320, 240)
    assert list(media.glob("public/320/products/*/*.jpg"))
    assert client.get(reverse("catalogue:photo", args=[photo.pk, 500])).status_code == 404
    with scopes_disabled():
        world.broom.is_published = False
        world.broom.save()
    assert client.get(reverse("catalogue:photo", args=[photo.pk, 320])).status_code == 404


def test_robots_and_sitemap(client, world):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /upt/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml").content.decode()
    assert product_url(world.broom) in sitemap and "/katalog/LPPWT/" in sitemap
    assert "/berita/LPPWT/" in sitemap
    assert "/katalog/LPNPWT/" not in sitemap  # the neighbour shows nothing
    assert str(world.secret.pk) + "-kain" not in sitemap


def test_the_language_switch_is_a_link(client, world):
    response = client.get("/katalog/bahasa/en/", {"next": "/katalog/"})
    assert response.status_code == 302 and response.url == "/katalog/"
    assert "Catalogue of the inmates" in client.get("/katalog/").content.decode()
    response = client.get("/katalog/bahasa/en/", {"next": "https://evil.example/"})
    assert response.url == "/katalog/"


def test_prices_follow_their_dates(client, facility):
    from decimal import Decimal

    from karya.production.models import ProductPrice

    with scopes_disabled():
        product = make_product(facility, "Tikar", price=100000)
        ProductPrice.objects.create(
            facility=facility,
            product=product,
            valid_from=dt.date(2099, 1, 1),
            cost=Decimal(1),
            public_price=Decimal(999000),
            partner_price=Decimal(1),
        )
    html = page(client, product_url(product))
    assert "Rp 100.000" in html and "999.000" not in html


def test_anonymous_start_page_links_to_the_catalogue(world):
    html = Client().get("/").content.decode()
    assert 'href="/katalog/"' in html
