"""Stock test data: products, a store and a gallery, a lot; and a helper that checks the
ledger's invariant (every balance is the sum of its moves)."""

import datetime as dt

import pytest
from django.db.models import Sum
from django_scopes import scope, scopes_disabled

from karya.inventory.models import Lot, StockBalance, StockLocation, StockMove
from karya.production.models import Product


def make_product(facility, name="Sapu lidi", unit="batang", category="kerajinan"):
    with scopes_disabled():
        return Product.objects.create(
            facility=facility, name=name, category=category, unit_of_measure=unit
        )


def make_location(facility, name="Gudang Produksi", kind="store", **fields):
    with scopes_disabled():
        return StockLocation.objects.create(facility=facility, name=name, kind=kind, **fields)


def make_lot(product, code="L-2026-001", produced_on=dt.date(2026, 1, 20), **fields):
    with scopes_disabled():
        return Lot.objects.create(
            facility_id=product.facility_id,
            product=product,
            code=code,
            produced_on=produced_on,
            **fields,
        )


def ledger_problems(facility) -> list[str]:
    """Every (location, product, lot) whose balance differs from the sum of its moves, or
    whose balance is negative; empty when the ledger is consistent."""
    with scopes_disabled():
        sums = {
            (r["location_id"], r["product_id"], r["lot_id"]): r["total"]
            for r in StockMove.objects.filter(facility=facility)
            .values("location_id", "product_id", "lot_id")
            .annotate(total=Sum("quantity"))
        }
        balances = {
            (b.location_id, b.product_id, b.lot_id): b.quantity
            for b in StockBalance.objects.filter(facility=facility)
        }
    problems = []
    for key in set(sums) | set(balances):
        if sums.get(key, 0) != balances.get(key, 0):
            problems.append(f"{key}: moves {sums.get(key, 0)} ≠ balance {balances.get(key, 0)}")
        if balances.get(key, 0) < 0:
            problems.append(f"{key}: negative balance")
    return problems


def quantity_at(location, product, lot=None) -> int:
    with scopes_disabled():
        row = StockBalance.objects.filter(location=location, product=product, lot=lot).first()
    return row.quantity if row else 0


@pytest.fixture
def in_scope(facility):
    with scope(facility=[facility.pk]):
        yield


@pytest.fixture
def output_officer(make_user, facility):
    return make_user("output_officer", facility=facility, username="hasilkerja")


@pytest.fixture
def broom(facility):
    return make_product(facility)


@pytest.fixture
def mat(facility):
    return make_product(facility, name="Tikar anyaman pandan", unit="lembar", category="anyaman")


@pytest.fixture
def store(facility):
    return make_location(facility)


@pytest.fixture
def gallery(facility):
    return make_location(facility, name="Galeri", kind="gallery")


@pytest.fixture
def lot(broom):
    return make_lot(broom)
