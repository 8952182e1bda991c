"""Products: food legality only for food, publication rules, the e-Katalog flag."""

import datetime as dt

import pytest

from karya.audit.models import AuditEntry
from karya.core.errors import DomainError
from karya.production.models import Product
from karya.production.services import (
    product_create,
    product_ekatalog_set,
    product_publish,
    product_unpublish,
    product_update,
    publish_problems,
)
from karya.production.tests.conftest import make_price

pytestmark = pytest.mark.django_db


def test_create_a_food_product_with_its_legality(in_scope, output_officer, facility):
    product = product_create(
        actor=output_officer,
        facility=facility,
        name="  Kue kering  ",
        category="kuliner",
        unit_of_measure="paket",
        pirt_number="2063302010123-25",
        halal_number="ID35110000123450125",
        halal_valid_until=dt.date(2027, 1, 31),
        shelf_life_days=60,
    )
    assert product.name == "Kue kering" and product.is_food and not product.is_published
    assert AuditEntry.objects.filter(object_id=str(product.pk), action="create").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pirt_number", "2063302010123-25"),
        ("halal_number", "ID123"),
        ("halal_valid_until", dt.date(2027, 1, 1)),
        ("shelf_life_days", 30),
    ],
)
def test_food_fields_only_for_food(in_scope, output_officer, facility, field, value):
    with pytest.raises(DomainError) as caught:
        product_create(
            actor=output_officer,
            facility=facility,
            name="Sapu lidi",
            category="kerajinan",
            unit_of_measure="batang",
            **{field: value},
        )
    assert caught.value.field == field and caught.value.code == "not_food"
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"halal_valid_until": dt.date(2027, 1, 1)}, "halal_number"),
        ({"shelf_life_days": 0}, "shelf_life_days"),
        ({"shelf_life_days": 4000}, "shelf_life_days"),
        ({"pirt_number": "belum ada"}, "pirt_number"),
        ({"name": "   "}, "name"),
    ],
)
def test_bad_food_values_are_refused(in_scope, output_officer, food, fields, field):
    with pytest.raises(DomainError) as caught:
        product_update(actor=output_officer, product=food, **fields)
    assert caught.value.field == field


def test_a_food_product_turned_into_craft_must_lose_its_food_fields(in_scope, output_officer, food):
    product_update(actor=output_officer, product=food, shelf_life_days=30)
    with pytest.raises(DomainError):
        product_update(actor=output_officer, product=food, category="kerajinan")
    product_update(actor=output_officer, product=food, category="kerajinan", shelf_life_days=None)
    food.refresh_from_db()
    assert food.category == "kerajinan"


def test_duplicate_names_are_refused_whatever_the_case(in_scope, output_officer, facility, product):
    with pytest.raises(DomainError) as caught:
        product_create(
            actor=output_officer,
            facility=facility,
            name="SAPU LIDI",
            category="kerajinan",
            unit_of_measure="batang",
        )
    assert caught.value.code == "duplicate"


def test_publishing_needs_a_public_price_above_zero_valid_today(
    in_scope, output_officer, product, today
):
    with pytest.raises(DomainError) as caught:
        product_publish(actor=output_officer, product=product)
    assert caught.value.code == "cannot_publish"
    [no_price] = publish_problems(product, today=today)
    make_price(product, today + dt.timedelta(days=3))  # announced, not yet valid
    assert publish_problems(product, today=today) == [no_price]
    make_price(product, today - dt.timedelta(days=3), public=0)
    [zero] = publish_problems(product, today=today)
    assert zero != no_price
    with pytest.raises(DomainError):
        product_publish(actor=output_officer, product=product)
    product.refresh_from_db()
    assert not product.is_published
    assert publish_problems(product, today=today + dt.timedelta(days=3)) == []


def test_publish_and_withdraw_with_audit_rows(in_scope, output_officer, product, today):
    make_price(product, today)
    product_publish(actor=output_officer, product=product)
    product.refresh_from_db()
    assert product.is_published
    product_publish(actor=output_officer, product=product)  # again: nothing changes
    product_unpublish(actor=output_officer, product=product)
    product.refresh_from_db()
    assert not product.is_published
    changes = [
        e.changes["is_published"]
        for e in AuditEntry.objects.filter(object_id=str(product.pk), action="update").order_by(
            "pk"
        )
    ]
    assert changes == [[False, True], [True, False]]


def test_food_needs_its_pirt_number_to_be_published(in_scope, output_officer, food, today):
    make_price(food, today, public=40000)
    with pytest.raises(DomainError) as caught:
        product_publish(actor=output_officer, product=food)
    assert caught.value.code == "cannot_publish"
    product_update(actor=output_officer, product=food, pirt_number="2063302010123-25")
    product_publish(actor=output_officer, product=food)
    with pytest.raises(DomainError) as caught:
        product_update(actor=output_officer, product=food, pirt_number="")
    assert caught.value.field == "pirt_number"
    food.refresh_from_db()
    assert food.is_published and food.pirt_number


def test_an_inactive_product_is_withdrawn_and_cannot_be_published(
    in_scope, output_officer, product, today
):
    make_price(product, today)
    product_publish(actor=output_officer, product=product)
    product_update(actor=output_officer, product=product, is_active=False)
    product.refresh_from_db()
    assert not product.is_active and not product.is_published
    with pytest.raises(DomainError):
        product_publish(actor=output_officer, product=product)


def test_ekatalog_listing_needs_its_reference(in_scope, output_officer, product):
    with pytest.raises(DomainError) as caught:
        product_ekatalog_set(actor=output_officer, product=product, listed=True, reference=" ")
    assert caught.value.field == "ekatalog_reference"
    product_ekatalog_set(
        actor=output_officer, product=product, listed=True, reference=" EK-2025-000123 "
    )
    product.refresh_from_db()
    assert product.ekatalog_listed and product.ekatalog_reference == "EK-2025-000123"
    product_ekatalog_set(actor=output_officer, product=product, listed=False, reference="x")
    product.refresh_from_db()
    assert not product.ekatalog_listed and product.ekatalog_reference == ""


def test_unknown_fields_are_a_programming_error(in_scope, output_officer, product):
    with pytest.raises(TypeError):
        product_update(actor=output_officer, product=product, is_published=True)
