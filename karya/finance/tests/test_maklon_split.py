"""Worked examples of splits of profit after material cost when the partner supplied the
material (maklon): the unit never paid for that material, so none is deducted from what it
receives. Each row is a pick-up posted under a scheme and paid in full, split by a 50 % premi /
15 % PNBP / 35 % capital rule of profit; the parts are what the treasurer must see.

The goods: sapu lidi of lot MK-2026-001, made by a production order from the partner's own
material and received into the store at the product's cost price of Rp 1.200 (for tracking
only), and sapu lidi of lot L-2026-001 and without lot made from the unit's own material at
Rp 1.200 each."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from karya.finance.models import ProceedsSplit
from karya.finance.tests.helpers import make_rule, parts
from karya.inventory.services import stock_receive
from karya.inventory.tests.conftest import make_lot
from karya.production.models import ProductionOrder
from karya.sales.models import Sale
from karya.sales.services.handovers import handover_post
from karya.sales.services.payments import payment_record
from karya.sales.tests.conftest import make_agreement
from karya.sales.tests.handover_fixtures import draft_pick_up

pytestmark = pytest.mark.django_db

PAID = dt.datetime(2026, 2, 2, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def lots(facility, output_officer, store, broom, workshop):
    """{"partner": the maklon lot, "own": the unit's own lot}: 500 of each in the store, and
    500 more without a lot."""
    agreement = make_agreement(
        facility,
        schemes=["beli_putus", "maklon"],
        name="CV. Rajasa Mas Jaya",
        prices=[(broom, 2500)],
        maklon_fee_per_unit=Decimal(1000),
    )
    made = {"partner": make_lot(broom, code="MK-2026-001"), "own": make_lot(broom)}
    with scopes_disabled():
        ProductionOrder.objects.create(
            facility=facility,
            number="PP/2026/01/0001",
            workshop=workshop,
            product=broom,
            planned_quantity=500,
            start_date=dt.date(2026, 1, 12),
            due_date=dt.date(2026, 1, 20),
            material_source="partner",
            partner=agreement.partner,
            agreement=agreement,
            status="finished",
            started_on=dt.date(2026, 1, 12),
            finished_on=dt.date(2026, 1, 20),
            good_quantity=500,
            rejected_quantity=0,
            lot=made["partner"],
        )
    with scope(facility=[facility.pk]):
        for lot in (*made.values(), None):
            stock_receive(
                actor=output_officer,
                location=store,
                product=broom,
                lot=lot,
                quantity=500,
                unit_cost=1200,
            )
    return agreement, made


def pick_up_paid(facility, agreement, scheme, lines, *, officer, head, treasurer, store):
    draft = draft_pick_up(
        agreement=agreement, scheme=scheme, lines=lines, officer=officer, head=head, source=store
    )
    with scope(facility=[facility.pk]):
        handover = handover_post(actor=officer, handover=draft)
        sale = Sale.objects.get(handover=handover)
        payment = payment_record(
            actor=treasurer,
            sale=sale,
            amount=sale.total,
            method="transfer",
            reference="BNI-0202",
            paid_at=PAID,
        )
        return sale, list(ProceedsSplit.objects.filter(allocation__payment=payment))


@pytest.mark.parametrize(
    ("scheme", "lot", "quantity", "expected"),
    [
        # Maklon: 300 brooms of the partner's material at a fee of Rp 1.000: Rp 300.000, no
        # material of the unit's → the whole fee is profit.
        ("maklon", "partner", 300, (150000, 45000, 105000, 0)),
        # Maklon without a lot: still no material of the unit's, whatever the product's own
        # lots cost.
        ("maklon", None, 300, (150000, 45000, 105000, 0)),
        # Beli putus of the unit's own brooms: 100 at Rp 2.500 = Rp 250.000, of which Rp 120.000
        # material (back to capital) → profit Rp 130.000.
        ("beli_putus", "own", 100, (65000, 19500, 45500, 120000)),
        # Beli putus of brooms the partner's material made (the partner buys them after all):
        # the unit paid no material for them either.
        ("beli_putus", "partner", 100, (125000, 37500, 87500, 0)),
    ],
)
def test_profit_splits_deduct_only_the_material_the_unit_paid_for(
    facility, broom, lots, output_officer, head, treasurer, store, scheme, lot, quantity, expected
):
    make_rule((50, 15, 35), base="profit")
    agreement, made = lots
    sale, splits = pick_up_paid(
        facility,
        agreement,
        scheme,
        [(broom, quantity, made.get(lot))],
        officer=output_officer,
        head=head,
        treasurer=treasurer,
        store=store,
    )
    (split,) = splits
    premi, pnbp, capital, material = (Decimal(x) for x in expected)
    assert parts(split) == (premi, pnbp, capital, material)
    assert split.amount == sale.total
    assert split.base_amount == premi + pnbp + capital == split.amount - material
    with scopes_disabled():
        (line,) = sale.lines.all()
    assert line.unit_cost == material / quantity
