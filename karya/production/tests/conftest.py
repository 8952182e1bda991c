"""Fixtures of the catalogue tests: products of two units, prices, photos in a temporary
MEDIA_ROOT, and images built with Pillow."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import override_settings
from django_scopes import scope, scopes_disabled
from PIL import Image

from karya.core.dates import today_in
from karya.production.models import Product, ProductPhoto, ProductPrice


@pytest.fixture(autouse=True)
def media(tmp_path):
    """Every test of the app writes its photos into its own temporary MEDIA_ROOT."""
    root = tmp_path / "media"
    with override_settings(MEDIA_ROOT=root):
        yield root


@pytest.fixture
def in_scope(facility):
    with scope(facility=[facility.pk]):
        yield


@pytest.fixture
def today(facility):
    return today_in(facility.timezone)


@pytest.fixture
def output_officer(make_user, facility):
    return make_user("output_officer", facility=facility, username="hasilkerja")


def make_product(facility, name="Sapu lidi", **fields):
    values = {"category": "kerajinan", "unit_of_measure": "batang"} | fields
    with scopes_disabled():
        return Product.objects.create(facility=facility, name=name, **values)


def make_price(product, valid_from, public=15000, partner=10000, cost=6000):
    with scopes_disabled():
        return ProductPrice.objects.create(
            facility_id=product.facility_id,
            product=product,
            valid_from=valid_from,
            cost=Decimal(cost),
            public_price=Decimal(public),
            partner_price=Decimal(partner),
        )


def make_photo(product, name="products/x/abc.jpg", position=0):
    with scopes_disabled():
        return ProductPhoto.objects.create(
            facility_id=product.facility_id,
            product=product,
            image=name,
            width=10,
            height=10,
            position=position,
        )


@pytest.fixture
def product(facility):
    return make_product(facility)


@pytest.fixture
def food(facility):
    return make_product(facility, "Kue kering", category="kuliner", unit_of_measure="paket")


@pytest.fixture
def theirs(other_facility):
    """Another unit's product, with a price and a photo."""
    product = make_product(other_facility, "Perangkap tikus", unit_of_measure="buah")
    make_price(product, dt.date(2025, 7, 1))
    return product


def jpeg_bytes(size=(64, 48), color=(200, 30, 30), exif=None, **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG", exif=exif or b"", **save)
    return out.getvalue()


def gps_exif(orientation: int | None = None) -> Image.Exif:
    """EXIF with a GPS position (somewhere in Purwokerto), a camera and, optionally, an
    orientation."""
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"  # Make
    exif[0x0110] = "Model X"  # Model
    if orientation:
        exif[0x0112] = orientation
    gps = {1: "S", 2: (7.0, 25.0, 30.0), 3: "E", 4: (109.0, 14.0, 5.0)}
    exif[0x8825] = gps  # GPSInfo
    return exif


# --- materials and production orders --------------------------------------------------------


@pytest.fixture
def workshop(facility, product):
    """A workshop of the unit making the `product` (sapu lidi)."""
    from karya.programs.models import Workshop

    with scopes_disabled():
        place = Workshop.objects.create(
            facility=facility, name="Bengkel Sapu", sector="kerajinan", capacity=10
        )
        place.products.add(product)
    return place


@pytest.fixture
def store(facility):
    from karya.inventory.models import StockLocation

    with scopes_disabled():
        return StockLocation.objects.create(facility=facility, name="Gudang Produksi", kind="store")


@pytest.fixture
def lidi(facility, officer):
    """Own material with 10 kg bought at Rp 7.000 and 10 kg at Rp 8.000 (average 7.500)."""
    from karya.production import services

    with scope(facility=[facility.pk]):
        material = services.material_create(
            actor=officer, facility=facility, name="Lidi", unit_of_measure="kg", owner="own"
        )
        for price in (7000, 8000):
            services.material_purchase(
                actor=officer,
                material=material,
                quantity="10",
                unit_price=price,
                supplier="UD Tani",
            )
        material.refresh_from_db()
    return material


@pytest.fixture
def mori(facility, officer):
    """Partner-supplied material: 50 m of mori cloth from CV Rajasa Mas Jaya."""
    from karya.production import services

    with scope(facility=[facility.pk]):
        material = services.material_create(
            actor=officer,
            facility=facility,
            name="Kain mori",
            unit_of_measure="meter",
            owner="partner",
            partner_name="CV Rajasa Mas Jaya",
        )
        services.material_supply(actor=officer, material=material, quantity=50)
        material.refresh_from_db()
    return material


@pytest.fixture
def make_order(facility, officer, workshop, product, today):
    """make_order(status="planned", **fields) → an order of 100 sapu lidi through the services."""
    from karya.production import services

    def make(status="planned", **fields):
        values = {
            "workshop": workshop,
            "product": product,
            "planned_quantity": 100,
            "start_date": today,
            "due_date": today + dt.timedelta(days=7),
        } | fields
        with scope(facility=[facility.pk]):
            order = services.order_plan(actor=officer, facility=facility, **values)
            if status in {"in_progress", "finished"}:
                order = services.order_start(actor=officer, order=order)
        return order

    return make
