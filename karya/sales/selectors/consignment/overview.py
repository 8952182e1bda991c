"""What is overdue in consignment, the unit's overview and one partner's page."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from karya.partners.models import Agreement, Partner
from karya.sales.models import Invoice
from karya.sales.selectors.consignment.holdings import (
    _STATUS_RANK,
    AGE_BANDS,
    HeldGoods,
    _current,
    consignment_agreements,
    held_goods,
    month_before,
)
from karya.sales.selectors.consignment.settlements import (
    _invoices,
    _with_outstanding,
    last_period_ends,
)


@dataclass
class SettlementDue:
    """A consignment agreement whose partner holds goods and has not settled for more than a
    month: `since` is the end of its last settlement period, or the oldest arrival."""

    agreement: Agreement
    since: dt.date
    settled_before: bool

    @property
    def partner(self) -> Partner:
        return self.agreement.partner


@dataclass
class PartnerConsignment:
    """One partner on the overview: its consignment agreement (the one that prices its goods),
    what it holds, and its overdue marks."""

    partner: Partner
    agreement: Agreement | None = None
    goods: list[HeldGoods] = field(default_factory=list)
    settlement_due: SettlementDue | None = None
    unpaid: list[Invoice] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)  # all its consignment ones

    @property
    def units(self) -> int:
        return sum(g.quantity for g in self.goods)

    @property
    def value(self) -> Decimal:
        return sum((g.value or Decimal(0) for g in self.goods), Decimal(0))

    @property
    def oldest_age(self) -> int | None:
        ages = [g.age_days for g in self.goods if g.age_days is not None]
        return max(ages) if ages else None

    @property
    def held_too_long(self) -> list[HeldGoods]:
        return [g for g in self.goods if g.held_too_long]

    @property
    def bands(self) -> list[int]:
        """Units held by age band: up to 30 days, 31–60, 61–90, more than 90."""
        units = [0] * (len(AGE_BANDS) + 1)
        for item in self.goods:
            units[item.age_band] += item.quantity
        return units

    @property
    def is_overdue(self) -> bool:
        return bool(self.held_too_long or self.settlement_due or self.unpaid)


@dataclass
class ConsignmentOverview:
    partners: list[PartnerConsignment]
    held_too_long: list[HeldGoods]
    settlements_due: list[SettlementDue]
    unpaid_invoices: list[Invoice]

    @property
    def units(self) -> int:
        return sum(p.units for p in self.partners)

    @property
    def value(self) -> Decimal:
        return sum((p.value for p in self.partners), Decimal(0))


def unpaid_settlement_invoices(
    *, facility, today: dt.date, partner: Partner | None = None
) -> list[Invoice]:
    """Invoices of confirmed settlements still (partly) unpaid after their due date, the
    longest overdue first; each with `paid`, `outstanding` and `days_overdue`. One query."""
    invoices = _invoices().filter(
        facility=facility, sale__settlement__isnull=False, due_on__lt=today
    )
    if partner is not None:
        invoices = invoices.filter(sale__partner=partner)
    rows = []
    for invoice in invoices.select_related("sale__settlement").order_by("due_on", "pk"):
        _with_outstanding(invoice)
        if invoice.outstanding > 0:
            invoice.days_overdue = (today - invoice.due_on).days
            rows.append(invoice)
    return rows


def settlements_due(
    *, agreements: dict[int, Agreement], goods: list[HeldGoods], today: dt.date
) -> list[SettlementDue]:
    """Of the partners' current consignment agreements ({partner id: agreement}), those that
    must settle (see the module docstring). One query."""
    holding = defaultdict(list)
    for item in goods:
        holding[item.partner.pk].append(item)
    relevant = [a for pid, a in agreements.items() if holding.get(pid)]
    last = last_period_ends(relevant)
    limit = month_before(today)
    due = []
    for agreement in relevant:
        ended = last.get(agreement.pk)
        if ended is not None:
            if ended < limit:
                due.append(SettlementDue(agreement, ended, True))
            continue
        arrivals = [g.arrived_on for g in holding[agreement.partner_id] if g.arrived_on]
        if arrivals and min(arrivals) < limit:
            due.append(SettlementDue(agreement, min(arrivals), False))
    return sorted(due, key=lambda d: (d.since, d.agreement.pk))


def consignment_overview(*, facility, today: dt.date) -> ConsignmentOverview:
    """Every partner of the unit that holds goods or has a running consignment agreement:
    what it holds (by product and lot, with age and value), and what is overdue. A fixed
    number of queries, whatever the number of partners or goods."""
    goods = held_goods(facility=facility, today=today)
    agreements = consignment_agreements(facility=facility)
    current = _current(
        [a for a in agreements if a.status in _STATUS_RANK]
        + [a for a in agreements if a.partner_id in {g.partner.pk for g in goods}]
    )
    partners: dict[int, PartnerConsignment] = {}
    for agreement in current.values():
        partners[agreement.partner_id] = PartnerConsignment(agreement.partner, agreement)
    for item in goods:
        entry = partners.setdefault(item.partner.pk, PartnerConsignment(item.partner))
        entry.goods.append(item)
    due = settlements_due(agreements=current, goods=goods, today=today)
    for item in due:
        partners[item.agreement.partner_id].settlement_due = item
    unpaid = unpaid_settlement_invoices(facility=facility, today=today)
    for invoice in unpaid:
        if invoice.sale.partner_id in partners:
            partners[invoice.sale.partner_id].unpaid.append(invoice)
    ordered = sorted(partners.values(), key=lambda p: (p.partner.legal_name, p.partner.pk))
    return ConsignmentOverview(
        partners=ordered,
        held_too_long=[g for g in goods if g.held_too_long],
        settlements_due=due,
        unpaid_invoices=unpaid,
    )


def partner_consignment(*, facility, partner: Partner, today: dt.date) -> PartnerConsignment:
    """One partner's page: its consignment agreements, what it holds and what is overdue."""
    goods = held_goods(facility=facility, today=today, partner=partner)
    agreements = consignment_agreements(facility=facility, partner_ids=[partner.pk])
    current = _current(agreements)
    due = settlements_due(agreements=current, goods=goods, today=today)
    return PartnerConsignment(
        partner,
        current.get(partner.pk),
        goods,
        settlement_due=due[0] if due else None,
        unpaid=unpaid_settlement_invoices(facility=facility, today=today, partner=partner),
        agreements=agreements,
    )
