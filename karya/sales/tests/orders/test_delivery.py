"""Delivering an order: the goods leave one stock location (a chosen lot, or the first
available), services need no stock, a sale with its invoice is made; what cannot be delivered
is refused with nothing written."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from karya.core.errors import DomainError
from karya.core.numbering import next_number
from karya.inventory.models import StockMove
from karya.inventory.services import InsufficientStock, stock_receive
from karya.inventory.tests.conftest import (
    ledger_problems,
    make_location,
    make_lot,
    quantity_at,
)
from karya.production.models import ProductionOrder
from karya.sales.models import CustomerOrder, Invoice, Sale
from karya.sales.services import orders as services
from karya.sales.tests.orders.support import (
    DELIVERED,
    ORDERED,
    confirm,
    deliver,
    quote,
)

pytestmark = pytest.mark.usefixtures("in_scope")


@pytest.fixture
def ordered(facility, output_officer, priced, car_wash, stocked):
    broom, lakop = priced
    order = quote(
        facility,
        output_officer,
        [(broom, 1200), (lakop, 30), (car_wash, 2)],
        customer_kind="institution",
        customer_name="SMK Negeri 1 Purwokerto",
    )
    confirm(order, output_officer)
    return order


def test_delivery_takes_the_goods_and_issues_the_invoice(
    facility, output_officer, store, ordered, stocked, workshop
):
    sale = deliver(ordered, output_officer, store)
    ordered.refresh_from_db()
    assert (ordered.status, ordered.delivered_on, ordered.source) == (
        "delivered",
        dt.date(2026, 1, 31),
        store,
    )
    assert sale.number == f"PJ/{facility.code}/2026/01/0001"
    assert (sale.channel, sale.order, sale.customer_kind, sale.customer_name) == (
        "order",
        ordered,
        "institution",
        "SMK Negeri 1 Purwokerto",
    )
    assert sale.total == Decimal(1200 * 15000 + 30 * 25000 + 2 * 40000)
    assert [
        (ln.product.name, ln.quantity, ln.lot, ln.workshop) for ln in sale.lines.order_by("pk")
    ] == [
        ("Sapu lidi", 1200, stocked, workshop),
        ("Sapu lakop", 30, None, workshop),
        ("Cuci mobil", 2, None, None),
    ]
    invoice = sale.invoice
    assert invoice.number == f"INV/{facility.code}/2026/01/0001"
    assert (invoice.bill_to, invoice.amount, invoice.issued_on, invoice.due_on) == (
        "SMK Negeri 1 Purwokerto",
        sale.total,
        dt.date(2026, 1, 31),
        dt.date(2026, 3, 2),  # 30 days later
    )
    moves = StockMove.objects.filter(kind="sold").order_by("pk")
    assert [(m.product.name, m.quantity, m.reference) for m in moves] == [
        ("Sapu lidi", -1200, sale.number),
        ("Sapu lakop", -30, sale.number),
    ]  # the service took no stock
    assert quantity_at(store, stocked.product, stocked) == 300
    assert ledger_problems(facility) == []


def test_the_first_available_lot_is_the_production_orders_then_the_oldest(
    facility, output_officer, store, priced, workshop
):
    broom, _lakop = priced
    old = make_lot(broom, code="L-OLD", produced_on=dt.date(2026, 1, 2))
    new = make_lot(broom, code="L-NEW", produced_on=dt.date(2026, 1, 10))
    made = make_lot(broom, code="L-MADE", produced_on=dt.date(2026, 1, 25))
    for lot, quantity in ((None, 5), (new, 10), (old, 10), (made, 20)):
        stock_receive(
            actor=output_officer, location=store, product=broom, lot=lot, quantity=quantity
        )
    production = ProductionOrder.objects.create(
        facility=facility,
        number="PO/LPPWT/2026/0001",
        workshop=workshop,
        product=broom,
        planned_quantity=20,
        start_date=ORDERED,
        due_date=ORDERED,
        material_source="own",
        status="finished",
        finished_on=ORDERED,
        good_quantity=20,
        lot=made,
    )
    order = quote(facility, output_officer, [(broom, 40)])
    services.order_link_production(actor=output_officer, order=order, production_order=production)
    confirm(order, output_officer)
    sale = deliver(order, output_officer, store)
    taken = [(ln.lot.code if ln.lot else None, ln.quantity) for ln in sale.lines.order_by("pk")]
    assert taken == [("L-MADE", 20), (None, 5), ("L-OLD", 10), ("L-NEW", 5)]
    assert sum(ln.amount for ln in sale.lines.all()) == Decimal(40 * 15000)
    assert quantity_at(store, broom, new) == 5
    assert ledger_problems(facility) == []


def test_a_chosen_lot_is_used(facility, output_officer, store, priced):
    broom, _lakop = priced
    first = make_lot(broom, code="L-1", produced_on=dt.date(2026, 1, 2))
    second = make_lot(broom, code="L-2", produced_on=dt.date(2026, 1, 10))
    for lot in (first, second):
        stock_receive(actor=output_officer, location=store, product=broom, lot=lot, quantity=10)
    order = quote(facility, output_officer, [(broom, 8)])
    confirm(order, output_officer)
    line = order.lines.get()
    order.lines.update(quantity=12)  # more than the chosen lot holds
    with pytest.raises(
        InsufficientStock, match=r"Sapu lidi \(L-2\) at Gudang Produksi: 10"
    ) as error:
        deliver(order, output_officer, store, lots={line.pk: second})
    assert error.value.field == "lots"
    order.lines.update(quantity=8)
    sale = deliver(order, output_officer, store, lots={line.pk: second})
    assert [(ln.lot, ln.quantity) for ln in sale.lines.all()] == [(second, 8)]
    assert (quantity_at(store, broom, first), quantity_at(store, broom, second)) == (10, 2)


def test_only_services_need_no_location(facility, output_officer, car_wash):
    order = quote(facility, output_officer, [(car_wash, 3)])
    confirm(order, output_officer)
    sale = deliver(order, output_officer, None)
    assert sale.total == Decimal(120000)
    order.refresh_from_db()
    assert (order.status, order.source) == ("delivered", None)
    assert not StockMove.objects.filter(kind="sold").exists()


def test_insufficient_stock_is_refused_and_nothing_is_written(
    facility, output_officer, store, gallery, ordered, stocked
):
    broom = stocked.product
    with pytest.raises(InsufficientStock) as error:
        deliver(ordered, output_officer, gallery)  # the gallery holds nothing
    assert error.value.field == "location" and error.value.available == 0
    assert (
        "Not enough stock of Sapu lidi at Galeri: 0 batang available, 1200" in error.value.message
    )
    ordered.lines.filter(product=broom).update(quantity=1501)
    with pytest.raises(InsufficientStock, match="1500 batang available, 1501 batang asked for"):
        deliver(ordered, output_officer, store)
    ordered.refresh_from_db()
    assert (ordered.status, ordered.delivered_on, ordered.source) == ("ordered", None, None)
    with scopes_disabled():
        assert not Sale.objects.exists() and not Invoice.objects.exists()
        assert not StockMove.objects.filter(kind="sold").exists()
    assert quantity_at(store, broom, stocked) == 1500
    assert next_number(facility, "PJ", dt.date(2026, 1, 31)).endswith("/0001")
    assert ledger_problems(facility) == []


def test_what_cannot_be_delivered_is_refused(
    facility, other_facility, output_officer, store, ordered, priced
):
    broom, lakop = priced
    foreign = make_location(other_facility)
    consigned = make_location(facility, name="Toko Mitra", kind="partner")
    line = ordered.lines.get(product=broom)
    for kwargs, field, message in [
        ({"location": None}, "location", "stock location of this unit"),
        ({"location": foreign}, "location", "stock location of this unit"),
        ({"location": consigned}, "location", "not from goods held by a partner"),
        ({"location": store, "lots": {line.pk: make_lot(lakop, code="LK-1")}}, "lots", "not a lot"),
        (
            {"location": store, "delivered_at": dt.datetime(2999, 1, 1, tzinfo=dt.UTC)},
            "delivered_at",
            "future",
        ),
        (
            {"location": store, "delivered_at": dt.datetime(2026, 1, 21, 3, tzinfo=dt.UTC)},
            "delivered_at",
            "before the order",
        ),
        (
            {"location": store, "delivered_at": DELIVERED, "payment_due_on": dt.date(2026, 1, 30)},
            "payment_due_on",
            "before the delivery",
        ),
    ]:
        with pytest.raises(DomainError, match=message) as error:
            services.order_deliver(actor=output_officer, order=ordered, **kwargs)
        assert error.value.field == field
    quotation = quote(facility, output_officer, [(broom, 1)])
    with pytest.raises(DomainError, match="is quotation: it cannot be delivered"):
        deliver(quotation, output_officer, store)
    deliver(ordered, output_officer, store)
    with pytest.raises(DomainError, match="is delivered and invoiced: it cannot be delivered"):
        deliver(ordered, output_officer, store)
    assert Sale.objects.count() == 1
    assert CustomerOrder.objects.get(pk=ordered.pk).status == "delivered"
