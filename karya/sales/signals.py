"""Signals of the sales area.

`money_received(sender=Payment, payment=..., allocations=[...], actor=...)` is sent inside the
transaction that records a payment or a refund (a refund's allocations are negative), after its
allocations are written. The finance area splits each allocation into PNBP, premi and capital;
if that fails, the payment is not recorded either. Receivers must not swallow errors.
"""

from django.dispatch import Signal

money_received = Signal()
