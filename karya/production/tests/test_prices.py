"""Dated prices: append-only, whole rupiah, never negative; a new price starts after the
latest; the price valid on a date is the latest one dated on or before it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.errors import DomainError
from karya.production.models import AppendOnlyError, ProductPrice
from karya.production.selectors import price_on
from karya.production.services import product_price_add, product_publish
from karya.production.services.prices import PRICE_AHEAD_DAYS
from karya.production.tests.conftest import make_price

pytestmark = pytest.mark.django_db
JULY = dt.date(2025, 7, 1)


def add(actor, product, valid_from=JULY, cost=6000, public=15000, partner=10000):
    return product_price_add(
        actor=actor,
        product=product,
        valid_from=valid_from,
        cost=cost,
        public_price=public,
        partner_price=partner,
    )


def test_add_a_price_in_whole_rupiah_with_an_audit_row(in_scope, output_officer, product):
    price = add(output_officer, product, cost="6000", public=Decimal("15000"), partner=10000)
    price.refresh_from_db()
    assert (price.cost, price.public_price, price.partner_price) == (6000, 15000, 10000)
    assert isinstance(price.public_price, Decimal)
    assert price.created_by == output_officer and price.facility_id == product.facility_id
    entry = AuditEntry.objects.get(object_id=str(price.pk))
    assert entry.changes["public_price"] == [None, "15000"]


def test_price_on_a_date_is_the_latest_dated_on_or_before_it(in_scope, output_officer, product):
    assert price_on(product, JULY) is None
    add(output_officer, product, JULY, public=15000)
    add(output_officer, product, dt.date(2026, 1, 1), public=17500)
    assert price_on(product, dt.date(2025, 6, 30)) is None
    assert price_on(product, JULY).public_price == 15000
    assert price_on(product, dt.date(2025, 12, 31)).public_price == 15000
    assert price_on(product, dt.date(2026, 1, 1)).public_price == 17500
    assert price_on(product, dt.date(2030, 1, 1)).public_price == 17500


@pytest.mark.parametrize(
    "valid_from", [JULY, dt.date(2025, 6, 1)], ids=["same date", "before the latest"]
)
def test_a_new_price_must_start_after_the_latest(in_scope, output_officer, product, valid_from):
    add(output_officer, product, JULY)
    with pytest.raises(DomainError) as caught:
        add(output_officer, product, valid_from, public=1)
    assert caught.value.code == "price_not_after_latest" and caught.value.field == "valid_from"
    assert ProductPrice.objects.count() == 1


def test_a_price_is_announced_at_most_a_year_ahead(in_scope, output_officer, product, today):
    add(output_officer, product, today + dt.timedelta(days=PRICE_AHEAD_DAYS))
    with pytest.raises(DomainError) as caught:
        add(output_officer, product, today + dt.timedelta(days=PRICE_AHEAD_DAYS + 1))
    assert caught.value.field == "valid_from"


@pytest.mark.parametrize(
    ("field", "amounts"),
    [
        ("cost", {"cost": -1}),
        ("public_price", {"public": "-15000"}),
        ("partner_price", {"partner": Decimal("-0.6")}),
        ("cost", {"cost": 1.5}),
        ("public_price", {"public": "lima ribu"}),
        ("partner_price", {"partner": 10**14}),
    ],
    ids=["negative cost", "negative public", "rounds to -1", "float", "words", "too large"],
)
def test_bad_amounts_are_refused(in_scope, output_officer, product, field, amounts):
    with pytest.raises(DomainError) as caught:
        add(output_officer, product, **amounts)
    assert caught.value.field == field
    assert not ProductPrice.objects.exists()


def test_zero_is_a_price_but_a_published_product_keeps_a_public_price(
    in_scope, output_officer, product, today
):
    add(output_officer, product, today - dt.timedelta(days=1), cost=0, public=0, partner=0)
    add(output_officer, product, today, public=15000)
    product_publish(actor=output_officer, product=product)
    with pytest.raises(DomainError) as caught:
        add(output_officer, product, today + dt.timedelta(days=1), public=0)
    assert caught.value.code == "published" and caught.value.field == "public_price"


def test_prices_cannot_be_changed_or_deleted(in_scope, product):
    price = make_price(product, JULY)
    price.public_price = Decimal(1)
    with pytest.raises(AppendOnlyError):
        price.save()
    with pytest.raises(AppendOnlyError):
        price.delete()
    with scopes_disabled():
        with pytest.raises(AppendOnlyError):
            ProductPrice.objects.filter(pk=price.pk).update(public_price=1)
        with pytest.raises(AppendOnlyError):
            ProductPrice.objects.filter(pk=price.pk).delete()
        assert ProductPrice.objects.get().public_price == 15000


def test_raw_sql_cannot_change_prices(in_scope, product):
    """The database refuses UPDATE and DELETE on the table itself: a trigger on PostgreSQL,
    triggers with RAISE(ABORT) on SQLite (migration production/0003, karya.core.guards)."""
    price = make_price(product, JULY)
    assert connection.vendor in {"postgresql", "sqlite"}
    for sql in (
        "UPDATE production_productprice SET public_price = 1 WHERE id = %s",
        "DELETE FROM production_productprice WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [price.pk])
    with scopes_disabled():
        assert ProductPrice.objects.get().public_price == 15000
