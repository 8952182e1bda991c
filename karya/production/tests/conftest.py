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
