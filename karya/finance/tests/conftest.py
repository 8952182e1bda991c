"""Finance test data: the sales fixtures (a treasurer, an output officer, brooms and the
workshop that makes them) and `receive(...)`, which sells goods and records the payment, so
that the split is made the way the unit makes it."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scope, scopes_disabled

from karya.inventory.services import stock_receive
from karya.programs.models import Workshop
from karya.sales.services.payments import payment_record
from karya.sales.services.sales import LineInput, sale_create
from karya.sales.tests.conftest import (  # noqa: F401 (fixtures)
    broom,
    english,
    in_scope,
    lakop,
    output_officer,
    store,
    treasurer,
    workshop,
)

# 31 January 2026, 09.40 WIB: the pick-up of the first seed article.
PAID = dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC)


def at(day: dt.date) -> dt.datetime:
    """10.00 WIB on `day`, as stored (UTC)."""
    return dt.datetime(day.year, day.month, day.day, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def other_workshop(facility):
    with scopes_disabled():
        return Workshop.objects.create(
            facility=facility, name="Bengkel Anyaman", sector="anyaman", capacity=10
        )


@pytest.fixture
def receive(facility, output_officer, treasurer, store):  # noqa: F811
    """receive([(product, quantity, unit_price[, material cost per unit]), …], paid_at=PAID,
    amount=None) → the payment, recorded by the treasurer, of a counter sale of those lines
    (the whole total unless `amount`). A material cost is put on the goods by receiving them
    into the store at that cost first."""

    def make(lines, *, paid_at=PAID, amount=None):
        with scope(facility=[facility.pk]):
            for product, quantity, _price, *cost in lines:
                if cost:
                    stock_receive(
                        actor=output_officer,
                        location=store,
                        product=product,
                        quantity=quantity,
                        unit_cost=cost[0],
                    )
            sale = sale_create(
                actor=output_officer,
                facility=facility,
                channel="counter",
                sold_at=paid_at,
                lines=[LineInput(product, qty, price) for product, qty, price, *_ in lines],
            )
            return payment_record(
                actor=treasurer,
                sale=sale,
                amount=sale.total if amount is None else amount,
                method="cash",
                paid_at=paid_at,
            )

    return make


@pytest.fixture
def partner_user(facility, make_user):
    """The own user of a partner of the unit (sees no unit page)."""
    from karya.accounts.services import membership_create
    from karya.partners.models import Partner

    with scopes_disabled():
        partner = Partner.objects.create(
            facility=facility, legal_form="CV", legal_name="CV. Pusat Handicraft"
        )
    user = make_user(username="mitra.handicraft")
    membership_create(actor=None, user=user, role="partner", partner=partner)
    return user


@pytest.fixture
def national_rule(db):
    from karya.finance.tests.helpers import make_rule

    return make_rule((30, 40, 30), name="Pembagian hasil nasional")
