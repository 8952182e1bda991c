"""What the order services share: the checks of a line, the default price, locking an order
and refusing a transition."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from karya.core.dates import tanggal
from karya.core.errors import Conflict, DomainError
from karya.core.money import rupiah
from karya.partners.choices import AgreementStatus
from karya.partners.models import AgreementProduct
from karya.production.choices import ProductCategory
from karya.production.selectors import price_on
from karya.sales.choices import CustomerKind, CustomerOrderStatus
from karya.sales.models import CustomerOrder
from karya.sales.services.sales import MAX_PRICE

PAYMENT_TERM_DAYS = 30  # an order's invoice falls due this many days after delivery
NAME_MAX = CustomerOrder._meta.get_field("customer_name").max_length
CONTACT_MAX = CustomerOrder._meta.get_field("customer_contact").max_length
REFERENCE_MAX = CustomerOrder._meta.get_field("ekatalog_reference").max_length
REASON_MAX = CustomerOrder._meta.get_field("cancel_reason").max_length
NOTE_MAX = 2000
OPEN = (CustomerOrderStatus.QUOTATION, CustomerOrderStatus.ORDERED)


@dataclass(frozen=True)
class QuoteLine:
    """One line of a quotation: a product or service of the unit, a whole quantity above zero
    and, optionally, a unit price in whole rupiah (None: the default price, see the package
    karya.sales.services.orders)."""

    product: object
    quantity: int
    unit_price: Decimal | int | str | None = None


def is_service(product) -> bool:
    """A service (car wash…) is sold without stock."""
    return product.category == ProductCategory.JASA


# --- checks ---------------------------------------------------------------------------------


def clean_text(value, limit: int, field: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise DomainError(_("At most %(max)s characters.") % {"max": limit}, field=field)
    return value


def clean_price(value) -> Decimal:
    try:
        price = rupiah(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Give the unit price in whole rupiah."), field="unit_price") from exc
    if price < 0 or price > MAX_PRICE:
        raise DomainError(_("Give a unit price from Rp 0."), field="unit_price")
    return price


def clean_date(value, field: str, today: dt.date, message: str) -> dt.date:
    if value is None:
        return today
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise DomainError(message, field=field)
    return value


def default_price(order: CustomerOrder, product) -> Decimal | None:
    """The unit price a line of `product` gets on the order when none is typed (see the
    package's decisions), or None when the product has no price on the quotation day."""
    day = order.quoted_on
    if order.customer_kind == CustomerKind.PARTNER and order.partner_id:
        agreed = (
            AgreementProduct.objects.filter(
                facility_id=order.facility_id,
                product=product,
                agreement__partner_id=order.partner_id,
                agreement__status=AgreementStatus.PKS,
            )
            .filter(Q(agreement__start_date__isnull=True) | Q(agreement__start_date__lte=day))
            .filter(Q(agreement__end_date__isnull=True) | Q(agreement__end_date__gte=day))
            .order_by("-agreement__start_date", "-pk")
            .values_list("agreed_price", flat=True)
            .first()
        )
        if agreed is not None:
            return agreed
    price = price_on(product, day)
    if price is None:
        return None
    if order.customer_kind in (CustomerKind.PARTNER, CustomerKind.UNIT):
        return price.partner_price
    return price.public_price


def check_product(order: CustomerOrder, product) -> None:
    if product is None or product.facility_id != order.facility_id:
        raise DomainError(_("Choose a product of this unit."), field="product")
    if not product.is_active:
        raise DomainError(
            _("%(product)s is no longer in use.") % {"product": product.name}, field="product"
        )
    if order.customer_kind == CustomerKind.EKATALOG and not product.ekatalog_listed:
        raise DomainError(
            _(
                "%(product)s is not listed on the e-Katalog; an e-Katalog order holds only "
                "listed products."
            )
            % {"product": product.name},
            field="product",
        )


def line_price(order: CustomerOrder, product, unit_price) -> Decimal:
    if unit_price is not None and unit_price != "":
        return clean_price(unit_price)
    price = default_price(order, product)
    if price is None:
        raise DomainError(
            _("%(product)s has no price on %(date)s; give the unit price.")
            % {"product": product.name, "date": tanggal(order.quoted_on)},
            field="unit_price",
        )
    return price


def lock(order: CustomerOrder) -> CustomerOrder:
    return (
        CustomerOrder.objects.select_for_update(of=("self",))
        .select_related("facility", "partner", "buyer_facility", "production_order")
        .get(pk=order.pk)
    )


def refuse(order: CustomerOrder, message: str) -> Conflict:
    return Conflict(
        message % {"number": order.number, "status": order.get_status_display().lower()},
        code="illegal_transition",
    )


def only_quotation(order: CustomerOrder) -> None:
    if order.status != CustomerOrderStatus.QUOTATION:
        raise refuse(
            order, _("Order %(number)s is %(status)s: its lines can no longer be changed.")
        )
