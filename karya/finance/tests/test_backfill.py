"""Money recorded before the finance area was installed is split afterwards, payment by
payment, each refund by the rule of the payment it refunds."""

import datetime as dt

import pytest
from django_scopes import scope, scopes_disabled

from karya.finance.models import ProceedsSplit
from karya.finance.receivers import split_money_received
from karya.finance.services.splits import proceeds_split_backfill
from karya.finance.tests.conftest import at
from karya.finance.tests.helpers import make_rule, parts
from karya.sales.models import Payment
from karya.sales.services.payments import payment_refund
from karya.sales.signals import money_received


@pytest.fixture
def without_finance():
    """Payments recorded as if the finance area were not installed."""
    money_received.disconnect(split_money_received, sender=Payment, dispatch_uid="finance-split")
    yield
    money_received.connect(split_money_received, sender=Payment, dispatch_uid="finance-split")


def test_unsplit_payments_and_refunds_are_split_afterwards(
    receive, broom, lakop, treasurer, facility, without_finance
):
    payment = receive([(broom, 3, 2500), (lakop, 1, 15000)])
    with scope(facility=[facility.pk]):
        payment_refund(
            actor=treasurer, payment=payment, reason="Batal", paid_at=at(dt.date(2026, 2, 1))
        )
    with scopes_disabled():
        assert not ProceedsSplit.objects.exists()
    make_rule((30, 40, 30))
    with scope(facility=[facility.pk]):
        assert proceeds_split_backfill(actor=treasurer, facility=facility) == 4
        assert proceeds_split_backfill(actor=treasurer, facility=facility) == 0
        splits = list(ProceedsSplit.objects.filter(facility=facility).order_by("pk"))
    originals, refunds = splits[:2], splits[2:]
    assert [s.reverses for s in refunds] == originals
    assert [tuple(-x for x in parts(s)) for s in refunds] == [parts(s) for s in originals]
