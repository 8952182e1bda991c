"""Sales test data: an output officer and a treasurer of the unit, a store and a gallery with
brooms in stock, a workshop that makes them, and a partner with an agreement per scheme."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from karya.inventory.services import stock_receive
from karya.inventory.tests.conftest import make_location, make_lot, make_product
from karya.partners.models import Agreement, AgreementProduct, Partner
from karya.programs.models import Workshop

PICK_UP = dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC)  # 09.40 WIB


@pytest.fixture(autouse=True)
def english():
    """Service messages are matched in English here (the Indonesian ones are checked by the
    translation tests and the page tests)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def split_rule(national_split_rule):
    """Payments are split by a rule (karya.finance): one national rule applies throughout."""
    return national_split_rule


@pytest.fixture
def in_scope(facility):
    with scope(facility=[facility.pk]):
        yield


@pytest.fixture
def output_officer(make_user, facility):
    return make_user("output_officer", facility=facility, username="hasilkerja")


@pytest.fixture
def treasurer(make_user, facility):
    return make_user("treasurer", facility=facility, username="bendahara")


@pytest.fixture
def broom(facility):
    return make_product(facility)


@pytest.fixture
def lakop(facility):
    return make_product(facility, name="Sapu lakop", unit="buah")


@pytest.fixture
def workshop(facility, broom, lakop):
    with scopes_disabled():
        workshop = Workshop.objects.create(
            facility=facility, name="Bengkel Sapu", sector="kerajinan", capacity=20
        )
        workshop.products.set([broom, lakop])
    return workshop


@pytest.fixture
def store(facility):
    return make_location(facility)


@pytest.fixture
def gallery(facility):
    return make_location(facility, name="Galeri", kind="gallery")


@pytest.fixture
def stocked(facility, output_officer, store, broom, lakop, workshop):
    """1,500 brooms (lot L-2026-001, cost Rp 1.200) and 400 lakop in the store."""
    lot = make_lot(broom)
    with scope(facility=[facility.pk]):
        stock_receive(
            actor=output_officer,
            location=store,
            product=broom,
            lot=lot,
            quantity=1500,
            unit_cost=1200,
        )
        stock_receive(
            actor=output_officer, location=store, product=lakop, quantity=400, unit_cost=5000
        )
    return lot


def make_agreement(facility, *, schemes, name="CV. Pusat Handicraft", prices=(), **fields):
    """A partner of the unit with a PKS agreement under `schemes` and agreed prices
    [(product, price), …] (written directly; the tests are about sales)."""
    with scopes_disabled():
        partner, _ = Partner.objects.get_or_create(
            facility=facility, legal_name=name, defaults={"legal_form": "CV"}
        )
        agreement = Agreement.objects.create(
            facility=facility,
            partner=partner,
            title=f"PKS {name}",
            schemes=list(schemes),
            status="PKS",
            pks_signed_on=dt.date(2025, 10, 1),
            start_date=dt.date(2025, 10, 1),
            end_date=dt.date(2030, 9, 30),
            **fields,
        )
        for product, price in prices:
            AgreementProduct.objects.create(
                facility=facility, agreement=agreement, product=product, agreed_price=Decimal(price)
            )
    return agreement


# Handovers (BAST): an agreement under the three handover schemes and a draft maker.
from karya.sales.tests.handover_fixtures import agreement, make_draft  # noqa: E402, F401
