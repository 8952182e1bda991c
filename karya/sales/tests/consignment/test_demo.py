"""The demo tells seed 002: Toko Acun Akuarium holds Lapas Pangkalpinang's rat traps and
lovebird nests, and its sales are settled once, with the invoice for the net; loading the
demo again changes nothing."""

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from karya.accounts.models import Membership
from karya.inventory.models import StockMove
from karya.inventory.tests.conftest import ledger_problems
from karya.sales.models import Invoice, Sale, Settlement

pytestmark = pytest.mark.django_db


def _rows():
    with scopes_disabled():
        return [m.objects.count() for m in (Settlement, Sale, Invoice, StockMove)]


def test_the_demo_consigns_to_toko_acun_and_settles_once():
    call_command("load_demo")
    with scopes_disabled():
        settlement = Settlement.objects.select_related("facility", "partner", "location").get()
        lines = sorted(settlement.lines.values_list("product__name", "quantity", "unit_price"))
        invoice = Invoice.objects.get(sale__settlement=settlement)
        held = dict(
            settlement.location.balances.filter(quantity__gt=0).values_list(
                "product__name", "quantity"
            )
        )
        sold_lot = Sale.objects.get(settlement=settlement).lines.get(
            product__name="Perangkap tikus"
        )
        portal_user = Membership.objects.get(user__username="mitra.acun").partner
    assert (settlement.facility.code, settlement.partner.legal_name) == (
        "LPPKP",
        "Toko Acun Akuarium",
    )
    assert settlement.status == "confirmed" and settlement.number.startswith("SK/LPPKP/")
    assert lines == [("Perangkap tikus", 12, 35000), ("Sarang burung lovebird", 5, 25000)]
    # 12 × 35.000 + 5 × 25.000 = 545.000; 10 % commission 54.500; invoice 490.500
    assert (settlement.gross, settlement.commission, settlement.net) == (545000, 54500, 490500)
    assert invoice.amount == 490500 and invoice.bill_to == "Toko Acun Akuarium"
    assert held == {"Perangkap tikus": 28, "Sarang burung lovebird": 20}
    assert sold_lot.lot is not None and sold_lot.workshop is not None  # traceable to its order
    assert portal_user == settlement.partner
    assert ledger_problems(settlement.facility) == []

    rows = _rows()
    call_command("load_demo")
    assert _rows() == rows
