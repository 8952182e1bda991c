"""The inmate ledger: withdrawals only from the spendable part, the release payout of all
that is left, entries that never change, and the treasurer's reminder when an inmate leaves
with money on the ledger."""

import datetime as dt

import pytest
from django_scopes import scope, scopes_disabled

from karya.core.errors import DomainError
from karya.core.models import AppendOnlyError
from karya.inmates.services import inmate_update
from karya.notifications.models import Notification
from karya.premi import selectors
from karya.premi.models import InmateLedgerEntry
from karya.premi.services.ledger import (
    InsufficientBalance,
    ledger_release_payout,
    ledger_withdraw,
)
from karya.premi.services.terms import premi_setting_save
from karya.premi.tests.helpers import approved_week

pytestmark = pytest.mark.django_db


@pytest.fixture
def credited(sapu, treasurer, head, proceeds):
    approved_week(sapu, treasurer, head, proceeds)
    return sapu


def balance(inmate):
    with scope(facility=[inmate.facility_id]):
        b = selectors.balance_of(inmate)
    return (b.spendable, b.savings)


def test_withdrawals_come_from_the_spendable_part(credited, treasurer, in_scope):
    agus = credited.agus
    assert balance(agus) == (18_750, 56_250)
    entry = ledger_withdraw(actor=treasurer, inmate=agus, amount="15.000", purpose="canteen")
    assert (entry.kind, entry.amount, entry.spendable, entry.savings) == (
        "withdrawal",
        -15_000,
        -15_000,
        0,
    )
    assert entry.channel == "cash" and entry.receipt_number.startswith("PRM-TRK/LPPWT/")
    assert balance(agus) == (3_750, 56_250)
    with pytest.raises(InsufficientBalance) as refused:
        ledger_withdraw(actor=treasurer, inmate=agus, amount=3_751, purpose="canteen")
    assert refused.value.available == 3_750
    assert "can spend only Rp 3.750" in refused.value.message
    assert balance(agus) == (3_750, 56_250)  # savings are never touched


def test_what_a_withdrawal_needs(credited, treasurer, in_scope):
    budi = credited.budi
    for amount, purpose, extra, field in (
        (0, "canteen", {}, "amount"),
        ("abc", "canteen", {}, "amount"),
        (1_000, "rokok", {}, "purpose"),
        (1_000, "family", {}, "recipient"),
        (1_000, "canteen", {"channel": "emoney"}, "channel_reference"),
    ):
        with pytest.raises(DomainError) as refused:
            ledger_withdraw(actor=treasurer, inmate=budi, amount=amount, purpose=purpose, **extra)
        assert refused.value.field == field
    entry = ledger_withdraw(
        actor=treasurer,
        inmate=budi,
        amount=5_000,
        purpose="family",
        recipient="Siti (istri)",
        channel="bank",
        channel_reference="0123-01-000123-50-1",
    )
    assert (entry.channel, entry.channel_reference, entry.recipient) == (
        "bank",
        "0123-01-000123-50-1",
        "Siti (istri)",
    )


def test_the_release_payout_pays_all_that_is_left(credited, treasurer, officer, in_scope):
    agus = credited.agus
    premi_setting_save(
        actor=treasurer, facility=agus.facility, spendable_percent=25, payout_channel="emoney"
    )
    ledger_withdraw(
        actor=treasurer, inmate=agus, amount=750, purpose="canteen", channel_reference="6032-9"
    )
    with pytest.raises(DomainError) as refused:
        ledger_release_payout(actor=treasurer, inmate=agus, channel_reference="6032-9")
    assert refused.value.code == "not_released"
    inmate_update(actor=officer, inmate=agus, departed_on=dt.date(2026, 2, 2), departure="bebas")
    payout = ledger_release_payout(actor=treasurer, inmate=agus, channel_reference="6032-9")
    assert (payout.kind, payout.amount, payout.spendable, payout.savings) == (
        "payout",
        -74_250,
        -18_000,
        -56_250,
    )
    assert payout.channel == "emoney" and payout.channel_reference == "6032-9"
    assert payout.receipt_number.startswith("PRM-BYR/LPPWT/")
    assert payout.recipient == "Agus Sapulidi"
    assert balance(agus) == (0, 0)
    with pytest.raises(DomainError) as again:
        ledger_release_payout(actor=treasurer, inmate=agus, channel_reference="6032-9")
    assert again.value.code == "nothing_left"


def test_ledger_entries_never_change(credited, in_scope):
    entry = InmateLedgerEntry.objects.filter(inmate=credited.agus).first()
    entry.note = "diubah"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        InmateLedgerEntry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(AppendOnlyError):
        InmateLedgerEntry.objects.all().delete()
    assert balance(credited.agus) == (18_750, 56_250)


def test_the_treasurer_is_reminded_when_an_inmate_leaves_with_money(
    credited, treasurer, officer, make_user, facility, other_facility
):
    other_treasurer = make_user("treasurer", facility=other_facility)
    with scope(facility=[facility.pk]):
        inmate_update(
            actor=officer,
            inmate=credited.budi,
            departed_on=dt.date(2026, 2, 2),
            departure="bebas",
        )
        # Citra has no money on the ledger: nobody is reminded about her.
        inmate_update(
            actor=officer,
            inmate=credited.citra,
            departed_on=dt.date(2026, 2, 2),
            departure="bebas",
        )
    with scopes_disabled():
        notices = list(Notification.objects.all())
    assert [(n.user, n.kind) for n in notices] == [(treasurer, "premi_payout_due")]
    notice = notices[0]
    assert notice.title == "Premi harus dibayarkan: Budi Anyamsari keluar dengan Rp 25.000"
    assert "BI.2/2025" in notice.body and "bebas" in notice.body
    assert notice.url == f"/upt/LPPWT/premi/wbp/{credited.budi.pk}/"
    assert not Notification.objects.filter(user=other_treasurer).exists()
