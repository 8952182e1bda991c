"""Reads on consignment (konsinyasi): what each partner holds of the unit's goods, how long it
has held them, its settlements and returns, and what is overdue.

Everything is read from the stock ledger, not from handovers: goods are at a partner when a
balance of a partner location (`StockLocation.kind == partner` with its `partner` set) is above
zero, however they got there (a posted konsinyasi handover or a plain stock transfer). Goods
leave it when a settlement is confirmed (sold) or when they come back (returned).

Age. The age of held goods is the number of days since the oldest arrival of what is still
held, first in first out: of the units that came into the position (location, product, lot),
the ones that left are taken to be the earliest; the arrival date of the earliest unit still
there is `arrived_on` (in the unit's zone).

Overdue (the thresholds are constants here, shown on the page):
- goods held longer than `HELD_TOO_LONG_DAYS` (90 days): a partner that has not sold them in
  three months should return them or be asked why;
- a settlement is due for a consignment agreement whose partner holds goods and whose last
  settlement period (submitted or confirmed) ended more than a month ago, or, when it has none,
  whose goods arrived more than a month ago: the seed agreements settle monthly;
- invoices of confirmed settlements not fully paid by their due date.

Every function runs inside the unit's scope, and the number of queries of each is the same
whatever the number of rows.
"""

from karya.sales.selectors.consignment.holdings import (
    _STATUS_RANK,
    AGE_BANDS,
    COUNTED_STATUSES,
    HELD_TOO_LONG_DAYS,
    MONEY,
    SETTLEMENT_PAGE,
    HeldGoods,
    age_band,
    agreed_prices,
    consignment_agreements,
    held_by_product,
    held_goods,
    is_consignment,
    month_before,
    partner_location,
    partner_locations,
    pending_quantities,
)
from karya.sales.selectors.consignment.overview import (
    ConsignmentOverview,
    PartnerConsignment,
    SettlementDue,
    consignment_overview,
    partner_consignment,
    settlements_due,
    unpaid_settlement_invoices,
)
from karya.sales.selectors.consignment.settlements import (
    SettlementRow,
    attach_invoices,
    consignment_returns,
    last_period_ends,
    settlement_get,
    settlement_list,
    settlement_rows,
    settlement_sale,
    settlements_of_partner,
    suggested_period,
)

__all__ = [
    "_STATUS_RANK",
    "AGE_BANDS",
    "COUNTED_STATUSES",
    "HELD_TOO_LONG_DAYS",
    "MONEY",
    "SETTLEMENT_PAGE",
    "HeldGoods",
    "age_band",
    "agreed_prices",
    "consignment_agreements",
    "held_by_product",
    "held_goods",
    "is_consignment",
    "month_before",
    "partner_location",
    "partner_locations",
    "pending_quantities",
    "ConsignmentOverview",
    "PartnerConsignment",
    "SettlementDue",
    "consignment_overview",
    "partner_consignment",
    "settlements_due",
    "unpaid_settlement_invoices",
    "SettlementRow",
    "attach_invoices",
    "consignment_returns",
    "last_period_ends",
    "settlement_get",
    "settlement_list",
    "settlement_rows",
    "settlement_sale",
    "settlements_of_partner",
    "suggested_period",
]
