"""A sale at the gallery or bazaar counter: goods leave the location (oldest lots first),
services need no stock, the whole total is paid at the public price of the day, and a
cancellation puts back exactly the goods and the money."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from karya.core.errors import DomainError
from karya.inventory.models import StockMove
from karya.inventory.services import InsufficientStock
from karya.inventory.tests.conftest import ledger_problems, make_product
from karya.sales.models import PaymentAllocation, Sale
from karya.sales.services.counter import CounterLine, counter_sale, counter_sale_cancel
from karya.sales.services.payments import sale_outstanding, sale_paid
from karya.sales.tests.counter_support import add_price, held, money_rows

pytestmark = pytest.mark.usefixtures("in_scope")
SOLD = dt.datetime(2026, 2, 14, 2, 30, tzinfo=dt.UTC)  # Saturday 14 February, 09.30 WIB


def sell(counter, actor, lines=None, **fields):
    values = {
        "actor": actor,
        "location": counter.gallery,
        "lines": lines
        if lines is not None
        else [
            CounterLine(counter.broom, 7),
            CounterLine(counter.lakop, 1),
            CounterLine(counter.car_wash, 1),
        ],
        "payment_method": "cash",
        "amount_tendered": 200000,
        "sold_at": SOLD,
        "event": "One Day One Prison Product",
    }
    values.update(fields)
    return counter_sale(**values)


def test_a_cash_sale_takes_the_goods_oldest_lot_first_and_gives_change(facility, counter):
    sale = sell(counter, counter.officer)
    # 7 brooms at Rp 15.000, a lakop at Rp 25.000, a car wash at Rp 40.000.
    assert sale.total == Decimal(170000)
    assert sale.number == f"PJ/{facility.code}/2026/02/0001"
    assert (sale.channel, sale.location, sale.event) == (
        "counter",
        counter.gallery,
        "One Day One Prison Product",
    )
    lines = {(line.product.name, line.lot_id): line for line in sale.lines.all()}
    assert {key: line.quantity for key, line in lines.items()} == {
        ("Sapu lidi", counter.old_lot.pk): 5,
        ("Sapu lidi", counter.new_lot.pk): 2,
        ("Sapu lakop", None): 1,
        ("Cuci mobil", None): 1,
    }
    assert lines[("Sapu lidi", counter.old_lot.pk)].unit_price == Decimal(15000)
    assert lines[("Sapu lidi", counter.old_lot.pk)].workshop == counter.workshop
    assert held(counter.gallery, counter.broom, counter.old_lot) == 0
    assert held(counter.gallery, counter.broom, counter.new_lot) == 18
    assert held(counter.gallery, counter.lakop) == 9
    with scopes_disabled():
        moves = StockMove.objects.filter(kind="sold", reference=sale.number)
        assert sorted(moves.values_list("quantity", flat=True)) == [-5, -2, -1]
        assert not StockMove.objects.filter(product=counter.car_wash).exists()
    payment = sale.payments.get()
    assert (payment.amount, payment.method, payment.tendered, payment.change) == (
        Decimal(170000),
        "cash",
        Decimal(200000),
        Decimal(30000),
    )
    assert payment.number == f"KW/{facility.code}/2026/02/0001"
    assert payment.paid_at == SOLD
    assert sale_outstanding(sale) == 0
    with scopes_disabled():
        parts = PaymentAllocation.objects.filter(payment=payment)
        assert sum(p.amount for p in parts) == Decimal(170000)
        assert {p.paid_on for p in parts} == {dt.date(2026, 2, 14)}
    assert ledger_problems(facility) == []


def test_services_are_sold_without_stock(counter):
    sale = sell(
        counter,
        counter.officer,
        lines=[CounterLine(counter.car_wash, 2), CounterLine(counter.bike_wash, 3)],
        location=counter.bazaar,  # a stand that holds no goods at all
        payment_method="qris",
        amount_tendered=None,
        reference="QRIS-0001",
    )
    assert sale.total == Decimal(2 * 40000 + 3 * 15000)
    payment = sale.payments.get()
    assert (payment.method, payment.reference, payment.tendered) == ("qris", "QRIS-0001", None)
    with scopes_disabled():
        assert not StockMove.objects.filter(kind="sold").exists()


def test_cash_without_the_amount_handed_over_is_the_exact_total(counter):
    sale = sell(counter, counter.officer, amount_tendered=None)
    payment = sale.payments.get()
    assert (payment.amount, payment.tendered, payment.change) == (sale.total, None, None)


def test_the_price_is_the_public_price_valid_on_the_day_of_the_sale(counter):
    add_price(counter.car_wash, 45000, valid_from=dt.date(2026, 2, 15))
    before = sell(counter, counter.officer, lines=[CounterLine(counter.car_wash, 1)])
    after = sell(
        counter,
        counter.officer,
        lines=[CounterLine(counter.car_wash, 1)],
        sold_at=SOLD + dt.timedelta(days=1),
    )
    assert (before.total, after.total) == (Decimal(40000), Decimal(45000))


def test_the_same_product_twice_is_one_quantity_and_a_named_lot_is_used(counter):
    sale = sell(
        counter,
        counter.officer,
        lines=[
            CounterLine(counter.broom, 2, counter.new_lot),
            CounterLine(counter.broom, 1, counter.new_lot),
        ],
    )
    assert [(line.lot_id, line.quantity) for line in sale.lines.all()] == [(counter.new_lot.pk, 3)]
    assert held(counter.gallery, counter.broom, counter.old_lot) == 5


def test_too_little_stock_is_refused_with_a_clear_message_and_nothing_is_written(facility, counter):
    before = money_rows()
    with pytest.raises(InsufficientStock) as refused:
        sell(counter, counter.officer, lines=[CounterLine(counter.broom, 26)], amount_tendered=None)
    assert str(refused.value) == (
        "Not enough Sapu lidi at Galeri: 25 batang available, 26 batang asked for."
    )
    assert refused.value.available == 25
    with pytest.raises(InsufficientStock, match="Sapu lidi \\(L-2026-001\\)"):
        sell(
            counter,
            counter.officer,
            lines=[CounterLine(counter.broom, 6, counter.old_lot)],
            amount_tendered=None,
        )
    # The first line could be taken, the second could not: nothing of either is written.
    with pytest.raises(InsufficientStock, match="Sapu lakop"):
        sell(
            counter,
            counter.officer,
            lines=[CounterLine(counter.broom, 3), CounterLine(counter.lakop, 11)],
            amount_tendered=None,
        )
    assert money_rows() == before
    assert held(counter.gallery, counter.broom) == 25
    assert held(counter.gallery, counter.lakop) == 10
    with scopes_disabled():
        assert not StockMove.objects.filter(kind="sold").exists()
    assert ledger_problems(facility) == []


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"lines": []}, "lines", "at least one product"),
        ({"lines": "zero"}, "lines", "whole quantity above zero for Sapu lidi"),
        ({"lines": "foreign"}, "lines", "product of this unit"),
        ({"lines": "inactive"}, "lines", "no longer sold"),
        ({"lines": "unpriced"}, "lines", "has no price on 14 February 2026"),
        ({"lines": "free"}, "lines", "The total is Rp 0"),
        ({"lines": "service lot"}, "lines", "is a service"),
        ({"lines": "wrong lot"}, "lines", "is not a lot of Sapu lakop"),
        ({"location": "store"}, "location", "gallery or a bazaar stand"),
        ({"location": "closed"}, "location", "no longer in use"),
        ({"location": None}, "location", "where the counter is"),
        ({"payment_method": "cheque"}, "payment_method", "how it was paid"),
        ({"payment_method": "transfer"}, "reference", "transfer or QRIS reference"),
        ({"payment_method": "qris", "reference": "x" * 101}, "reference", "At most 100"),
        ({"amount_tendered": "banyak"}, "amount_tendered", "whole rupiah"),
        ({"amount_tendered": 169999}, "amount_tendered", "less than the amount to pay"),
        ({"customer_name": "x" * 201}, "customer_name", "At most 200"),
        ({"event": "x" * 151}, "event", "At most 150"),
        ({"sold_at": "future"}, "sold_at", "in the future"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_written(
    facility, other_facility, counter, change, field, message
):
    from django.utils import timezone

    from karya.inventory.tests.conftest import make_location

    special = {
        "zero": [CounterLine(counter.broom, 0)],
        "foreign": [CounterLine(make_product(other_facility, name="Batik"), 1)],
        "unpriced": [CounterLine(make_product(facility, name="Kursi"), 1)],
        "service lot": [CounterLine(counter.car_wash, 1, counter.old_lot)],
        "wrong lot": [CounterLine(counter.lakop, 1, counter.old_lot)],
        "store": make_location(facility, name="Gudang", kind="store"),
        "closed": make_location(facility, name="Bazar lama", kind="other", is_active=False),
        "future": timezone.now() + dt.timedelta(hours=1),
    }
    if change.get("lines") == "inactive":
        inactive = make_product(facility, name="Sapu lama")
        with scopes_disabled():
            type(inactive).objects.filter(pk=inactive.pk).update(is_active=False)
            inactive.refresh_from_db()
        special["inactive"] = [CounterLine(inactive, 1)]
    if change.get("lines") == "free":
        free = make_product(facility, name="Brosur")
        add_price(free, 0)
        special["free"] = [CounterLine(free, 1)]
    fields = {key: special.get(value, value) if isinstance(value, str) else value
              for key, value in change.items()}  # fmt: skip
    before = money_rows()
    with pytest.raises(DomainError, match=message) as refused:
        sell(counter, counter.officer, **fields)
    assert refused.value.field == field
    assert money_rows() == before
    assert held(counter.gallery, counter.broom) == 25


def test_cancelling_restores_the_stock_and_the_money_exactly(facility, counter):
    sale = sell(counter, counter.officer)
    with pytest.raises(DomainError, match="Say why"):
        counter_sale_cancel(actor=counter.officer, sale=sale, reason="  ")
    reversal = counter_sale_cancel(actor=counter.officer, sale=sale, reason="Salah input")
    assert reversal.reverses == sale and reversal.total == -sale.total
    assert (reversal.location, reversal.event) == (sale.location, sale.event)
    assert held(counter.gallery, counter.broom, counter.old_lot) == 5
    assert held(counter.gallery, counter.broom, counter.new_lot) == 20
    assert held(counter.gallery, counter.lakop) == 10
    with scopes_disabled():
        returned = StockMove.objects.filter(kind="returned", reference=reversal.number)
        assert sorted(returned.values_list("quantity", flat=True)) == [1, 2, 5]
        allocations = PaymentAllocation.objects.filter(payment__sale=sale)
        assert sum(a.amount for a in allocations) == 0
        assert sum(a.material_cost for a in allocations) == 0
    assert sale_paid(sale) == 0 and sale_outstanding(sale) == 0
    refund = sale.payments.get(reverses__isnull=False)
    assert (refund.amount, refund.method, refund.note) == (
        Decimal(-170000),
        "cash",
        "Salah input",
    )
    assert ledger_problems(facility) == []
    with pytest.raises(DomainError, match="already been cancelled"):
        counter_sale_cancel(actor=counter.officer, sale=sale, reason="Lagi")
    with pytest.raises(DomainError, match="counter sale"):
        from karya.sales.services.sales import LineInput, sale_create

        other = sale_create(
            actor=counter.officer,
            facility=facility,
            channel="order",
            lines=[LineInput(counter.broom, 1, 15000)],
        )
        counter_sale_cancel(actor=counter.officer, sale=other, reason="x")


def test_a_partly_refunded_sale_is_cancelled_by_paying_back_the_rest(counter):
    from karya.sales.services.payments import payment_refund

    sale = sell(counter, counter.officer, lines=[CounterLine(counter.car_wash, 2)])
    payment = sale.payments.get()
    payment_refund(actor=counter.officer, payment=payment, amount=40000, reason="Satu batal")
    counter_sale_cancel(actor=counter.officer, sale=sale, reason="Semua batal")
    assert sale_paid(sale) == 0
    with scopes_disabled():
        assert sorted(Sale.objects.values_list("total", flat=True)) == [-80000, 80000]
