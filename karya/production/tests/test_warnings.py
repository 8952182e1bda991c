"""Warnings: halal certificates expired or expiring within 30 days, and the hook through
which other apps (the stock ledger: lots near expiry) add their own warnings."""

import datetime as dt

import pytest

from karya.production import warnings as product_warnings_module
from karya.production.tests.conftest import make_product
from karya.production.warnings import ProductWarning, product_warnings, register_warning_source

pytestmark = pytest.mark.django_db


def food(facility, name, until, **fields):
    return make_product(
        facility,
        name,
        category="kuliner",
        unit_of_measure="paket",
        halal_number=f"ID-{name[:3].upper()}",
        halal_valid_until=until,
        **fields,
    )


def test_halal_certificates_expired_or_expiring_within_30_days(in_scope, facility, today):
    expired = food(facility, "Kue kering", today - dt.timedelta(days=1))
    soon = food(facility, "Camilan tradisional", today + dt.timedelta(days=30))
    food(facility, "Minuman herbal", today + dt.timedelta(days=31))  # not yet
    food(facility, "Roti", None)  # a certificate without an end date
    food(facility, "Keripik", today, is_active=False)  # not made any more
    found = product_warnings(facility=facility, today=today)
    assert [(w.product_id, w.kind, w.expired) for w in found] == [
        (expired.pk, "halal_expired", True),
        (soon.pk, "halal_expiring", False),
    ]
    assert "ID-CAM" in found[1].message and "30" in found[1].message
    only = product_warnings(facility=facility, today=today, product_ids=[soon.pk])
    assert [w.product_id for w in only] == [soon.pk]


def test_another_units_certificates_are_not_shown(in_scope, facility, other_facility, today):
    food(other_facility, "Kue kering", today)
    assert product_warnings(facility=facility, today=today) == []


def test_other_apps_add_their_warnings_through_the_hook(
    in_scope, facility, product, today, monkeypatch
):
    monkeypatch.setattr(product_warnings_module, "_SOURCES", list(product_warnings_module._SOURCES))
    calls = []

    def lots(*, facility, today, product_ids=None):
        calls.append((facility.pk, today, product_ids))
        yield ProductWarning(
            product_id=product.pk,
            product_name=product.name,
            kind="lot_expiring",
            date=today + dt.timedelta(days=5),
            message="Lot SL-01 kedaluwarsa",
        )

    register_warning_source(lots)
    register_warning_source(lots)  # registering twice adds it once
    found = product_warnings(facility=facility, today=today)
    assert [w.kind for w in found] == ["lot_expiring"]
    assert calls == [(facility.pk, today, None)]
