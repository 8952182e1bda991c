"""The premi pool comes from real money, end to end: goods of a workshop are sold (a beli-putus
pick-up paid by invoice, or a counter sale paid on the spot), the payment is split by the
national rule (30 % premi, 40 % PNBP, 30 % capital of the turnover), and a premi run of the
workshop for the week gathers exactly the premi part paid that week plus the piece rates,
divides it by weighted pieces, and once the head approves it credits each inmate's ledger.

Nothing is stubbed here: the run reads the finance area's splits of the sales area's payments.

The workshop (karya.premi.tests.conftest.make_sapu): in the week of 19 January 2026 Agus made
120 sapu lidi and 20 sapu lakop (weight 3: 180 points), Budi 60 sapu lidi (60 points), Citra
was present without output (0 points). A sapu lidi also earns a piece rate of Rp 100.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from karya.finance.models import ProceedsSplit
from karya.inventory.services import stock_receive
from karya.inventory.tests.conftest import make_location
from karya.premi.models import InmateLedgerEntry, PremiShare
from karya.premi.services import runs
from karya.premi.services.terms import premi_terms_save
from karya.premi.tests.conftest import WEEK
from karya.sales.models import Sale
from karya.sales.services.counter import CounterLine, counter_sale
from karya.sales.services.handovers import handover_post
from karya.sales.services.payments import payment_record
from karya.sales.tests.conftest import make_agreement
from karya.sales.tests.counter_support import add_price
from karya.sales.tests.handover_fixtures import draft_pick_up

pytestmark = pytest.mark.django_db

WIB = dt.timezone(dt.timedelta(hours=7))
PICK_UP = dt.datetime(2026, 1, 20, 10, 0, tzinfo=WIB)  # Tuesday of the week
PAID = dt.datetime(2026, 1, 22, 14, 30, tzinfo=WIB)  # Thursday of the week
NEXT_WEEK = dt.datetime(2026, 1, 27, 9, 0, tzinfo=WIB)
PIECE_RATES = 180 * 100  # (120 + 60) sapu lidi at Rp 100


@pytest.fixture
def shop(facility, officer, sapu, national_split_rule, make_user):
    """The workshop's terms with its piece rate, an output officer, and the store and gallery
    holding the workshop's brooms (cost Rp 1.000 and Rp 3.000)."""
    seller = make_user("output_officer", facility=facility, username="hasilkerja")
    store = make_location(facility)
    gallery = make_location(facility, name="Galeri", kind="gallery")
    with scope(facility=[facility.pk]):
        premi_terms_save(
            actor=officer, workshop=sapu.workshop, product=sapu.lidi, weight=1, piece_rate=100
        )
        for location in (store, gallery):
            for product, cost in ((sapu.lidi, 1000), (sapu.lakop, 3000)):
                stock_receive(
                    actor=seller, location=location, product=product, quantity=500, unit_cost=cost
                )
    return seller, store, gallery


def premi_split(sale) -> Decimal:
    with scopes_disabled():
        splits = ProceedsSplit.objects.filter(allocation__payment__sale=sale)
        return sum((s.premi for s in splits), Decimal(0))


def approve_the_week(facility, sapu, treasurer, head):
    with scope(facility=[facility.pk]):
        run = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
        preview = (run.pool_proceeds, run.pool_piece_rates, run.pool)
        run = runs.premi_run_approve(actor=head, run=run)
    with scopes_disabled():
        shares = {
            s.inmate.name.split()[0]: s.amount
            for s in PremiShare.objects.filter(run=run).select_related("inmate")
        }
        ledger = {
            e.inmate.name.split()[0]: (e.amount, e.spendable, e.savings)
            for e in InmateLedgerEntry.objects.filter(run=run).select_related("inmate")
        }
    return run, preview, shares, ledger


def test_a_pick_up_paid_by_invoice_fills_the_pool_of_its_week(
    facility, sapu, shop, treasurer, head
):
    seller, store, _gallery = shop
    agreement = make_agreement(
        facility, schemes=["beli_putus"], prices=[(sapu.lidi, 2500), (sapu.lakop, 7500)]
    )
    draft = draft_pick_up(
        agreement=agreement,
        lines=[(sapu.lidi, 100, None), (sapu.lakop, 20, None)],
        officer=seller,
        head=head,
        source=store,
        at=PICK_UP,
    )
    with scope(facility=[facility.pk]):
        handover = handover_post(actor=seller, handover=draft)
        sale = Sale.objects.get(handover=handover)
        assert sale.total == 100 * 2500 + 20 * 7500 == sale.invoice.amount == 400_000
        # Paid in two parts: one in the week, one the week after (not this run's money).
        payment_record(
            actor=treasurer,
            sale=sale,
            amount=300_000,
            method="transfer",
            reference="BRI-0001",
            paid_at=PAID,
        )
        payment_record(
            actor=treasurer,
            sale=sale,
            amount=100_000,
            method="transfer",
            reference="BRI-0002",
            paid_at=NEXT_WEEK,
        )
    assert premi_split(sale) == 120_000  # 30 % of Rp 400.000, both payments

    run, preview, shares, ledger = approve_the_week(facility, sapu, treasurer, head)

    # 30 % of the Rp 300.000 paid in the week, plus the piece rates.
    assert preview == (90_000, PIECE_RATES, 90_000 + PIECE_RATES)
    assert (run.status, run.pool, run.total) == ("approved", 108_000, 108_000)
    assert shares == {"Agus": 81_000, "Budi": 27_000, "Citra": 0}  # 180 : 60 : 0 points
    assert ledger == {  # 25 % spendable, the rest saved
        "Agus": (81_000, 20_250, 60_750),
        "Budi": (27_000, 6_750, 20_250),
    }


def test_a_counter_sale_fills_the_pool_of_its_week(facility, sapu, shop, treasurer, head):
    seller, _store, gallery = shop
    add_price(sapu.lidi, 15000)
    add_price(sapu.lakop, 25000)
    with scope(facility=[facility.pk]):
        sale = counter_sale(
            actor=seller,
            location=gallery,
            lines=[CounterLine(sapu.lidi, 4), CounterLine(sapu.lakop, 2)],
            payment_method="cash",
            amount_tendered=150_000,
            event="One Day One Prison Product",
            sold_at=PAID,
        )
    assert sale.total == 4 * 15000 + 2 * 25000 == 110_000
    assert premi_split(sale) == 33_000  # 30 % of the turnover

    run, preview, shares, ledger = approve_the_week(facility, sapu, treasurer, head)

    assert preview == (33_000, PIECE_RATES, 33_000 + PIECE_RATES)
    assert run.pool == 51_000
    assert shares == {"Agus": 38_250, "Budi": 12_750, "Citra": 0}
    assert sum(shares.values()) == run.pool
    assert ledger == {"Agus": (38_250, 9_563, 28_687), "Budi": (12_750, 3_188, 9_562)}
