"""Helpers of the order tests: a dated price, and taking an order through its steps with the
services (inside the unit's scope)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django_scopes import scope, scopes_disabled

from karya.production.models import ProductPrice
from karya.sales.services import orders as services
from karya.sales.services.orders import QuoteLine

PRICED_FROM = dt.date(2026, 1, 1)
QUOTED = dt.date(2026, 1, 20)
ORDERED = dt.date(2026, 1, 22)
DUE = dt.date(2026, 2, 5)
DELIVERED = dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC)  # 31 January 2026, 09.40 WIB


def set_price(product, public, partner, cost=0, valid_from=PRICED_FROM):
    with scopes_disabled():
        return ProductPrice.objects.create(
            facility_id=product.facility_id,
            product=product,
            valid_from=valid_from,
            cost=Decimal(cost),
            public_price=Decimal(public),
            partner_price=Decimal(partner),
        )


def quote(facility, actor, lines, **fields):
    """A quotation made by the service (person "Bu Sri" unless told), inside the unit's scope."""
    values = {"customer_kind": "person", "customer_name": "Bu Sri", "quoted_on": QUOTED}
    values.update(fields)
    with scope(facility=[facility.pk]):
        return services.order_quote(
            actor=actor,
            facility=facility,
            lines=[QuoteLine(*line) for line in lines],
            **values,
        )


def confirm(order, actor):
    with scope(facility=[order.facility_id]):
        return services.order_confirm(actor=actor, order=order, ordered_on=ORDERED, due_on=DUE)


def deliver(order, actor, location, **fields):
    with scope(facility=[order.facility_id]):
        return services.order_deliver(
            actor=actor, order=order, location=location, delivered_at=DELIVERED, **fields
        )
