"""The finance demo: the national split rule and Pamekasan's own, every payment split, and
Purwokerto's 2026 PNBP target and the deposit of January's PNBP (seed 000's pick-up, paid on
31 January); loading again adds nothing."""

import datetime as dt

import pytest
from django.core.management import call_command
from django_scopes import scope, scopes_disabled

from karya.accounts.models import User
from karya.audit.models import AuditEntry
from karya.facilities.models import Facility
from karya.finance import selectors
from karya.finance.models import PnbpDeposit, PnbpTarget, ProceedsSplit, SplitRule
from karya.sales.models import PaymentAllocation

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

    # Seed 000's pick-up is paid on 31 January (karya.demo.sales_handovers): January's PNBP
    # (50 % of Rp 5.025.000 by the national rule) is deposited on 2 February.
    purwokerto = Facility.objects.get(code="LPPWT")
    treasurer = User.objects.get(username="bendahara.pwt")
    with scope(facility=[purwokerto.pk]):
        deposit = PnbpDeposit.objects.get(facility=purwokerto)
        january = selectors.pnbp_payable(
            facility=purwokerto, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)
        )
        reconciliation = selectors.pnbp_reconciliation(facility=purwokerto, year=2026)
    assert deposit.amount == january == 2512500
    assert (deposit.deposited_on, deposit.created_by) == (dt.date(2026, 2, 2), treasurer)
    assert reconciliation.months[0].outstanding == 2512500  # owed at the end of January
    assert reconciliation.months[1].outstanding == 0  # deposited in February

    before = rows()
    call_command("load_demo")
    assert rows() == before
