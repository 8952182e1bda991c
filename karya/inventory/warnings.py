"""Lots in stock that have expired or expire soon, as product warnings (registered with
karya.production.warnings from this app's ready())."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from karya.core.dates import tanggal
from karya.inventory.models import StockBalance
from karya.production.warnings import ProductWarning

LOT_WARNING_DAYS = 30


def lot_expiry_warnings(
    *, facility, today: dt.date, product_ids: Collection[int] | None = None
) -> Iterable[ProductWarning]:
    """Lots still in stock somewhere in the unit whose expiry date has passed or falls within
    LOT_WARNING_DAYS days. One query, whatever the number of lots."""
    balances = StockBalance.objects.filter(
        facility=facility,
        quantity__gt=0,
        lot__expires_on__isnull=False,
        lot__expires_on__lte=today + dt.timedelta(days=LOT_WARNING_DAYS),
    )
    if product_ids is not None:
        balances = balances.filter(product_id__in=list(product_ids))
    rows = (
        balances.values("product_id", "product__name", "lot__code", "lot__expires_on")
        .annotate(quantity=Sum("quantity"))
        .order_by("lot__expires_on", "lot__code")
    )
    for row in rows:
        until = row["lot__expires_on"]
        values = {"lot": row["lot__code"], "date": tanggal(until), "quantity": row["quantity"]}
        if until < today:
            message = _("Lot %(lot)s expired on %(date)s; %(quantity)s still in stock.") % values
        else:
            days = (until - today).days
            message = ngettext(
                "Lot %(lot)s expires on %(date)s (in %(days)s day); %(quantity)s in stock.",
                "Lot %(lot)s expires on %(date)s (in %(days)s days); %(quantity)s in stock.",
                days,
            ) % {**values, "days": days}
        yield ProductWarning(
            product_id=row["product_id"],
            product_name=row["product__name"],
            kind="lot_expired" if until < today else "lot_expiring",
            date=until,
            message=message,
            expired=until < today,
        )
