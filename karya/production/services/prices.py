"""Dated prices: append-only. A price is never changed; a new price from a later date is
added, so whatever was sold on a day keeps the price valid on that day.

Rule on dates (decided here): a new price must start after the product's latest price, never
before or on its date. Back-dating a price between two existing ones would change, after the
fact, the price that was valid on days already past; a mistake is corrected by a new price
from the next day. A price may be announced ahead, at most PRICE_AHEAD_DAYS days, so that a
mistyped year cannot block the product's prices for decades.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from karya.audit.services import audited_create
from karya.core.dates import tanggal, today_in
from karya.core.errors import DomainError
from karya.core.money import format_rupiah, rupiah
from karya.production import selectors
from karya.production.models import Product, ProductPrice

PRICE_AHEAD_DAYS = 366
EARLIEST = dt.date(2000, 1, 1)
MONEY_LIMIT = Decimal(10) ** 14  # Decimal(14, 0)


def _amount(value, field: str) -> Decimal:
    try:
        amount = rupiah(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Enter an amount in whole rupiah."), field=field) from exc
    if amount < 0:
        raise DomainError(_("An amount cannot be negative."), field=field)
    if amount >= MONEY_LIMIT:
        raise DomainError(_("The amount is too large."), field=field)
    return amount


@transaction.atomic
def product_price_add(
    *,
    actor,
    product: Product,
    valid_from: dt.date,
    cost,
    public_price,
    partner_price,
) -> ProductPrice:
    """Add the product's prices (cost, public price, partner price; whole rupiah, none
    negative) valid from `valid_from` until the next price. The date must come after the
    latest price's, and at most PRICE_AHEAD_DAYS days ahead. A published product's public
    price stays above zero. Side effect: an audit row."""
    amounts = {
        "cost": _amount(cost, "cost"),
        "public_price": _amount(public_price, "public_price"),
        "partner_price": _amount(partner_price, "partner_price"),
    }
    if not isinstance(valid_from, dt.date) or isinstance(valid_from, dt.datetime):
        raise DomainError(_("Enter the date from which the price is valid."), field="valid_from")
    # Lock the product: two officers adding a price at once are put one after the other.
    current = Product.objects.select_for_update().select_related("facility").get(pk=product.pk)
    today = today_in(current.facility.timezone)
    if valid_from < EARLIEST:
        raise DomainError(
            _("A price cannot start before %(date)s.") % {"date": tanggal(EARLIEST)},
            field="valid_from",
        )
    if valid_from > today + dt.timedelta(days=PRICE_AHEAD_DAYS):
        raise DomainError(
            _("A price can be announced at most %(days)s days ahead.") % {"days": PRICE_AHEAD_DAYS},
            field="valid_from",
        )
    latest = selectors.latest_price(current)
    if latest is not None and valid_from <= latest.valid_from:
        raise DomainError(
            _(
                "A new price must start after the latest price (valid from %(date)s). Prices "
                "are never changed, so that past sales keep their price."
            )
            % {"date": tanggal(latest.valid_from)},
            code="price_not_after_latest",
            field="valid_from",
        )
    if current.is_published and amounts["public_price"] == 0:
        raise DomainError(
            _(
                "The product is in the public catalogue: its public price must be above "
                "%(zero)s. Withdraw it from the catalogue first."
            )
            % {"zero": format_rupiah(0)},
            code="published",
            field="public_price",
        )
    return audited_create(
        actor=actor,
        model=ProductPrice,
        facility_id=current.facility_id,
        product=current,
        valid_from=valid_from,
        created_by=actor if getattr(actor, "pk", None) else None,
        **amounts,
    )
