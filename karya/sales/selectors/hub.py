"""The figures of the sales home page: what the counter did today, what partners and buyers
owe (and what is overdue), this month's pick-ups, and the work waiting (drafts to post,
settlements to confirm, orders to deliver). A fixed number of queries, whatever the rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from karya.sales.choices import (
    Channel,
    CustomerOrderStatus,
    HandoverStatus,
    SettlementStatus,
)
from karya.sales.models import CustomerOrder, Handover, Payment, Sale, Settlement
from karya.sales.selectors.money import InvoiceStatus, day_bounds, invoice_list, month_instants


@dataclass(frozen=True)
class SalesGlance:
    counter_sales: int  # counter sales made today (cancelled ones left out)
    counter_received: Decimal  # money taken at the counter today, refunds deducted
    sold_this_month: Decimal  # every channel, cancellations deducted
    invoices_open: int  # invoices still owed (overdue ones included)
    invoices_owed: Decimal
    invoices_overdue: int
    overdue_owed: Decimal
    pick_ups_this_month: int  # posted this month, reversals left out
    drafts: int  # pick-ups recorded but not posted yet
    settlements_waiting: int  # sales reports to confirm or reject
    orders_open: int  # quotations and orders not delivered yet


def sales_glance(*, facility, today: dt.date) -> SalesGlance:
    """The unit's figures of the day (`today` in the unit's zone). Seven queries."""
    start, end = day_bounds(today, facility.timezone)
    month_start, month_end = month_instants(today, facility.timezone)
    counter_today = Sale.objects.filter(
        facility=facility, channel=Channel.COUNTER, sold_at__gte=start, sold_at__lt=end
    )
    counter_sales = (
        counter_today.filter(reverses__isnull=True).exclude(reversed_by__isnull=False).count()
    )
    counter_received = Payment.objects.filter(
        facility=facility, sale__channel=Channel.COUNTER, paid_at__gte=start, paid_at__lt=end
    ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    sold = Sale.objects.filter(
        facility=facility, sold_at__gte=month_start, sold_at__lt=month_end
    ).aggregate(total=Sum("total"))["total"] or Decimal(0)
    owed = list(
        invoice_list(facility=facility, today=today, status=InvoiceStatus.OPEN)
        .order_by()
        .values_list("overdue", "outstanding")
    )
    handovers = Handover.objects.filter(facility=facility).aggregate(
        posted=Count(
            "pk",
            filter=Q(
                status=HandoverStatus.POSTED,
                reverses__isnull=True,
                handed_over_at__gte=month_start,
                handed_over_at__lt=month_end,
            ),
        ),
        drafts=Count("pk", filter=Q(status=HandoverStatus.DRAFT)),
    )
    return SalesGlance(
        counter_sales=counter_sales,
        counter_received=counter_received,
        sold_this_month=sold,
        invoices_open=len(owed),
        invoices_owed=sum((amount for _late, amount in owed), Decimal(0)),
        invoices_overdue=sum(1 for late, _amount in owed if late),
        overdue_owed=sum((amount for late, amount in owed if late), Decimal(0)),
        pick_ups_this_month=handovers["posted"],
        drafts=handovers["drafts"],
        settlements_waiting=Settlement.objects.filter(
            facility=facility, status=SettlementStatus.SUBMITTED
        ).count(),
        orders_open=CustomerOrder.objects.filter(
            facility=facility,
            status__in=[CustomerOrderStatus.QUOTATION, CustomerOrderStatus.ORDERED],
        ).count(),
    )
