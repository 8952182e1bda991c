"""Consignment test data (seed 002 in miniature): rat traps and lovebird nests made in a
workshop of the unit, in the store; Toko Acun Akuarium with a consignment agreement (traps
Rp 35.000, nests Rp 25.000, 10 % commission) and its stock location; and helpers to send goods
there on a given day and to report sales.

The fixtures of karya/sales/tests/conftest.py (output_officer, store, …) apply here too."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from karya.core.dates import today_in
from karya.inventory.services import stock_receive, stock_transfer
from karya.inventory.tests.conftest import make_lot, make_product
from karya.programs.models import Workshop
from karya.sales.services.consignment import (
    SettlementLineInput,
    consignment_location,
    settlement_submit,
)
from karya.sales.tests.conftest import make_agreement

SHOP = "Toko Acun Akuarium"


@contextmanager
def at(days_ago: int):
    """Moves written inside carry a creation time `days_ago` days back."""
    real_now = timezone.now
    moment = real_now() - dt.timedelta(days=days_ago)
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = real_now


@pytest.fixture
def today(facility):
    return today_in(facility.timezone)


@pytest.fixture
def trap(facility):
    return make_product(facility, name="Perangkap tikus", unit="buah")


@pytest.fixture
def nest(facility):
    return make_product(facility, name="Sarang burung lovebird", unit="buah")


@pytest.fixture
def trap_workshop(facility, trap, nest):
    with scopes_disabled():
        workshop = Workshop.objects.create(
            facility=facility, name="Bengkel Kawat", sector="kerajinan", capacity=20
        )
        workshop.products.set([trap, nest])
    return workshop


@pytest.fixture
def trap_lot(facility, output_officer, store, trap, nest, trap_workshop):
    """144 traps of lot PT-2026-001 (cost Rp 15.000) and 60 nests without lot in the store."""
    lot = make_lot(trap, code="PT-2026-001", produced_on=dt.date(2026, 1, 24))
    with scope(facility=[facility.pk]):
        stock_receive(
            actor=output_officer,
            location=store,
            product=trap,
            lot=lot,
            quantity=144,
            unit_cost=15000,
        )
        stock_receive(
            actor=output_officer, location=store, product=nest, quantity=60, unit_cost=12000
        )
    return lot


@pytest.fixture
def shop_agreement(facility, trap, nest):
    return make_agreement(
        facility,
        schemes=["konsinyasi"],
        name=SHOP,
        prices=[(trap, 35000), (nest, 25000)],
        commission_percent=Decimal(10),
    )


@pytest.fixture
def shop(facility, output_officer, shop_agreement):
    """The shop's stock location."""
    with scope(facility=[facility.pk]):
        return consignment_location(actor=output_officer, partner=shop_agreement.partner)


def consign(actor, source, destination, product, quantity, lot=None, days_ago=0):
    with scope(facility=[source.facility_id]), at(days_ago):
        return stock_transfer(
            actor=actor,
            source=source,
            destination=destination,
            product=product,
            lot=lot,
            quantity=quantity,
        )


@pytest.fixture
def consigned(output_officer, store, shop, trap, nest, trap_lot):
    """100 traps (lot PT-2026-001) and 40 nests at the shop, sent 40 days ago."""
    consign(output_officer, store, shop, trap, 100, trap_lot, days_ago=40)
    consign(output_officer, store, shop, nest, 40, days_ago=40)
    return shop


def report(actor, agreement, lines, *, start, end, by_partner=False, note=""):
    """settlement_submit inside the unit's scope; `lines` are (product, quantity[, lot])."""
    with scope(facility=[agreement.facility_id]):
        return settlement_submit(
            actor=actor,
            agreement=agreement,
            period_start=start,
            period_end=end,
            lines=[SettlementLineInput(*line) for line in lines],
            note=note,
            by_partner=by_partner,
        )


@pytest.fixture
def world(facility, make_user):
    """world(unit) → one of everything of consignment in `unit`, made by an output officer of
    that unit: the shop with its agreement and location holding 20 traps (sent 40 days ago),
    a submitted settlement of 2 of them, a confirmed one of 3, and 1 trap taken back."""
    from karya.inventory.services import stock_receive
    from karya.inventory.tests.conftest import make_location
    from karya.sales.services.consignment import consignment_return, settlement_confirm

    def make(unit=facility, name=SHOP):
        clerk = make_user("output_officer", facility=unit)
        product = make_product(unit, name=f"Perangkap tikus {name}", unit="buah")
        store = make_location(unit, name=f"Gudang {name}")
        agreement = make_agreement(
            unit,
            schemes=["konsinyasi"],
            name=name,
            prices=[(product, 35000)],
            commission_percent=Decimal(10),
        )
        today = today_in(unit.timezone)
        with scope(facility=[unit.pk]):
            stock_receive(actor=clerk, location=store, product=product, quantity=50)
            location = consignment_location(actor=clerk, partner=agreement.partner)
        consign(clerk, store, location, product, 20, days_ago=40)
        confirmed = report(
            clerk,
            agreement,
            [(product, 3)],
            start=today - dt.timedelta(days=40),
            end=today - dt.timedelta(days=21),
        )
        with scope(facility=[unit.pk]):
            confirmed = settlement_confirm(actor=clerk, settlement=confirmed)
            consignment_return(
                actor=clerk, location=location, destination=store, product=product, quantity=1
            )
        submitted = report(
            clerk,
            agreement,
            [(product, 2)],
            start=today - dt.timedelta(days=20),
            end=today - dt.timedelta(days=1),
        )
        return SimpleNamespace(
            clerk=clerk,
            partner=agreement.partner,
            agreement=agreement,
            product=product,
            store=store,
            location=location,
            settlement=submitted,
            confirmed=confirmed,
        )

    return make
