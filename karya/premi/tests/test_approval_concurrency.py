"""Two heads approve the same premi run at the same moment: it is approved once, gets one
number, and every inmate's share is credited to the ledger exactly once; the second approval
is refused as "approved already".

On PostgreSQL (the production database) real threads, each with its own connection and
transaction, approve at once; on SQLite, which serialises writing transactions anyway, the
two approvals run one after the other. Neither form is skipped."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django_scopes import scope, scopes_disabled

from karya.core.errors import Conflict
from karya.premi.models import InmateLedgerEntry, PremiRun
from karya.premi.services import runs
from karya.premi.tests.conftest import WEEK
from karya.tests.concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_approvals_of_one_run_post_it_once(
    facility, sapu, treasurer, head, make_user, proceeds
):
    other_head = make_user("head", facility=facility, username="kasi.giatja")
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = Decimal(100_000)
    with scope(facility=[facility.pk]):
        run = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
    results = race(
        facility,
        {
            "a": lambda: runs.premi_run_approve(actor=head, run=run),
            "b": lambda: runs.premi_run_approve(actor=other_head, run=run),
        },
    )

    approved = [r for r in results.values() if isinstance(r, PremiRun)]
    refused = [r for r in results.values() if isinstance(r, Conflict)]
    assert len(approved) == 1 and len(refused) == 1, results
    assert refused[0].code == "run_approved"
    with scopes_disabled():
        assert PremiRun.objects.exclude(number="").values_list("number", flat=True).count() == 1
        credits = InmateLedgerEntry.objects.filter(kind="credit")
        assert credits.count() == 2  # Agus and Budi, once each
        assert credits.aggregate(total=Sum("amount"))["total"] == 100_000
