"""Warnings about a unit's products, shown above the product list and on a product's page.

`product_warnings(facility=..., today=...)` gathers the warnings of every registered source.
This app registers one source, halal certificates that have expired or expire within
`HALAL_WARNING_DAYS` days. Other apps add theirs without this app importing them (dependencies
point one way): the stock ledger, for instance, registers lots near their expiry date from
its AppConfig.ready():

    from karya.production.warnings import ProductWarning, register_warning_source

    def lot_expiry_warnings(*, facility, today, product_ids=None):
        ...  # one or two queries, whatever the number of lots
        yield ProductWarning(product_id=..., product_name=..., kind="lot_expiring", ...)

    register_warning_source(lot_expiry_warnings)

A source takes keyword arguments `facility`, `today` (the unit's local date) and
`product_ids` (None: every product of the unit; else only those), runs inside the unit's
scope, and must take a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from karya.core.dates import tanggal
from karya.production import selectors

HALAL_WARNING_DAYS = 30


@dataclass(frozen=True)
class ProductWarning:
    product_id: int
    product_name: str
    kind: str  # stable code: "halal_expired", "halal_expiring", ...
    date: dt.date  # when it expires or expired
    message: str  # translated, ready to show
    expired: bool = False  # already past (shown more strongly than "soon")


WarningSource = Callable[..., Iterable[ProductWarning]]
_SOURCES: list[WarningSource] = []


def register_warning_source(source: WarningSource) -> WarningSource:
    """Add a source of product warnings (once; registering it again changes nothing)."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def halal_warnings(
    *, facility, today: dt.date, product_ids: Collection[int] | None = None
) -> Iterable[ProductWarning]:
    """Halal certificates expired, or expiring within HALAL_WARNING_DAYS days (one query)."""
    for product in selectors.halal_expiring(
        facility=facility, today=today, within_days=HALAL_WARNING_DAYS, product_ids=product_ids
    ):
        until = product.halal_valid_until
        values = {"number": product.halal_number, "date": tanggal(until)}
        if until < today:
            message = _("Halal certificate %(number)s expired on %(date)s.") % values
        else:
            days = (until - today).days
            message = ngettext(
                "Halal certificate %(number)s expires on %(date)s (in %(days)s day).",
                "Halal certificate %(number)s expires on %(date)s (in %(days)s days).",
                days,
            ) % {**values, "days": days}
        yield ProductWarning(
            product_id=product.pk,
            product_name=product.name,
            kind="halal_expired" if until < today else "halal_expiring",
            date=until,
            message=message,
            expired=until < today,
        )


register_warning_source(halal_warnings)


def product_warnings(
    *, facility, today: dt.date, product_ids: Collection[int] | None = None
) -> list[ProductWarning]:
    """Every warning of every source, the expired first, then by date and product."""
    found: list[ProductWarning] = []
    for source in _SOURCES:
        found.extend(source(facility=facility, today=today, product_ids=product_ids))
    return sorted(found, key=lambda w: (not w.expired, w.date, w.product_name, w.kind))
