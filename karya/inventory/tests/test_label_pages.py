"""The label pages: "Cetak label" from the stock page, the form with its defaults, the PDF, and
who may print (anonymous → login, another unit → 404, pr and security → 403)."""

import pytest
from django.urls import reverse
from django_scopes import scope

from karya.inventory.services import stock_receive
from karya.inventory.tests.conftest import make_location, make_lot, make_product

pytestmark = pytest.mark.django_db


def url(name, facility, *args):
    return reverse(f"inventory:{name}", args=[facility.code, *args])


def receive(facility, actor, location, lot, quantity):
    with scope(facility=[facility.pk]):
        stock_receive(
            actor=actor,
            location=location,
            product=lot.product,
            lot=lot,
            quantity=quantity,
            kind="opening",
        )


@pytest.fixture
def stocked(facility, output_officer, store, lot):
    receive(facility, output_officer, store, lot, 30)
    return lot


@pytest.fixture
def their_lot(other_facility, make_user):
    lot = make_lot(make_product(other_facility), code="L-LAIN-01")
    location = make_location(other_facility, name="Gudang Lain")
    receive(other_facility, make_user("output_officer", facility=other_facility), location, lot, 5)
    return lot


def test_url_names_and_paths(facility, lot):
    assert url("label-form", facility, lot.pk) == f"/upt/LPPWT/stok/lot/{lot.pk}/label/"
    assert url("label-pdf", facility, lot.pk) == f"/upt/LPPWT/stok/lot/{lot.pk}/label/pdf/"


@pytest.mark.parametrize("role", ["officer", "treasurer", "output_officer", "head"])
def test_the_stock_page_offers_labels_per_lot(login, make_user, facility, store, stocked, role):
    client = login(make_user(role, facility=facility))
    page = client.get(url("location-stock", facility, store.pk)).text
    assert "Cetak label" in page
    assert f"{url('label-form', facility, stocked.pk)}?lokasi={store.pk}" in page


def test_goods_without_a_lot_have_no_label_link(login, output_officer, facility, store, broom):
    with scope(facility=[facility.pk]):
        stock_receive(
            actor=output_officer, location=store, product=broom, quantity=3, kind="opening"
        )
    page = login(output_officer).get(url("location-stock", facility, store.pk)).text
    assert "Cetak label" not in page


def test_the_form_offers_one_label_per_unit_at_the_location(
    login, output_officer, facility, store, gallery, stocked
):
    receive(facility, output_officer, gallery, stocked, 7)
    client = login(output_officer)
    page = client.get(url("label-form", facility, stocked.pk), {"lokasi": gallery.pk})
    assert page.status_code == 200
    assert page.context["form"]["jumlah"].value() == 7
    assert page.context["form"]["mulai"].value() == 1
    assert "/telusur/LPPWT/L-2026-001/" in page.text
    assert page.context["stock"] == 7
    everywhere = client.get(url("label-form", facility, stocked.pk))
    assert everywhere.context["form"]["jumlah"].value() == 37


def test_the_default_is_capped_at_240(login, output_officer, facility, store, stocked):
    receive(facility, output_officer, store, stocked, 500)
    page = login(output_officer).get(url("label-form", facility, stocked.pk))
    assert page.context["form"]["jumlah"].value() == 240


def test_the_pdf(login, officer, facility, stocked):
    response = login(officer).get(url("label-pdf", facility, stocked.pk), {"jumlah": "24"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "label-lppwt-l-2026-001.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"jumlah": "0"}, "Jumlah label harus bilangan bulat dari 1 sampai 240."),
        ({"jumlah": "241"}, "Jumlah label harus bilangan bulat dari 1 sampai 240."),
        ({"jumlah": "dua"}, "Jumlah label harus bilangan bulat dari 1 sampai 240."),
        ({"jumlah": ""}, "Jumlah label harus bilangan bulat dari 1 sampai 240."),
        (
            {"jumlah": "5", "mulai": "25"},
            "Posisi label pertama pada lembar harus bilangan bulat dari 1 sampai 24.",
        ),
        (
            {"jumlah": "5", "mulai": "x"},
            "Posisi label pertama pada lembar harus bilangan bulat dari 1 sampai 24.",
        ),
    ],
)
def test_bad_numbers_are_explained_and_no_pdf_is_made(
    login, output_officer, facility, stocked, params, message
):
    response = login(output_officer).get(url("label-pdf", facility, stocked.pk), params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.text


def test_anonymous_is_sent_to_login(client, facility, stocked):
    for name in ("label-form", "label-pdf"):
        response = client.get(url(name, facility, stocked.pk), {"jumlah": "1"})
        assert response.status_code == 302
        assert reverse("accounts:login") in response.url


def test_another_units_user_gets_404(login, make_user, facility, other_facility, stocked):
    stranger = login(make_user("head", facility=other_facility))
    for name in ("label-form", "label-pdf"):
        assert stranger.get(url(name, facility, stocked.pk), {"jumlah": "1"}).status_code == 404


def test_another_units_lot_through_ones_own_unit_is_404(login, head, facility, their_lot):
    client = login(head)
    for name in ("label-form", "label-pdf"):
        response = client.get(url(name, facility, their_lot.pk), {"jumlah": "1"})
        assert response.status_code == 404


def test_another_units_location_through_ones_own_unit_is_404(
    login, head, facility, other_facility, stocked
):
    location = make_location(other_facility, name="Galeri Lain")
    response = login(head).get(url("label-form", facility, stocked.pk), {"lokasi": location.pk})
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["pr", "security"])
def test_roles_without_stock_view_get_403(login, make_user, facility, stocked, role):
    client = login(make_user(role, facility=facility))
    for name in ("label-form", "label-pdf"):
        assert client.get(url(name, facility, stocked.pk), {"jumlah": "1"}).status_code == 403
