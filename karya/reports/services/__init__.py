"""Writes of the reports area: the monthly figures (aggregates) and the targets."""

from karya.reports.services.aggregates import (
    aggregates_mark,
    aggregates_rebuild,
    aggregates_refresh,
    aggregates_refresh_due,
)

__all__ = [
    "aggregates_mark",
    "aggregates_rebuild",
    "aggregates_refresh",
    "aggregates_refresh_due",
]
