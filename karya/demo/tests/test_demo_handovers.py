"""The demo tells seed 000: on 31 January 2026 at 09.40 WIB CV. Pusat Handicraft picks up 1,140
sapu lidi and 290 sapu lakop at Lapas Purwokerto, posted with its BAST; loading again adds
nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from karya.inventory.models import StockMove
from karya.sales.models import Handover, Invoice, Sale

pytestmark = pytest.mark.django_db


def _counts():
    with scopes_disabled():
        return [m.objects.count() for m in (Handover, Sale, Invoice, StockMove)]


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

    before = _counts()
    call_command("load_demo")
    assert _counts() == before
