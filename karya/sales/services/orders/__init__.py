"""Orders from people, institutions, partners, other units and the government e-catalogue
(e-Katalog LKPP): a quotation (surat penawaran harga) → an order → a delivery, with its sale and
invoice → payment. Cancelling is possible at every step; after delivery it reverses everything.

Decisions (DESIGN.md is silent on them):
- **Number.** PSN/<unit>/<yyyy>/<mm>/<nnnn> is given when the quotation is made, dated the
  quotation day, because the printed quotation carries it. A cancelled quotation keeps its
  number: numbers are never reused and have no gaps (karya.core.numbering).
- **Default unit price** (a typed price always wins): the price valid on the quotation day
  (karya.production.selectors.price_on). People, institutions and e-Katalog buyers pay the
  public price (the e-Katalog lists the public price). A partner pays the price agreed for the
  product in its active PKS valid that day, else the product's partner price; another unit buys
  at the partner price too (a fellow unit is a trade buyer, not the public).
- **Lines.** One line per product; lines change only while the order is a quotation, and a
  quotation keeps at least one line (cancel it instead). An e-Katalog order holds only products
  listed on the e-Katalog and always carries the buyer's e-Katalog order reference.
- **Delivery.** Goods leave one stock location of the unit (a store or the gallery, not goods
  held by a partner) as `sold` moves; a line takes the lot chosen for it, or else the first
  available: the lot of the linked production order, then goods without a lot (opening stock),
  then lots oldest first. Services (category jasa) take no stock. The sale (channel ORDER) and
  its invoice are made in the same transaction; the invoice falls due PAYMENT_TERM_DAYS after
  delivery unless another date is given.
- **PAID is derived, never stored.** Payments are recorded wherever the money comes in (the
  counter, an invoice page, the API) through karya.sales.services.payments, which knows nothing
  of orders, and no signal carries business rules. So the stored status stays DELIVERED and
  karya.sales.selectors.orders reads the order as PAID while the payments of its sale cover the
  invoice; a refund makes it unpaid again, and nothing can fall out of step.
- **Cancellation.** A quotation or an order is cancelled with a reason. A delivered (or paid)
  order is cancelled by a reversing sale (sale_reverse), the goods coming back to the
  locations they left (`returned` moves of the same lots at the same cost) and every payment
  refunded in full (payment_refund): one transaction, so stock and money add up exactly to
  what they were before the delivery.
"""

from karya.sales.services.orders.common import (
    OPEN,
    PAYMENT_TERM_DAYS,
    QuoteLine,
    default_price,
    is_service,
)
from karya.sales.services.orders.delivery import delivered_sale, order_cancel, order_deliver
from karya.sales.services.orders.quotation import (
    order_confirm,
    order_line_add,
    order_line_change,
    order_line_remove,
    order_link_production,
    order_plan_production,
    order_quote,
)

__all__ = [
    "OPEN",
    "PAYMENT_TERM_DAYS",
    "QuoteLine",
    "default_price",
    "delivered_sale",
    "is_service",
    "order_cancel",
    "order_confirm",
    "order_deliver",
    "order_line_add",
    "order_line_change",
    "order_line_remove",
    "order_link_production",
    "order_plan_production",
    "order_quote",
]
