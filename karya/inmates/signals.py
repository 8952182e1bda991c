"""Signals the registry sends so that other apps can keep their own rules in their services.

`inmates_departed(sender=Inmate, inmates=[...], actor=...)` is sent inside the transaction that
marked the inmates as released or transferred; receivers run their own service (the work
programme ends the inmates' allocations).

`inmates_registered(sender=Inmate, facility=..., inmates=...)` is sent inside the transaction
of an SDP import that added inmates to the unit's register in bulk (rows written in bulk send no
`post_save`); the reports area marks the unit's monthly figures for recomputing. `inmates` is
a QuerySet of the inmates added on PostgreSQL (the import may add a whole country's unit:
aggregate it or read it with `.iterator()`, do not load it) and a list elsewhere.
"""

from django.dispatch import Signal

inmates_departed = Signal()
inmates_registered = Signal()
