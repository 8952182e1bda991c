"""Signals the registry sends so that other apps can keep their own rules in their services.

`inmates_departed(sender=Inmate, inmates=[...], actor=...)` is sent inside the transaction that
marked the inmates as released or transferred; receivers run their own service (the work
programme ends the inmates' allocations).
"""

from django.dispatch import Signal

inmates_departed = Signal()
