"""Reads of the counter: where it can sell from, what it sells (the public price of the day
and the stock at the location) and the summary of a day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from karya.inventory.models import StockBalance, StockLocation
from karya.production.choices import ProductCategory, UnitOfMeasure
from karya.production.models import Product
from karya.production.selectors import with_current_price
from karya.sales.choices import Channel, PaymentMethod
from karya.sales.models import Payment, Sale, SaleLine
from karya.sales.selectors.money import day_bounds
from karya.sales.services.counter import COUNTER_LOCATION_KINDS


def counter_locations(*, facility) -> QuerySet[StockLocation]:
    """The unit's galleries and other places in use (bazaar stands): where a counter sells."""
    return StockLocation.objects.filter(
        facility=facility, kind__in=COUNTER_LOCATION_KINDS, is_active=True
    ).order_by("kind", "name", "pk")


def counter_products(*, facility, location, on: dt.date, query: str = "") -> list[Product]:
    """The unit's active products with a public price on `on` (`price_public`), goods first
    then services, each with `stock` (units at the location, all lots) and `is_service`.
    Two queries whatever the number of products."""
    products = Product.objects.filter(facility=facility, is_active=True)
    if query:
        products = products.filter(name__icontains=query)
    held = (
        StockBalance.objects.filter(location=location, product=OuterRef("pk"))
        .order_by()
        .values("product")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    rows = with_current_price(products, on=on).annotate(
        stock=Coalesce(Subquery(held, output_field=IntegerField()), 0)
    )
    result = []
    for product in rows.filter(price_public__isnull=False).order_by("name", "pk"):
        product.is_service = (
            product.category == ProductCategory.JASA
            or product.unit_of_measure == UnitOfMeasure.KALI
        )
        result.append(product)
    result.sort(key=lambda p: (p.is_service, p.name.lower(), p.pk))
    return result


@dataclass
class ProductDay:
    name: str
    unit: str
    quantity: int = 0
    amount: Decimal = Decimal(0)


@dataclass
class CounterDay:
    """What a counter (or every counter of the unit) took in on one day."""

    sales: list[Sale] = field(default_factory=list)  # the day's sales and cancellations
    sold: Decimal = Decimal(0)  # sales made that day
    cancelled: Decimal = Decimal(0)  # of which cancelled (any day since)
    net: Decimal = Decimal(0)  # what the day's sales bring in after cancellations
    per_method: list = field(default_factory=list)  # (method, label, money received that day)
    received: Decimal = Decimal(0)  # money received that day, refunds deducted
    products: list[ProductDay] = field(default_factory=list)
    cancellations: list[Sale] = field(default_factory=list)  # the day's reversals


def counter_day(*, facility, day: dt.date, location=None) -> CounterDay:
    """The counter sales of a day (in the unit's zone) at one location, or at every location
    when `location` is None: each sale, the total sold and cancelled, the money received per
    payment method (refunds deducted), the quantities and amounts per product (cancelled
    sales left out) and the cancellations made that day. Four queries."""
    start, end = day_bounds(day, facility.timezone)
    sales = Sale.objects.filter(
        facility=facility, channel=Channel.COUNTER, sold_at__gte=start, sold_at__lt=end
    )
    if location is not None:
        sales = sales.filter(location=location)
    rows = list(
        sales.select_related("location", "reverses", "created_by")
        .annotate(reversed_number=Subquery(
            Sale.objects.filter(reverses=OuterRef("pk")).values("number")[:1]
        ))
        .order_by("sold_at", "pk")
    )  # fmt: skip
    summary = CounterDay(sales=rows)
    originals = [s for s in rows if s.reverses_id is None]
    summary.cancellations = [s for s in rows if s.reverses_id is not None]
    summary.sold = sum((s.total for s in originals), Decimal(0))
    summary.cancelled = sum((s.total for s in originals if s.reversed_number), Decimal(0))
    summary.net = summary.sold - summary.cancelled

    payments = Payment.objects.filter(
        facility=facility,
        sale__channel=Channel.COUNTER,
        paid_at__gte=start,
        paid_at__lt=end,
    )
    if location is not None:
        payments = payments.filter(sale__location=location)
    per_method = defaultdict(Decimal)
    for row in payments.order_by().values("method").annotate(total=Sum("amount")):
        per_method[row["method"]] += row["total"]
    summary.per_method = [
        (method, label, per_method.get(method, Decimal(0)))
        for method, label in PaymentMethod.choices
    ]
    summary.received = sum(per_method.values(), Decimal(0))

    kept = [s.pk for s in originals if not s.reversed_number]
    lines = (
        SaleLine.objects.filter(facility=facility, sale_id__in=kept)
        .values("product__name", "product__unit_of_measure")
        .annotate(quantity=Sum("quantity"), amount=Sum("amount"))
        .order_by("product__name")
    )
    summary.products = [
        ProductDay(
            row["product__name"], row["product__unit_of_measure"], row["quantity"], row["amount"]
        )
        for row in lines
    ]
    return summary


@dataclass
class Quote:
    """What a counter sale would cost before it is made: (product, quantity, amount) rows at
    the products' public price, and the total."""

    rows: list = field(default_factory=list)
    total: Decimal = Decimal(0)

    def change(self, tendered) -> Decimal | None:
        """The change on cash handed over (None when none was given or it is too little)."""
        if tendered is None or tendered < self.total:
            return None
        return tendered - self.total


def counter_quote(products: list[Product], quantities: dict[int, int]) -> Quote:
    """The total of the asked quantities of `products` (from `counter_products`)."""
    quote = Quote()
    for product in products:
        quantity = quantities.get(product.pk)
        if quantity:
            amount = product.price_public * quantity
            quote.rows.append((product, quantity, amount))
            quote.total += amount
    return quote
