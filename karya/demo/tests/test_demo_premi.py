"""The premi demo: Purwokerto's broom workshop has an approved run and one in preview (the week
of the seed 000 pick-up, whose pool holds the premi part of its payment), and a released inmate
was paid out; loading twice changes nothing."""

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django_scopes import scopes_disabled

from karya.notifications.models import Notification
from karya.premi.models import InmateLedgerEntry, PremiRun, PremiShare

pytestmark = pytest.mark.django_db


def snapshot():
    with scopes_disabled():
        return (
            list(PremiRun.objects.order_by("pk").values_list("status", "start", "pool", "number")),
            PremiShare.objects.count(),
            list(InmateLedgerEntry.objects.order_by("pk").values_list("kind", "amount")),
            Notification.objects.filter(kind="premi_payout_due").count(),
        )


def test_the_premi_demo():
    call_command("load_demo")
    first = snapshot()
    with scopes_disabled():
        runs = PremiRun.objects.filter(
            facility__code="LPPWT", workshop__name="Bengkel Sapu Lidi dan Sapu Lakop"
        )
        january = runs.get(start="2026-01-19")
        assert january.status == "approved" and january.approved_by.username == "kalapas.pwt"
        assert january.pool > 0 and january.pool == january.shares.aggregate(t=Sum("amount"))["t"]
        assert january.shares.filter(amount__gt=0).count() >= 8
        # The week of the pick-up: the premi part of the pick-up's payment (35 % of
        # Rp 5.025.000) and the piece rates, shared out in the preview.
        preview = runs.get(start="2026-01-26")
        assert preview.status == "preview" and preview.pool_proceeds == 1758750
        assert preview.pool == 1758750 + preview.pool_piece_rates
        assert preview.shares.aggregate(t=Sum("amount"))["t"] == preview.pool
        payout = InmateLedgerEntry.objects.select_related("inmate").get(kind="payout")
        slamet = payout.inmate
        assert slamet.name == "Slamet Bambusari" and slamet.departed_on is not None
        assert payout.channel == "emoney" and payout.channel_reference
        assert InmateLedgerEntry.objects.filter(inmate=slamet).aggregate(t=Sum("amount"))["t"] == 0
        notice = Notification.objects.get(kind="premi_payout_due")
        assert notice.user.username == "bendahara.pwt" and "Slamet Bambusari" in notice.title
    call_command("load_demo")
    assert snapshot() == first
