"""PNBP: the payable is the PNBP part of the money received; the treasurer records deposits
(SIMPONI billing code, amount, date, NTPN) and the unit's annual target; the reconciliation
shows what is still to deposit."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from karya.core.errors import DomainError
from karya.core.models import AppendOnlyError
from karya.finance import selectors
from karya.finance.models import PnbpDeposit, PnbpTarget
from karya.finance.services.pnbp import (
    pnbp_deposit_cancel,
    pnbp_deposit_record,
    pnbp_target_set,
)
from karya.finance.tests.conftest import at
from karya.finance.tests.helpers import make_rule
from karya.sales.services.payments import payment_refund

CODE, NTPN = "820260131000123", "0A1B2C3D4E5F6G7H"


def deposit(treasurer, facility, **fields):
    values = {
        "billing_code": CODE,
        "amount": 508000,
        "deposited_on": dt.date(2026, 2, 2),
        "ntpn": NTPN,
    }
    values.update(fields)
    with scope(facility=[facility.pk]):
        return pnbp_deposit_record(actor=treasurer, facility=facility, **values)


def test_a_deposit_is_recorded_with_its_references_as_printed(treasurer, facility):
    recorded = deposit(
        treasurer, facility, billing_code="8202 6013 1000 123", ntpn="0a1b-2c3d-4e5f-6g7h"
    )
    assert (recorded.billing_code, recorded.ntpn, recorded.amount) == (CODE, NTPN, 508000)
    assert recorded.created_by == treasurer


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"billing_code": "82026013100012"}, "billing_code", "15 digits"),
        ({"billing_code": "8202601310001234"}, "billing_code", "15 digits"),
        ({"billing_code": "82026013100012A"}, "billing_code", "15 digits"),
        ({"ntpn": "0A1B2C3D4E5F6G7"}, "ntpn", "16 letters and digits"),
        ({"ntpn": "0A1B2C3D4E5F6G7H8"}, "ntpn", "16 letters and digits"),
        ({"ntpn": "0A1B2C3D4E5F6G7_"}, "ntpn", "16 letters and digits"),
        ({"amount": 0}, "amount", "above Rp 0"),
        ({"amount": "12.5"}, "amount", "whole rupiah"),
        ({"amount": "lima ratus"}, "amount", "whole rupiah"),
        ({"deposited_on": dt.date(2099, 1, 1)}, "deposited_on", "future"),
    ],
)
def test_a_bad_deposit_is_refused_with_a_clear_message(treasurer, facility, fields, field, message):
    with pytest.raises(DomainError, match=message) as refused:
        deposit(treasurer, facility, **fields)
    assert refused.value.field == field
    with scopes_disabled():
        assert not PnbpDeposit.objects.exists()


def test_a_billing_code_is_used_once_in_the_whole_country(
    treasurer, facility, far_facility, make_user
):
    deposit(treasurer, facility)
    other = make_user("treasurer", facility=far_facility)
    with pytest.raises(DomainError, match="used for a deposit already") as refused:
        deposit(other, far_facility, ntpn="ZZZZZZZZZZZZZZZZ")
    assert (refused.value.code, refused.value.field) == ("duplicate", "billing_code")
    with pytest.raises(DomainError, match="NTPN 0A1B2C3D4E5F6G7H has been recorded already"):
        deposit(treasurer, facility, billing_code="820260131000999")
    with scopes_disabled():
        assert PnbpDeposit.objects.count() == 1


def test_a_deposit_is_never_changed(treasurer, facility):
    recorded = deposit(treasurer, facility)
    with pytest.raises(AppendOnlyError):
        recorded.save()
    with pytest.raises(AppendOnlyError):
        recorded.delete()


def test_the_reconciliation_shows_payables_deposits_and_what_is_still_to_deposit(
    receive, broom, treasurer, facility
):
    make_rule((30, 40, 30))
    receive([(broom, 1, 1000000)], paid_at=at(dt.date(2025, 12, 15)))  # PNBP 400.000 in 2025
    deposit(
        treasurer,
        facility,
        amount=300000,
        deposited_on=dt.date(2025, 12, 20),
        billing_code="820251220000001",
        ntpn="NTPN2025XXXX0001",
    )
    january = receive([(broom, 1, 1270000)], paid_at=at(dt.date(2026, 1, 31)))  # PNBP 508.000
    receive([(broom, 1, 500000)], paid_at=at(dt.date(2026, 3, 3)))  # PNBP 200.000
    with scope(facility=[facility.pk]):
        march_4 = at(dt.date(2026, 3, 4))  # PNBP −108.000 in March
        payment_refund(
            actor=treasurer, payment=january, amount=270000, reason="Retur", paid_at=march_4
        )
    deposit(treasurer, facility, amount=608000, deposited_on=dt.date(2026, 2, 2))
    with scope(facility=[facility.pk]):
        year = selectors.pnbp_reconciliation(facility=facility, year=2026)
    assert year.opening == Decimal(100000)
    rows = {m.month: (m.payable, m.deposited, m.difference, m.outstanding) for m in year.months}
    assert rows[1] == (508000, 0, 508000, 608000)
    assert rows[2] == (0, 608000, -608000, 0)
    assert rows[3] == (92000, 0, 92000, 92000)
    assert rows[12] == (0, 0, 0, 92000)
    assert (year.payable, year.deposited, year.outstanding) == (600000, 608000, 92000)


def test_the_target_is_set_revised_and_realised_by_deposits(treasurer, head, facility):
    with scope(facility=[facility.pk]):
        pnbp_target_set(actor=treasurer, facility=facility, year=2026, amount="1000000")
        pnbp_target_set(actor=head, facility=facility, year=2026, amount=2000000)
        with pytest.raises(DomainError, match="year such as 2026"):
            pnbp_target_set(actor=head, facility=facility, year=1999, amount=1)
        assert PnbpTarget.objects.get(facility=facility, year=2026).amount == 2000000
    deposit(treasurer, facility, amount=508000, deposited_on=dt.date(2026, 2, 2))
    deposit(
        treasurer,
        facility,
        amount=100000,
        deposited_on=dt.date(2025, 12, 30),
        billing_code="820251230000001",
        ntpn="NTPN2025XXXX0001",
    )
    with scope(facility=[facility.pk]):
        realised = selectors.pnbp_realisation(facility=facility, year=2026)
        none_set = selectors.pnbp_realisation(facility=facility, year=2025)
    assert (realised.target, realised.realised, realised.percent) == (
        2000000,
        508000,
        Decimal("25.4"),
    )
    assert (none_set.target, none_set.realised, none_set.percent) == (None, 100000, None)


def test_the_capital_fund_holds_its_share_and_the_material_cost(receive, broom, facility):
    make_rule((50, 15, 35), base="profit")
    receive([(broom, 10, 500000, 350000)])
    with scope(facility=[facility.pk]):
        fund = selectors.capital_fund(facility=facility)
    assert fund == {"capital": 525000, "material": 3500000, "total": 4025000}


def cancel(treasurer, recorded, reason="Nominal salah ketik"):
    with scope(facility=[recorded.facility_id]):
        return pnbp_deposit_cancel(actor=treasurer, deposit=recorded, reason=reason)


def test_a_mistaken_deposit_is_cancelled_and_recorded_again(treasurer, facility):
    wrong = deposit(treasurer, facility, amount=580000)
    with pytest.raises(DomainError, match="used for a deposit already"):
        deposit(treasurer, facility, amount=508000)
    reversal = cancel(treasurer, wrong)
    assert (reversal.amount, reversal.reverses, reversal.deposited_on) == (
        -580000,
        wrong,
        wrong.deposited_on,
    )
    assert (reversal.billing_code, reversal.ntpn, reversal.note) == (
        CODE,
        NTPN,
        "Nominal salah ketik",
    )
    with scope(facility=[facility.pk]):
        assert selectors.pnbp_deposited(facility=facility) == 0
    right = deposit(treasurer, facility, amount=508000)  # the same billing code and NTPN
    with scope(facility=[facility.pk]):
        assert selectors.pnbp_deposited(facility=facility) == 508000
        february = selectors.pnbp_reconciliation(facility=facility, year=2026).months[1]
        listed = list(selectors.pnbp_deposits(facility=facility))
    assert february.deposited == 508000
    assert {d.pk: (d.is_reversal, d.is_cancelled) for d in listed} == {
        wrong.pk: (False, True),
        reversal.pk: (True, False),
        right.pk: (False, False),
    }
    with pytest.raises(DomainError, match="used for a deposit already"):  # while it stands
        deposit(treasurer, facility, amount=508000)


@pytest.mark.parametrize(
    ("reason", "message"), [("", "Say why"), ("  ", "Say why"), ("x" * 301, "At most 300")]
)
def test_a_cancellation_needs_a_reason(treasurer, facility, reason, message):
    recorded = deposit(treasurer, facility)
    with pytest.raises(DomainError, match=message) as refused:
        cancel(treasurer, recorded, reason)
    assert refused.value.field == "reason"
    with scopes_disabled():
        assert PnbpDeposit.objects.count() == 1


def test_a_deposit_is_cancelled_once_and_a_cancellation_never(treasurer, facility):
    recorded = deposit(treasurer, facility)
    reversal = cancel(treasurer, recorded)
    with pytest.raises(DomainError, match="cancelled already") as twice:
        cancel(treasurer, recorded)
    assert twice.value.code == "already_cancelled"
    with pytest.raises(DomainError, match="cannot be cancelled itself") as reversed_:
        cancel(treasurer, reversal)
    assert reversed_.value.code == "not_a_deposit"
    with scopes_disabled():
        assert PnbpDeposit.objects.count() == 2
