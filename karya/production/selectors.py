"""Reads on the catalogue. Every query is filtered by the unit and runs inside its scope; each
read takes a fixed number of queries whatever the number of products."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from karya.core.money import rupiah
from karya.production.choices import MaterialMoveKind, MaterialOwner
from karya.production.models import (
    Material,
    MaterialMove,
    Product,
    ProductionOrder,
    ProductPhoto,
    ProductPrice,
)
from karya.programs.models import OutputRecord


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


# --- materials ------------------------------------------------------------------------------


def _average_price(purchased_quantity, purchased_amount) -> Decimal | None:
    if not purchased_quantity:
        return None
    return Decimal(purchased_amount) / Decimal(purchased_quantity)


def material_list(*, facility, active: bool | None = None, owner: str = "") -> list[Material]:
    """The unit's materials (in use first, then by name), each with `average_price` (the
    weighted average purchase price, None for partner material or before any purchase) and
    `value` (quantity on hand at that price, whole rupiah; always 0 for partner material).
    Two queries whatever the number of materials."""
    materials = Material.objects.filter(facility=facility).select_related("partner")
    if active is not None:
        materials = materials.filter(is_active=active)
    if owner:
        materials = materials.filter(owner=owner)
    purchases = Q(moves__kind=MaterialMoveKind.PURCHASE)
    rows = list(
        materials.annotate(
            purchased_quantity=Sum("moves__quantity", filter=purchases),
            purchased_amount=Sum("moves__amount", filter=purchases),
        ).order_by("-is_active", "name", "pk")
    )
    for material in rows:
        _attach_value(material)
    return rows


def _attach_value(material: Material) -> Material:
    if material.owner == MaterialOwner.PARTNER:
        material.average_price = None
        material.value = Decimal(0)
    else:
        material.average_price = _average_price(
            material.purchased_quantity, material.purchased_amount
        )
        material.value = (
            rupiah(material.quantity * material.average_price)
            if material.average_price is not None
            else Decimal(0)
        )
    return material


def material_get(*, facility, pk) -> Material | None:
    """One material of the unit with its average price and value; None for another unit's."""
    purchases = Q(moves__kind=MaterialMoveKind.PURCHASE)
    material = (
        Material.objects.filter(facility=facility, pk=pk)
        .select_related("partner", "facility")
        .annotate(
            purchased_quantity=Sum("moves__quantity", filter=purchases),
            purchased_amount=Sum("moves__amount", filter=purchases),
        )
        .first()
    )
    return None if material is None else _attach_value(material)


def material_value(material: Material) -> Decimal:
    """What the material on hand is worth to the unit: own material at the weighted average
    purchase price; partner-supplied material is never the unit's stock, so 0."""
    fresh = material_get(facility=material.facility_id, pk=material.pk)
    return fresh.value if fresh is not None else Decimal(0)


def average_purchase_price(material: Material) -> Decimal | None:
    """The weighted average price of every purchase of the material (None: never bought)."""
    totals = MaterialMove.objects.filter(
        facility_id=material.facility_id, material=material, kind=MaterialMoveKind.PURCHASE
    ).aggregate(quantity=Sum("quantity"), amount=Sum("amount"))
    return _average_price(totals["quantity"], totals["amount"])


def material_moves(material: Material) -> QuerySet[MaterialMove]:
    return (
        MaterialMove.objects.filter(facility_id=material.facility_id, material=material)
        .select_related("order", "created_by")
        .order_by("-moved_on", "-pk")
    )


# --- production orders ----------------------------------------------------------------------


def order_list(
    *,
    facility,
    status: str = "",
    workshop_id: int | None = None,
    product_id: int | None = None,
    year: int | None = None,
    after: int | None = None,
) -> QuerySet[ProductionOrder]:
    """The unit's orders, newest first (by id: keyset pagination passes `after`), with their
    workshop, product and lot in the same query."""
    orders = ProductionOrder.objects.filter(facility=facility).select_related(
        "workshop", "product", "lot"
    )
    if status:
        orders = orders.filter(status=status)
    if workshop_id:
        orders = orders.filter(workshop_id=workshop_id)
    if product_id:
        orders = orders.filter(product_id=product_id)
    if year:
        orders = orders.filter(start_date__year=year)
    if after:
        orders = orders.filter(pk__lt=after)
    return orders.order_by("-pk")


def order_get(*, facility, pk) -> ProductionOrder | None:
    """One order of the unit; None for a missing one and another unit's alike."""
    return (
        ProductionOrder.objects.filter(facility=facility, pk=pk)
        .select_related(
            "facility",
            "workshop",
            "product",
            "partner",
            "lot",
            "planning_officer",
            "making_officer",
            "packaging_officer",
        )
        .first()
    )


def order_material_moves(order: ProductionOrder) -> QuerySet[MaterialMove]:
    return (
        MaterialMove.objects.filter(facility_id=order.facility_id, order=order)
        .select_related("material")
        .order_by("moved_on", "pk")
    )


def order_material_cost(order: ProductionOrder) -> Decimal:
    """The value of the own material used by the order (whole rupiah; partner material: 0)."""
    total = MaterialMove.objects.filter(facility_id=order.facility_id, order=order).aggregate(
        amount=Sum("amount")
    )["amount"]
    return rupiah(total or 0)


def order_workers(order: ProductionOrder, *, today: dt.date | None = None) -> list[dict]:
    """Which inmates made how much of the order's product in its workshop between its start
    and its finish (or `today` while it runs), from their output records: dicts with
    `inmate_id`, `name`, `registration_number`, `quantity` and `days`, most pieces first.

    Names inmates: for pages inside the unit only, never for public or partner pages. Two
    orders of the same product in the same workshop at the same time share these records.
    """
    if order.started_on is None:
        return []
    until = order.finished_on or today or order.due_date
    rows = (
        OutputRecord.objects.filter(
            facility_id=order.facility_id,
            allocation__workshop_id=order.workshop_id,
            product_id=order.product_id,
            date__range=(order.started_on, until),
            quantity__gt=0,
        )
        .values(
            "allocation__inmate_id",
            "allocation__inmate__name",
            "allocation__inmate__registration_number",
        )
        .annotate(total=Sum("quantity"), days=Count("date", distinct=True))
        .order_by("-total", "allocation__inmate__name")
    )
    return [
        {
            "inmate_id": row["allocation__inmate_id"],
            "name": row["allocation__inmate__name"],
            "registration_number": row["allocation__inmate__registration_number"],
            "quantity": row["total"],
            "days": row["days"],
        }
        for row in rows
    ]
