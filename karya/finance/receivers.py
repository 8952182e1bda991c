"""The finance area's answer to money received: `karya.sales.signals.money_received` is sent
inside the payment's transaction, and each allocation is split there (the rules are in
`karya.finance.services.splits`). An error here refuses the payment too."""

from karya.sales.models import Payment
from karya.sales.signals import money_received


def split_money_received(sender, *, payment, allocations, actor, **kwargs):
    from karya.finance.services.splits import proceeds_split_payment

    proceeds_split_payment(actor=actor, payment=payment, allocations=allocations)


def connect() -> None:
    money_received.connect(split_money_received, sender=Payment, dispatch_uid="finance-split")
