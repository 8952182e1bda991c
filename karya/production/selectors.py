"""Reads on the catalogue. Every query is filtered by the unit and runs inside its scope; each
read takes a fixed number of queries whatever the number of products."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, QuerySet, Subquery

from karya.production.models import Product, ProductPhoto, ProductPrice


def product_get(*, facility, pk: int) -> Product | None:
    """One product of the unit, or None (another unit's product is not found either)."""
    return Product.objects.filter(facility=facility, pk=pk).first()


def with_current_price(products: QuerySet[Product], *, on: dt.date) -> QuerySet[Product]:
    """Annotate each product with the price valid on `on`: `price_valid_from`, `price_cost`,
    `price_public`, `price_partner` (None when the product has no price yet on that date)."""
    current = ProductPrice.objects.filter(
        facility_id=OuterRef("facility_id"), product=OuterRef("pk"), valid_from__lte=on
    ).order_by("-valid_from")
    return products.annotate(
        price_valid_from=Subquery(current.values("valid_from")[:1]),
        price_cost=Subquery(current.values("cost")[:1]),
        price_public=Subquery(current.values("public_price")[:1]),
        price_partner=Subquery(current.values("partner_price")[:1]),
    )


def product_list(
    *,
    facility,
    on: dt.date,
    category: str = "",
    published: bool | None = None,
    active: bool | None = None,
    query: str = "",
) -> QuerySet[Product]:
    """The unit's products (active first, then by name) with the price valid on `on`."""
    products = Product.objects.filter(facility=facility)
    if category:
        products = products.filter(category=category)
    if published is not None:
        products = products.filter(is_published=published)
    if active is not None:
        products = products.filter(is_active=active)
    if query:
        products = products.filter(Q(name__icontains=query) | Q(description__icontains=query))
    return with_current_price(products, on=on).order_by("-is_active", "name", "pk")


def price_on(product: Product, date: dt.date) -> ProductPrice | None:
    """The price of the product valid on `date`: the latest one dated on or before it."""
    return (
        ProductPrice.objects.filter(
            facility_id=product.facility_id, product=product, valid_from__lte=date
        )
        .order_by("-valid_from")
        .first()
    )


def latest_price(product: Product) -> ProductPrice | None:
    """The most recently dated price, whether already valid or announced for later."""
    return (
        ProductPrice.objects.filter(facility_id=product.facility_id, product=product)
        .order_by("-valid_from")
        .first()
    )


def price_history(product: Product) -> QuerySet[ProductPrice]:
    """Every price of the product, newest date first, with who recorded it."""
    return (
        ProductPrice.objects.filter(facility_id=product.facility_id, product=product)
        .select_related("created_by")
        .order_by("-valid_from")
    )


def product_photos(product: Product) -> QuerySet[ProductPhoto]:
    return ProductPhoto.objects.filter(facility_id=product.facility_id, product=product).order_by(
        "position", "pk"
    )


def photo_get(product: Product, pk: int) -> ProductPhoto | None:
    return product_photos(product).filter(pk=pk).first()


def halal_expiring(
    *, facility, today: dt.date, within_days: int = 30, product_ids=None
) -> QuerySet[Product]:
    """Active products whose halal certificate has expired or expires within `within_days`
    days, soonest first. (A certificate without an end date does not expire.)"""
    products = Product.objects.filter(
        facility=facility,
        is_active=True,
        halal_valid_until__isnull=False,
        halal_valid_until__lte=today + dt.timedelta(days=within_days),
    )
    if product_ids is not None:
        products = products.filter(pk__in=list(product_ids))
    return products.order_by("halal_valid_until", "name")
