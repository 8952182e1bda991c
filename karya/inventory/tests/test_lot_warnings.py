"""Lots in stock near or past their expiry date warn on the product pages."""

import datetime as dt

import pytest
from django.urls import reverse

from karya.core.dates import today_in
from karya.inventory.services import stock_receive, stock_take
from karya.inventory.tests.conftest import make_lot
from karya.production.warnings import product_warnings

pytestmark = pytest.mark.django_db


def test_expiring_and_expired_lots_in_stock_warn(in_scope, facility, officer, broom, store):
    today = today_in(facility.timezone)
    soon = make_lot(
        broom,
        code="KUE-SOON",
        produced_on=today - dt.timedelta(days=10),
        expires_on=today + dt.timedelta(days=5),
    )
    past = make_lot(
        broom,
        code="KUE-PAST",
        produced_on=today - dt.timedelta(days=60),
        expires_on=today - dt.timedelta(days=1),
    )
    later = make_lot(
        broom, code="KUE-LATER", produced_on=today, expires_on=today + dt.timedelta(days=90)
    )
    for lot in (soon, past, later):
        stock_receive(
            actor=officer,
            location=store,
            product=broom,
            quantity=10,
            lot=lot,
            kind="opening",
            unit_cost=1000,
        )
    warnings = {w.kind: w for w in product_warnings(facility=facility, today=today)}
    assert set(warnings) == {"lot_expiring", "lot_expired"}
    assert "KUE-SOON" in warnings["lot_expiring"].message
    assert "5 hari" in warnings["lot_expiring"].message
    assert warnings["lot_expired"].expired


def test_a_lot_no_longer_in_stock_does_not_warn(in_scope, facility, officer, broom, store):
    today = today_in(facility.timezone)
    lot = make_lot(
        broom,
        code="KUE-GONE",
        produced_on=today - dt.timedelta(days=10),
        expires_on=today + dt.timedelta(days=2),
    )
    stock_receive(
        actor=officer,
        location=store,
        product=broom,
        quantity=3,
        lot=lot,
        kind="opening",
        unit_cost=1000,
    )
    stock_take(actor=officer, location=store, product=broom, quantity=3, lot=lot, kind="sold")
    assert list(product_warnings(facility=facility, today=today)) == []


def test_the_product_list_shows_the_warning(login, officer, facility, broom, store):
    from django_scopes import scope

    today = today_in(facility.timezone)
    with scope(facility=[facility.pk]):
        lot = make_lot(
            broom, code="KUE-SOON", produced_on=today, expires_on=today + dt.timedelta(days=3)
        )
        stock_receive(
            actor=officer,
            location=store,
            product=broom,
            quantity=4,
            lot=lot,
            kind="opening",
            unit_cost=1000,
        )
    page = login(officer).get(reverse("production:product-list", args=[facility.code]))
    assert "KUE-SOON" in page.text
