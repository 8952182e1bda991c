"""Models of the sales area, one module per part: handovers (BAST), sales and money,
consignment settlements, orders."""

from karya.sales.models.consignment import Settlement, SettlementLine
from karya.sales.models.handovers import Handover, HandoverLine, HandoverPhoto
from karya.sales.models.orders import CustomerOrder, OrderLine
from karya.sales.models.sales import Invoice, Payment, PaymentAllocation, Sale, SaleLine

__all__ = [
    "CustomerOrder",
    "Handover",
    "HandoverLine",
    "HandoverPhoto",
    "Invoice",
    "OrderLine",
    "Payment",
    "PaymentAllocation",
    "Sale",
    "SaleLine",
    "Settlement",
    "SettlementLine",
]
