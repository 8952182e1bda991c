"""The finance demo: the national split rule and Pamekasan's own, every payment split, and
Purwokerto's 2026 PNBP target and January deposit; loading again adds nothing."""

import datetime as dt

import pytest
from django.core.management import call_command
from django_scopes import scope, scopes_disabled

from karya.accounts.models import User
from karya.audit.models import AuditEntry
from karya.facilities.models import Facility
from karya.finance import selectors
from karya.finance.models import PnbpDeposit, PnbpTarget, ProceedsSplit, SplitRule
from karya.production.models import Product
from karya.sales.models import PaymentAllocation
from karya.sales.services.payments import payment_record
from karya.sales.services.sales import LineInput, sale_create

pytestmark = pytest.mark.django_db


def rows():
    with scopes_disabled():
        return [
            model.objects.count()
            for model in (SplitRule, ProceedsSplit, PnbpDeposit, PnbpTarget, AuditEntry)
        ]


def test_the_finance_demo_splits_every_payment_and_loads_once():
    call_command("load_demo")
    national = SplitRule.objects.get(scope="national")
    pamekasan = SplitRule.objects.get(scope="facility")
    assert (national.premi_bp, national.pnbp_bp, national.capital_bp) == (3500, 5000, 1500)
    assert (pamekasan.facility.code, pamekasan.base) == ("LPPMK", "profit")
    assert (pamekasan.premi_bp, pamekasan.pnbp_bp, pamekasan.capital_bp) == (5000, 1500, 3500)
    assert "Bukan peraturan yang berlaku" in national.legal_basis
    with scopes_disabled():
        assert ProceedsSplit.objects.count() == PaymentAllocation.objects.count()
        assert {t.facility.code: t.amount for t in PnbpTarget.objects.all()} == {
            "LPPWT": 25000000,
            "LPPMK": 15000000,
        }

    # A payment of January in Purwokerto (a sales demo makes these): split as it is recorded,
    # and January's PNBP deposited by the next load.
    purwokerto = Facility.objects.get(code="LPPWT")
    treasurer = User.objects.get(username="bendahara.pwt")
    with scope(facility=[purwokerto.pk]):
        broom = Product.objects.get(facility=purwokerto, name="Sapu lidi")
        paid_at = dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC)
        sale = sale_create(
            actor=treasurer,
            facility=purwokerto,
            channel="counter",
            sold_at=paid_at,
            lines=[LineInput(broom, 100, 2500)],
        )
        payment_record(actor=treasurer, sale=sale, amount=250000, method="cash", paid_at=paid_at)
    call_command("load_demo")
    with scope(facility=[purwokerto.pk]):
        deposit = PnbpDeposit.objects.get(facility=purwokerto)
        january = selectors.pnbp_payable(
            facility=purwokerto, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)
        )
    assert deposit.amount == january >= 125000  # 50 % of Rp 250.000 at least
    assert (deposit.deposited_on, deposit.created_by) == (dt.date(2026, 2, 2), treasurer)

    before = rows()
    call_command("load_demo")
    assert rows() == before
