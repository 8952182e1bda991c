"""A month of a unit's records for the dashboard tests (no tests here)."""

from __future__ import annotations

from decimal import Decimal

from django_scopes import scope

from karya.finance.services.pnbp import pnbp_deposit_record, pnbp_target_set
from karya.production.models import Product
from karya.reports.periods import current_month
from karya.sales.services.payments import payment_record
from karya.sales.services.sales import LineInput, sale_create


def this_month_records(facility, *, seller, treasurer):
    """This month: 20 brooms sold at the counter for Rp 300.000 and paid in cash (a split rule
    must apply), Rp 100.000 PNBP deposited against the year's target of Rp 400.000. Returns
    the month."""
    month = current_month(facility.timezone)
    with scope(facility=[facility.pk]):
        broom = Product.objects.create(
            facility=facility, name="Sapu lidi", category="kerajinan", unit_of_measure="batang"
        )
        sale = sale_create(
            actor=seller,
            facility=facility,
            channel="counter",
            lines=[LineInput(broom, 20, Decimal(15000))],
        )
        payment_record(actor=treasurer, sale=sale, amount=sale.total, method="cash")
        pnbp_target_set(actor=treasurer, facility=facility, year=month.year, amount=400000)
        pnbp_deposit_record(
            actor=treasurer,
            facility=facility,
            billing_code="820260131000001",
            amount=100000,
            deposited_on=month,
            ntpn="NTPN202601310001",
        )
    return month
