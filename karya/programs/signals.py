"""Signals of the work programme, so that other areas can keep their own rules.

`attendance_day_locks(sender=Workshop, workshop=..., date=...)` is sent inside the transaction
that is about to record or correct a workshop's day. A receiver returns a reason (a translated
sentence) when the day is closed to changes — the premi area does once an approved premi run
has used it — or None; the day is then refused with the first reason and nothing is written.
"""

from django.dispatch import Signal

attendance_day_locks = Signal()
