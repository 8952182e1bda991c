"""Test data of the counter (no tests here): a gallery holding brooms in two lots and lakop
without a lot, a bazaar stand, car and motorbike wash services, and the public prices.

The `counter` fixture is made available by karya/sales/tests/conftest.py and
karya/api/tests/conftest.py; it makes its own products, workshop and output officer (do not
use it with the sales conftest's `broom`, `lakop` and `workshop`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db.models import Sum
from django_scopes import scope, scopes_disabled

from karya.inventory.models import StockBalance
from karya.inventory.services import stock_receive
from karya.inventory.tests.conftest import make_location, make_lot, make_product
from karya.production.models import ProductPrice
from karya.programs.models import Workshop
from karya.sales.models import Payment, PaymentAllocation, Sale

PRICES_FROM = dt.date(2025, 7, 1)
PRICES = {"Sapu lidi": 15000, "Sapu lakop": 25000, "Cuci mobil": 40000, "Cuci motor": 15000}


@dataclass
class Counter:
    officer: object
    workshop: object
    gallery: object
    bazaar: object
    broom: object
    lakop: object
    car_wash: object
    bike_wash: object
    old_lot: object
    new_lot: object


def add_price(product, public, valid_from=PRICES_FROM, cost=0):
    with scopes_disabled():
        return ProductPrice.objects.create(
            facility_id=product.facility_id,
            product=product,
            valid_from=valid_from,
            cost=Decimal(cost),
            public_price=Decimal(public),
            partner_price=Decimal(public),
        )


def held(location, product, lot=None) -> int:
    """Units of the product at the location, in every lot (or in `lot` only when given)."""
    with scopes_disabled():
        rows = StockBalance.objects.filter(location=location, product=product)
        if lot is not None:
            rows = rows.filter(lot=lot)
        return rows.aggregate(total=Sum("quantity"))["total"] or 0


def money_rows() -> tuple[int, int, int]:
    """(sales, payments, allocations) in the database."""
    with scopes_disabled():
        return Sale.objects.count(), Payment.objects.count(), PaymentAllocation.objects.count()


@pytest.fixture
def counter(facility, make_user) -> Counter:
    """See `make_counter`."""
    return make_counter(facility, make_user)


def make_counter(facility, make_user) -> Counter:
    """The gallery holds 5 brooms of the older lot, 20 of the newer and 10 lakop (no lot);
    the brooms and lakop are made by one workshop. `officer` is the unit's output officer."""
    output_officer = make_user("output_officer", facility=facility, username="hasilkerja")
    broom = make_product(facility)
    lakop = make_product(facility, name="Sapu lakop", unit="buah")
    with scopes_disabled():
        workshop = Workshop.objects.create(
            facility=facility, name="Bengkel Sapu", sector="kerajinan", capacity=20
        )
        workshop.products.set([broom, lakop])
    gallery = make_location(facility, name="Galeri", kind="gallery")
    bazaar = make_location(facility, name="Stan Bazar", kind="other")
    car_wash = make_product(facility, name="Cuci mobil", unit="kali", category="jasa")
    bike_wash = make_product(facility, name="Cuci motor", unit="kali", category="jasa")
    old_lot = make_lot(broom, code="L-2026-001", produced_on=dt.date(2026, 1, 10))
    new_lot = make_lot(broom, code="L-2026-002", produced_on=dt.date(2026, 1, 20))
    for product in (broom, lakop, car_wash, bike_wash):
        add_price(product, PRICES[product.name], cost=1000)
    with scope(facility=[facility.pk]):
        for product, lot, quantity, cost in (
            (broom, new_lot, 20, 1300),
            (broom, old_lot, 5, 1200),
            (lakop, None, 10, 5000),
        ):
            stock_receive(
                actor=output_officer,
                location=gallery,
                product=product,
                lot=lot,
                quantity=quantity,
                kind="produced" if lot else "opening",
                unit_cost=cost,
            )
    return Counter(
        output_officer,
        workshop,
        gallery,
        bazaar,
        broom,
        lakop,
        car_wash,
        bike_wash,
        old_lot,
        new_lot,
    )
