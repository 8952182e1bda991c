"""The demo tells seed 000: on 31 January 2026 at 09.40 WIB CV. Pusat Handicraft picks up 1,140
sapu lidi and 290 sapu lakop at Lapas Purwokerto, posted with its BAST, and pays it by transfer
that morning (its proceeds split by the national rule); loading again adds nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from karya.finance.models import ProceedsSplit
from karya.inventory.models import StockMove
from karya.sales.models import Handover, Invoice, Payment, Sale

pytestmark = pytest.mark.django_db


def _counts():
    with scopes_disabled():
        return [m.objects.count() for m in (Handover, Sale, Invoice, Payment, StockMove)]


def test_the_seed_pick_up_is_posted_with_its_bast_once():
    call_command("load_demo")
    with scopes_disabled():
        handover = Handover.objects.select_related("partner", "head", "facility").get()
        lines = [
            (line.product.name, line.quantity, line.lot.code)
            for line in handover.lines.select_related("product", "lot")
        ]
        sale = Sale.objects.get(handover=handover)
        invoice = sale.invoice
        costs = list(sale.lines.values_list("unit_cost", "unit_price"))
        moves = list(
            StockMove.objects.filter(reference=handover.number)
            .order_by("pk")
            .values_list("kind", "quantity")
        )
    assert handover.number == "BAST/LPPWT/2026/01/0001" and handover.status == "posted"
    assert (
        handover.facility.code == "LPPWT" and handover.partner.legal_name == "CV. Pusat Handicraft"
    )
    assert handover.handed_over_at == dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC)
    assert handover.scheme == "beli_putus" and handover.head.full_name == "Aliandra Harahap"
    assert [(name, quantity) for name, quantity, _lot in lines] == [
        ("Sapu lidi", 1140),
        ("Sapu lakop", 290),
    ]
    assert all(lot for *_rest, lot in lines)  # from the lots the production orders made
    assert sale.total == Decimal(1140 * 2500 + 290 * 7500) == invoice.amount
    assert invoice.bill_to == "CV. Pusat Handicraft" and invoice.issued_on == dt.date(2026, 1, 31)
    assert moves == [("sold", -1140), ("sold", -290)]
    # The material of a broom (from its production order) costs less than the agreed price.
    assert all(0 < cost < price for cost, price in costs)

    # Paid in full by transfer at 11.15 WIB, recorded by the treasurer, and split: 35 % premi,
    # 50 % PNBP, 15 % capital of the turnover, per product (and so per workshop).
    with scopes_disabled():
        payment = Payment.objects.select_related("created_by").get(sale=sale)
        splits = {
            s.product.name: (s.workshop.name, s.amount, s.premi, s.pnbp, s.capital)
            for s in ProceedsSplit.objects.filter(allocation__payment=payment).select_related(
                "product", "workshop"
            )
        }
    assert (payment.amount, payment.method, payment.created_by.username) == (
        Decimal(5025000),
        "transfer",
        "bendahara.pwt",
    )
    assert payment.paid_at == dt.datetime(2026, 1, 31, 4, 15, tzinfo=dt.UTC)
    workshop = "Bengkel Sapu Lidi dan Sapu Lakop"
    assert splits == {
        "Sapu lidi": (workshop, 2850000, 997500, 1425000, 427500),
        "Sapu lakop": (workshop, 2175000, 761250, 1087500, 326250),
    }

    before = _counts()
    call_command("load_demo")
    assert _counts() == before
