"""The demo e-Katalog order of Lapas Pamekasan (seed 004): ten wooden tables ordered through
the e-Katalog by the regency's education office, quoted, delivered from the store with an
invoice and paid by transfer; loading it again changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django_scopes import scope, scopes_disabled

from karya.audit.models import AuditEntry
from karya.demo.catalogue import catalogue_load
from karya.demo.sales_orders import EKATALOG_REFERENCE, sales_orders_load
from karya.demo.stock import stock_load
from karya.inventory.models import StockMove
from karya.inventory.tests.conftest import ledger_problems
from karya.production.services import product_create
from karya.sales.models import CustomerOrder, Payment, Sale
from karya.sales.selectors.orders import order_get
from karya.tests.factories import FacilityFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("national_split_rule")]


def rows():
    with scopes_disabled():
        return [model.objects.count() for model in (CustomerOrder, Sale, Payment, StockMove)] + [
            AuditEntry.objects.count()
        ]


def test_the_order_is_loaded_once(db):
    pamekasan = FacilityFactory(code="LPPMK", name="Lapas Kelas IIA Pamekasan")
    purwokerto = FacilityFactory(code="LPPWT", name="Lapas Kelas IIA Purwokerto")
    admin = UserFactory(username="admin")
    with scope(facility=[pamekasan.pk]):
        for name, category, unit in [("Meja kayu", "kayu", "buah"), ("Kursi kayu", "kayu", "buah")]:
            product_create(
                actor=admin, facility=pamekasan, name=name, category=category, unit_of_measure=unit
            )
        catalogue_load(actor=admin, facility=pamekasan)
        stock_load(actor=admin, facility=pamekasan)
        order = sales_orders_load(actor=admin, facility=pamekasan)
        assert order is not None
        loaded = rows()
        assert sales_orders_load(actor=admin, facility=pamekasan) == order
        assert rows() == loaded
        order = order_get(facility=pamekasan, pk=order.pk)
        assert (order.customer_kind, order.ekatalog_reference, order.state) == (
            "ekatalog",
            EKATALOG_REFERENCE,
            "paid",
        )
        assert "DEMO" in order.ekatalog_reference
        assert (order.quoted_on, order.delivered_on) == (dt.date(2026, 2, 2), dt.date(2026, 2, 20))
        assert (order.total, order.paid, order.invoice_number) == (
            Decimal(15_000_000),
            Decimal(15_000_000),
            "INV/LPPMK/2026/02/0001",
        )
        payment = Payment.objects.get(sale__order=order)
        assert payment.reference.startswith("DEMO-") and payment.method == "transfer"
    assert ledger_problems(pamekasan) == []
    with scope(facility=[purwokerto.pk]):
        assert sales_orders_load(actor=admin, facility=purwokerto) is None


def test_the_demo_has_a_paid_ekatalog_order_at_pamekasan():
    call_command("load_demo")
    with scopes_disabled():
        order = CustomerOrder.objects.get(ekatalog_reference=EKATALOG_REFERENCE)
        assert order.facility.code == "LPPMK"
        assert order.created_by.username == "kasigiatja.pmk"
        assert [(line.product.name, line.quantity) for line in order.lines.all()] == [
            ("Meja kayu", 10)
        ]
        with scope(facility=[order.facility_id]):
            assert order_get(facility=order.facility, pk=order.pk).state == "paid"
