"""Numbers of official documents (BAST, invoices, receipts, …): `<series>/<unit code>/<year>/
<month>/<sequence>`, consecutive per unit, series and month, never reused, without gaps.

The counter row is created if missing (INSERT … ON CONFLICT DO NOTHING), then locked with
SELECT … FOR UPDATE, so two postings at the same moment wait for each other and get
consecutive numbers. Call it inside the transaction that saves the numbered document: when that
transaction rolls back, so does the counter, and the number is given again.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from karya.core.models import DocumentCounter


def next_sequence(facility, series: str, period: str) -> int:
    """The next sequence number of (unit, series, period); must run inside a transaction."""
    if not transaction.get_connection().in_atomic_block:  # pragma: no cover - a coding error
        raise RuntimeError("next_sequence() must run inside the document's transaction")
    DocumentCounter.objects.bulk_create(
        [DocumentCounter(facility=facility, series=series, period=period, last=0)],
        ignore_conflicts=True,
    )
    counter = DocumentCounter.objects.select_for_update().get(
        facility=facility, series=series, period=period
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def next_number(facility, series: str, on: dt.date) -> str:
    """`<series>/<unit code>/<yyyy>/<mm>/<nnnn>` for a document dated `on` (the unit's date)."""
    period = f"{on.year:04d}/{on.month:02d}"
    sequence = next_sequence(facility, series, period)
    return f"{series}/{facility.code}/{period}/{sequence:04d}"
