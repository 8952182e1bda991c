"""Consignment (konsinyasi) once the goods are at the partner: the partner's sales report for a
period (a settlement), its confirmation into a sale and an invoice net of the partner's
commission, its rejection, and unsold goods coming back.

Money. The settlement's lines are at the agreement's agreed prices: gross = Σ quantity × agreed
price; commission = gross × the agreement's commission % (karya.core.money.percent_of, whole
rupiah, half up); net = gross − commission. On confirmation the commission is a discount of
the sale: every sale line keeps the agreed unit price, and carries its share of the commission
(largest remainder over the lines' gross amounts) as `discount`, so each line's amount is what
the unit is owed for it, the sale's total and its invoice are the net, and the payment
allocations per product (made from the lines' amounts) add up to the net.

Lots. A line may name a lot; without one the goods are taken from the partner's lots oldest
first (no lot first, then by production date), which is what a partner that does not see lots
reports. The same rule serves returns.

Stock. Nothing here touches balances directly: sold goods leave the partner location with
`stock_take(kind=sold)`, returned goods with `stock_transfer` (kinds transfer-out / returned).
Units reported in settlements still awaiting confirmation are held in the ledger but no longer
available to another report or a return.
"""

from karya.sales.services.consignment.checks import (
    DEFAULT_DUE_DAYS,
    KIND_REJECTED,
    KIND_REPORTED,
    NOTE_MAX,
    REASON_MAX,
    SettlementLineInput,
    consignment_location,
)
from karya.sales.services.consignment.returns import (
    consignment_return,
)
from karya.sales.services.consignment.settlements import (
    settlement_confirm,
    settlement_reject,
    settlement_submit,
)

__all__ = [
    "DEFAULT_DUE_DAYS",
    "KIND_REJECTED",
    "KIND_REPORTED",
    "NOTE_MAX",
    "REASON_MAX",
    "SettlementLineInput",
    "consignment_location",
    "consignment_return",
    "settlement_confirm",
    "settlement_reject",
    "settlement_submit",
]
