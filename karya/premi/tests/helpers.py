"""Shared steps of the premi tests (no tests here)."""

from __future__ import annotations

from decimal import Decimal

from django_scopes import scope

from karya.premi.services import runs
from karya.premi.tests.conftest import WEEK


def approved_week(sapu, treasurer, head, proceeds, pool=100_000):
    """The week of 19 January 2026 previewed by the treasurer with `pool` and approved by the
    head: Agus is credited Rp 75.000 (18.750 spendable), Budi Rp 25.000 (6.250 spendable)."""
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = Decimal(pool)
    with scope(facility=[sapu.facility.pk]):
        run = runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK)
        return runs.premi_run_approve(actor=head, run=run)
