"""Undoing a sale whole, for the channels that cancel one (a counter sale, a delivered order):
the reversing sale, the goods put back, the money paid back."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from karya.inventory.choices import MoveKind
from karya.inventory.models import StockMove
from karya.inventory.services import stock_receive
from karya.sales.models import Payment, Sale
from karya.sales.selectors.money import payment_refundable
from karya.sales.services.payments import payment_refund
from karya.sales.services.sales import sale_reverse


def sale_undo(*, actor, sale: Sale, reason: str, when: dt.datetime, note: str = "") -> Sale:
    """Cancel a sale whole and return its reversal: the reversing sale (`sale_reverse`), the
    goods it took out of stock (the `sold` moves carrying its number) received back where they
    came from, in the same lots and at the same cost (kind `returned`, noted `note`, else the
    reason), and what is left of every payment paid back (a refund with the reason, dated
    `when`). Refused as `sale_reverse` refuses. The caller checks its channel's rules and
    locks the sale first. Side effects: the reversal, the stock moves, the refunds (and so
    the finance split undone), their audit rows."""
    with transaction.atomic():
        reversal = sale_reverse(actor=actor, sale=sale, reason=reason, when=when)
        sold = StockMove.objects.filter(
            facility_id=sale.facility_id, kind=MoveKind.SOLD, reference=sale.number
        ).select_related("location", "product", "lot")
        for move in sold.order_by("pk"):
            stock_receive(
                actor=actor,
                location=move.location,
                product=move.product,
                lot=move.lot,
                quantity=-move.quantity,
                kind=MoveKind.RETURNED,
                unit_cost=move.unit_cost,
                reference=reversal.number,
                note=(note or reason)[:300],
            )
        for payment in Payment.objects.filter(sale=sale, reverses__isnull=True).order_by("pk"):
            if payment_refundable(payment) > 0:
                payment_refund(actor=actor, payment=payment, reason=reason, paid_at=when)
    return reversal
