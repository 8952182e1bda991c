"""The catalogue of one unit: products and services, their dated prices, publication in the
public catalogue and the e-Katalog flag. (Photos are uploaded on the product's page.)

Reading needs Perm.WORKSHOP_VIEW, writing Perm.PRODUCT_MANAGE. Amounts are whole rupiah as
JSON integers. Every query runs inside the unit's scope, and the answer is built inside it.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status

from karya.accounts.permissions import Perm
from karya.api.errors import ErrorOut
from karya.api.routers.common import facility_for
from karya.core.dates import today_in
from karya.production import selectors, services
from karya.production.choices import ProductCategory, UnitOfMeasure
from karya.production.models import Product, ProductPrice
from karya.production.warnings import product_warnings

router = Router(tags=["products"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
RUPIAH = "Whole rupiah."


class PriceOut(Schema):
    valid_from: dt.date = Field(..., description="Valid from this date until the next price.")
    cost: int = Field(..., description=RUPIAH)
    public_price: int = Field(..., description=RUPIAH)
    partner_price: int = Field(..., description=RUPIAH)


class PhotoOut(Schema):
    id: int
    width: int
    height: int
    position: int


class WarningOut(Schema):
    kind: str = Field(..., description="`halal_expired`, `halal_expiring`, …")
    date: dt.date
    message: str
    expired: bool


class ProductOut(Schema):
    id: int
    name: str
    category: ProductCategory
    unit_of_measure: UnitOfMeasure
    description: str
    is_active: bool
    is_published: bool = Field(..., description="Shown in the public catalogue.")
    ekatalog_listed: bool = Field(..., description="Listed on the government e-Katalog (LKPP).")
    ekatalog_reference: str
    pirt_number: str = Field(..., description="Food only.")
    halal_number: str = Field(..., description="Food only.")
    halal_valid_until: dt.date | None = Field(
        ..., description="Food only; null: no end date (or no certificate)."
    )
    shelf_life_days: int | None = Field(..., description="Food only.")
    current_price: PriceOut | None = Field(..., description="The price valid today, if any.")


class ProductDetailOut(ProductOut):
    prices: list[PriceOut] = Field(..., description="Every price, newest date first.")
    photos: list[PhotoOut]
    warnings: list[WarningOut]
    publish_problems: list[str] = Field(
        ..., description="Why the product cannot be published now (empty: it can, or it is)."
    )


class ProductPage(Schema):
    items: list[ProductOut]
    next_cursor: int | None = Field(
        None, description="Pass as `after` to get the next page; null on the last page."
    )


class ProductIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    category: ProductCategory
    unit_of_measure: UnitOfMeasure
    description: str = ""
    is_active: bool = True
    pirt_number: str = Field("", max_length=40, description="Food only.")
    halal_number: str = Field("", max_length=60, description="Food only.")
    halal_valid_until: dt.date | None = Field(None, description="Food only.")
    shelf_life_days: int | None = Field(None, ge=1, description="Food only.")


class ProductPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=150)
    category: ProductCategory | None = None
    unit_of_measure: UnitOfMeasure | None = None
    description: str | None = None
    is_active: bool | None = Field(None, description="false also withdraws it from the catalogue")
    pirt_number: str | None = Field(None, max_length=40)
    halal_number: str | None = Field(None, max_length=60)
    halal_valid_until: dt.date | None = Field(None, description="null clears it")
    shelf_life_days: int | None = Field(None, ge=1, description="null clears it")


class ProductFilter(Schema):
    category: ProductCategory | None = None
    published: bool | None = None
    active: bool | None = None
    q: str = Field("", description="Matches the name or the description.")
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(100, ge=1, le=500)


class PriceIn(Schema):
    valid_from: dt.date = Field(..., description="After the latest price's date.")
    cost: int = Field(..., ge=0, description=RUPIAH)
    public_price: int = Field(..., ge=0, description=RUPIAH)
    partner_price: int = Field(..., ge=0, description=RUPIAH)


class EkatalogIn(Schema):
    listed: bool
    reference: str = Field("", max_length=100, description="Required when listed.")


def _price_out(price: ProductPrice) -> PriceOut:
    return PriceOut(
        valid_from=price.valid_from,
        cost=int(price.cost),
        public_price=int(price.public_price),
        partner_price=int(price.partner_price),
    )


def _fields(product: Product, current: PriceOut | None) -> dict:
    return {
        "id": product.pk,
        "name": product.name,
        "category": product.category,
        "unit_of_measure": product.unit_of_measure,
        "description": product.description,
        "is_active": product.is_active,
        "is_published": product.is_published,
        "ekatalog_listed": product.ekatalog_listed,
        "ekatalog_reference": product.ekatalog_reference,
        "pirt_number": product.pirt_number,
        "halal_number": product.halal_number,
        "halal_valid_until": product.halal_valid_until,
        "shelf_life_days": product.shelf_life_days,
        "current_price": current,
    }


def _list_out(product: Product) -> ProductOut:
    current = None
    if product.price_valid_from is not None:
        current = PriceOut(
            valid_from=product.price_valid_from,
            cost=int(product.price_cost),
            public_price=int(product.price_public),
            partner_price=int(product.price_partner),
        )
    return ProductOut(**_fields(product, current))


def _product(facility, product_id: int) -> Product:
    product = selectors.product_get(facility=facility, pk=product_id)
    if product is None:
        raise Http404
    return product


def _detail(facility, product_id: int) -> ProductDetailOut:
    product = _product(facility, product_id)
    today = today_in(facility.timezone)
    prices = list(selectors.price_history(product))
    current = next((p for p in prices if p.valid_from <= today), None)
    warnings = product_warnings(facility=facility, today=today, product_ids=[product.pk])
    return ProductDetailOut(
        **_fields(product, _price_out(current) if current else None),
        prices=[_price_out(p) for p in prices],
        photos=[
            PhotoOut(id=p.pk, width=p.width, height=p.height, position=p.position)
            for p in selectors.product_photos(product)
        ],
        warnings=[
            WarningOut(kind=w.kind, date=w.date, message=w.message, expired=w.expired)
            for w in warnings
        ],
        publish_problems=[]
        if product.is_published
        else services.publish_problems(product, today=today),
    )


def _fields_in(data: dict) -> dict:
    """PATCH: null keeps a required field as it is, clears a text field to ''."""
    for name in ("name", "category", "unit_of_measure", "is_active"):
        if name in data and data[name] is None:
            data.pop(name)
    for name in ("description", "pirt_number", "halal_number"):
        if name in data and data[name] is None:
            data[name] = ""
    return data


@router.get(
    "/{code}/products",
    response={200: ProductPage, **ERRORS},
    summary="List a unit's products with the price valid today (keyset pagination by id)",
)
def product_list(request, code: str, filters: Query[ProductFilter]):
    facility = facility_for(request, code, Perm.WORKSHOP_VIEW)
    with scope(facility=[facility.pk]):
        products = selectors.product_list(
            facility=facility,
            on=today_in(facility.timezone),
            category=filters.category or "",
            published=filters.published,
            active=filters.active,
            query=filters.q.strip(),
        ).order_by("pk")
        if filters.after is not None:
            products = products.filter(pk__gt=filters.after)
        items = [_list_out(p) for p in products[: filters.limit + 1]]
    more = len(items) > filters.limit
    items = items[: filters.limit]
    return ProductPage(items=items, next_cursor=items[-1].id if more else None)


@router.get(
    "/{code}/products/{product_id}",
    response={200: ProductDetailOut, **ERRORS},
    summary="One product with its prices, photos, warnings and what stops its publication",
)
def product_detail(request, code: str, product_id: int):
    facility = facility_for(request, code, Perm.WORKSHOP_VIEW)
    with scope(facility=[facility.pk]):
        return _detail(facility, product_id)


@router.post(
    "/{code}/products",
    response={201: ProductDetailOut, **ERRORS},
    summary="Add a product or service to the unit's catalogue (unpublished)",
)
def product_create(request, code: str, payload: ProductIn):
    facility = facility_for(request, code, Perm.PRODUCT_MANAGE)
    with scope(facility=[facility.pk]):
        product = services.product_create(actor=request.user, facility=facility, **payload.dict())
        return Status(201, _detail(facility, product.pk))


@router.patch(
    "/{code}/products/{product_id}",
    response={200: ProductDetailOut, **ERRORS},
    summary="Change a product (fields left out keep their value)",
)
def product_update(request, code: str, product_id: int, payload: ProductPatch):
    facility = facility_for(request, code, Perm.PRODUCT_MANAGE)
    with scope(facility=[facility.pk]):
        services.product_update(
            actor=request.user,
            product=_product(facility, product_id),
            **_fields_in(payload.dict(exclude_unset=True)),
        )
        return _detail(facility, product_id)


@router.get(
    "/{code}/products/{product_id}/prices",
    response={200: list[PriceOut], **ERRORS},
    summary="Every price of a product, newest date first",
)
def price_list(request, code: str, product_id: int):
    facility = facility_for(request, code, Perm.WORKSHOP_VIEW)
    with scope(facility=[facility.pk]):
        return [_price_out(p) for p in selectors.price_history(_product(facility, product_id))]


@router.post(
    "/{code}/products/{product_id}/prices",
    response={201: PriceOut, **ERRORS},
    summary="Add a dated price (prices are never changed; the date comes after the latest)",
)
def price_add(request, code: str, product_id: int, payload: PriceIn):
    facility = facility_for(request, code, Perm.PRODUCT_MANAGE)
    with scope(facility=[facility.pk]):
        price = services.product_price_add(
            actor=request.user, product=_product(facility, product_id), **payload.dict()
        )
        return Status(201, _price_out(price))


@router.post(
    "/{code}/products/{product_id}/publish",
    response={200: ProductDetailOut, **ERRORS},
    summary="Publish in the public catalogue (needs a public price today; food: P-IRT number)",
)
def product_publish(request, code: str, product_id: int):
    facility = facility_for(request, code, Perm.PRODUCT_MANAGE)
    with scope(facility=[facility.pk]):
        services.product_publish(actor=request.user, product=_product(facility, product_id))
        return _detail(facility, product_id)


@router.post(
    "/{code}/products/{product_id}/unpublish",
    response={200: ProductDetailOut, **ERRORS},
    summary="Withdraw from the public catalogue",
)
def product_unpublish(request, code: str, product_id: int):
    facility = facility_for(request, code, Perm.PRODUCT_MANAGE)
    with scope(facility=[facility.pk]):
        services.product_unpublish(actor=request.user, product=_product(facility, product_id))
        return _detail(facility, product_id)


@router.put(
    "/{code}/products/{product_id}/ekatalog",
    response={200: ProductDetailOut, **ERRORS},
    summary="Mark as listed on the e-Katalog (LKPP) with its reference, or as not listed",
)
def product_ekatalog(request, code: str, product_id: int, payload: EkatalogIn):
    facility = facility_for(request, code, Perm.PRODUCT_MANAGE)
    with scope(facility=[facility.pk]):
        services.product_ekatalog_set(
            actor=request.user,
            product=_product(facility, product_id),
            listed=payload.listed,
            reference=payload.reference,
        )
        return _detail(facility, product_id)
