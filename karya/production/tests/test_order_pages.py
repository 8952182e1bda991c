"""Pages of materials and production orders: who may see and do what, bad input, the order's
life through the forms, and the list's query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.inventory.models import StockMove
from karya.production.models import Material, MaterialMove, ProductionOrder

CODE = "LPPWT"


@pytest.fixture
def order(make_order):
    return make_order()


@pytest.fixture
def their_order(other_facility, make_user):
    """An order of another unit (made with scopes disabled)."""
    from karya.production.tests.conftest import make_product
    from karya.programs.models import Workshop

    product = make_product(other_facility, "Perangkap tikus", unit_of_measure="buah")
    with scopes_disabled():
        place = Workshop.objects.create(
            facility=other_facility, name="Bengkel Tikus", sector="kerajinan", capacity=3
        )
        place.products.add(product)
        return ProductionOrder.objects.create(
            facility=other_facility,
            number="PO/LPNPWT/2026/0001",
            workshop=place,
            product=product,
            planned_quantity=5,
            start_date=dt.date(2026, 1, 1),
            due_date=dt.date(2026, 1, 5),
            material_source="own",
        )


def _pages(order, lidi):
    return {
        "material-list": (reverse("production:material-list", args=[CODE]), "read"),
        "material-detail": (reverse("production:material-detail", args=[CODE, lidi.pk]), "read"),
        "material-create": (reverse("production:material-create", args=[CODE]), "material"),
        "material-purchase": (
            reverse("production:material-purchase", args=[CODE, lidi.pk]),
            "material",
        ),
        "material-supply": (
            reverse("production:material-supply", args=[CODE, lidi.pk]),
            "material",
        ),
        "order-list": (reverse("production:order-list", args=[CODE]), "read"),
        "order-detail": (reverse("production:order-detail", args=[CODE, order.pk]), "read"),
        "order-plan": (reverse("production:order-plan", args=[CODE]), "order"),
        "order-consume": (reverse("production:order-consume", args=[CODE, order.pk]), "order"),
        "order-finish": (reverse("production:order-finish", args=[CODE, order.pk]), "order"),
        "order-cancel": (reverse("production:order-cancel", args=[CODE, order.pk]), "order"),
        "order-officers": (reverse("production:order-officers", args=[CODE, order.pk]), "order"),
    }


PAGES = [
    "material-list",
    "material-detail",
    "material-create",
    "material-purchase",
    "material-supply",
    "order-list",
    "order-detail",
    "order-plan",
    "order-consume",
    "order-finish",
    "order-cancel",
    "order-officers",
]


@pytest.mark.parametrize("name", PAGES)
def test_page_access(name, client, login, make_user, facility, other_facility, order, lidi):
    url, need = _pages(order, lidi)[name]
    assert client.get(url).status_code == 302  # anonymous → login
    stranger = make_user("officer", facility=other_facility, username="luar")
    assert login(stranger).get(url).status_code == 404
    for role in ("pr", "security"):
        user = make_user(role, facility=facility, username=f"u-{role}")
        assert login(user).get(url).status_code == 403
    treasurer = make_user("treasurer", facility=facility, username="bendahara")
    assert login(treasurer).get(url).status_code == (200 if need == "read" else 403)
    output_officer = make_user("output_officer", facility=facility, username="hasil")
    expected = 200 if need in {"read", "material"} else 403
    assert login(output_officer).get(url).status_code == expected
    officer = make_user("officer", facility=facility, username="petugas2")
    assert login(officer).get(url).status_code == 200


@pytest.mark.parametrize("suffix", ["", "mulai/", "bahan/", "selesai/", "batal/", "petugas/"])
def test_another_units_order_is_not_found_through_our_url(login, officer, their_order, suffix):
    url = reverse("production:order-detail", args=[CODE, their_order.pk]) + suffix
    client = login(officer)
    assert client.get(url).status_code in {404, 405}
    assert client.post(url, {"reason": "x"}).status_code == (405 if suffix == "" else 404)


def test_another_units_material_is_not_found(login, officer, other_facility):
    with scopes_disabled():
        theirs = Material.objects.create(
            facility=other_facility, name="Kawat", unit_of_measure="kg", owner="own"
        )
    client = login(officer)
    for name in ("material-detail", "material-purchase", "material-supply"):
        assert client.get(reverse(f"production:{name}", args=[CODE, theirs.pk])).status_code == 404


def test_order_list_query_count_does_not_grow(login, officer, make_order):
    client = login(officer)
    url = reverse("production:order-list", args=[CODE])
    make_order()
    client.get(url)  # the session remembers the unit on the first visit
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(5):
        make_order()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert response.content.decode().count("PO/LPPWT/") == 6


def test_material_list_shows_value_and_partner_material_unvalued(login, officer, lidi, mori):
    html = login(officer).get(reverse("production:material-list", args=[CODE])).content.decode()
    assert "Rp 150.000" in html
    assert "Kain mori" in html and "CV Rajasa Mas Jaya" in html


def test_bad_purchase_shows_an_indonesian_message_and_writes_nothing(login, officer, lidi):
    client = login(officer)
    client.cookies["django_language"] = "id"
    with scopes_disabled():
        count = MaterialMove.objects.count()
    response = client.post(
        reverse("production:material-purchase", args=[CODE, lidi.pk]),
        {"quantity": "-3", "unit_price": "7000", "supplier": "UD Tani"},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 200
    assert "Isi jumlah berupa angka di atas nol." in response.content.decode()
    with scopes_disabled():
        assert MaterialMove.objects.count() == count


def test_order_through_the_forms(login, officer, facility, workshop, product, lidi, store, today):
    client = login(officer)
    response = client.post(
        reverse("production:order-plan", args=[CODE]),
        {
            "workshop": workshop.pk,
            "product": product.pk,
            "planned_quantity": 50,
            "start_date": today.isoformat(),
            "due_date": today.isoformat(),
            "material_source": "own",
            "planning_officer": officer.pk,
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        order = ProductionOrder.objects.get()
    detail = reverse("production:order-detail", args=[CODE, order.pk])
    assert response["Location"] == detail
    client.post(reverse("production:order-start", args=[CODE, order.pk]))
    response = client.post(
        reverse("production:order-consume", args=[CODE, order.pk]),
        {"material": lidi.pk, "quantity": "2,5"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("production:order-finish", args=[CODE, order.pk]),
        {"location": store.pk, "good_quantity": 48, "rejected_quantity": 2},
    )
    assert response.status_code == 302
    html = client.get(detail).content.decode()
    assert f"SAPU-LIDI-{today:%Y%m%d}-1" in html
    with scopes_disabled():
        assert StockMove.objects.get(kind="produced").quantity == 48


def test_due_before_start_is_refused_with_a_message(login, officer, workshop, product, today):
    client = login(officer)
    response = client.post(
        reverse("production:order-plan", args=[CODE]),
        {
            "workshop": workshop.pk,
            "product": product.pk,
            "planned_quantity": 5,
            "start_date": today.isoformat(),
            "due_date": (today - dt.timedelta(days=1)).isoformat(),
            "material_source": "own",
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 200
    assert "Tanggal target tidak boleh sebelum tanggal mulai" in response.content.decode()
    with scopes_disabled():
        assert not ProductionOrder.objects.exists()


def test_a_finished_order_cannot_be_cancelled(login, officer, make_order, store):
    from django_scopes import scope

    from karya.production import services

    order = make_order("in_progress")
    with scope(facility=[order.facility_id]):
        services.order_finish(actor=officer, order=order, location=store, good_quantity=1)
    response = login(officer).post(
        reverse("production:order-cancel", args=[CODE, order.pk]),
        {"reason": "salah"},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 200
    assert "tidak dapat dibatalkan" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "finished"
