import datetime as dt

import pytest
from django_scopes import scope, scopes_disabled

from karya.production.models import Product
from karya.programs.models import Workshop
from karya.tests.factories import InmateFactory


@pytest.fixture
def in_scope(facility):
    with scope(facility=[facility.pk]):
        yield


@pytest.fixture
def product(facility):
    with scopes_disabled():
        return Product.objects.create(
            facility=facility, name="Sapu lidi", category="kerajinan", unit_of_measure="batang"
        )


@pytest.fixture
def workshop(facility, product):
    with scopes_disabled():
        workshop = Workshop.objects.create(
            facility=facility,
            name="Bengkel Sapu",
            sector="kerajinan",
            capacity=3,
            min_security_class="medium",
            allowed_stages=["lanjutan", "akhir"],
            release_margin_days=30,
            working_days=[0, 1, 2, 3, 4, 5],
            sessions=["pagi", "siang"],
        )
        workshop.products.add(product)
        return workshop


@pytest.fixture
def make_inmate(facility):
    def make(**fields):
        fields.setdefault("expected_release", dt.date(2030, 1, 1))
        with scopes_disabled():
            return InmateFactory(facility=facility, **fields)

    return make
