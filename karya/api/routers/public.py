"""The public catalogue as an API, without authentication: published products of every unit,
a unit's public page, published news, and a lot's traceability. Everything is read through
karya.catalogue.selectors (the one place that reads across units, published records only), so
nothing here can show an inmate, a cost price, an exact stock or an unpublished record."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from karya.api.errors import ErrorOut
from karya.catalogue import selectors
from karya.catalogue.choices import Availability, Sort
from karya.catalogue.views import news_url, product_url
from karya.production.choices import ProductCategory

router = Router(tags=["public catalogue"], auth=None)
PUBLIC_ERRORS = {404: ErrorOut, 422: ErrorOut}


class PublicUnitOut(Schema):
    code: str
    name: str
    short_name: str
    region: str
    region_code: str
    city: str
    province: str


class PublicPhotoOut(Schema):
    id: int
    width: int
    height: int
    urls: dict[str, str] = Field(..., description="The photo at 320, 640 and 1024 pixels wide.")


class PublicProductOut(Schema):
    id: int
    name: str
    slug: str
    category: ProductCategory
    unit_of_measure: str
    price: int | None = Field(..., description="The public price today, whole rupiah.")
    availability: Availability = Field(
        ..., description="`available`, `sold_out` (can be ordered) or `service`."
    )
    unit: PublicUnitOut
    photo: PublicPhotoOut | None
    url: str = Field(..., description="The product's page on the public site.")


class PartnerShopOut(Schema):
    name: str
    city: str


class LotLinkOut(Schema):
    code: str
    produced_on: dt.date


class PublicProductDetailOut(PublicProductOut):
    description: str
    photos: list[PublicPhotoOut]
    in_gallery: bool = Field(..., description="Can be bought at the unit's gallery now.")
    partner_shops: list[PartnerShopOut] = Field(..., description="Partner shops holding it.")
    lots: list[LotLinkOut] = Field(..., description="Recent batches (see /public/trace).")
    pirt_number: str
    halal_number: str
    halal_valid_until: dt.date | None
    ekatalog_reference: str


class PublicProductPage(Schema):
    items: list[PublicProductOut]
    count: int
    page: int
    pages: int


class PublicNewsOut(Schema):
    id: int
    title: str
    summary: str
    published_at: dt.datetime
    unit: PublicUnitOut
    url: str


class PublicNewsDetailOut(PublicNewsOut):
    paragraphs: list[str]


class PublicNewsPage(Schema):
    items: list[PublicNewsOut]
    count: int
    page: int
    pages: int


class PublicUnitPageOut(Schema):
    unit: PublicUnitOut
    products: list[PublicProductOut]
    news: list[PublicNewsOut]


class TrainingLineOut(Schema):
    title: str
    provider: str
    hours: int = Field(..., description="Lesson hours (JP).")
    start_date: dt.date
    end_date: dt.date
    participants: int = Field(..., description="How many took part (never who).")


class LotTraceOut(Schema):
    code: str
    produced_on: dt.date
    expires_on: dt.date | None
    product: PublicProductOut
    workshop: str
    sector: str
    period_start: dt.date | None
    period_end: dt.date | None
    quantity: int | None
    workers: int = Field(..., description="How many inmates worked on it (never who).")
    partner: str
    partner_role: str = Field(..., description="`maklon` (supplied the material), `partner` or ''.")
    trainings: list[TrainingLineOut]


class CatalogueQuery(Schema):
    q: str = Field("", max_length=100, description="Words of the name, description or unit.")
    category: ProductCategory | None = None
    region: str = Field("", description="A region's code, e.g. jawa-tengah.")
    unit: str = Field("", description="A unit's code, e.g. LPPWT.")
    sort: Sort = Sort.NEWEST
    page: int = Field(1, ge=1)
    limit: int = Field(24, ge=1, le=100)


class TraceQuery(Schema):
    unit: str = Field(..., description="The unit's code, as printed on the label.")
    lot: str = Field(..., description="The lot's code, as printed on the label.")


# --- conversions ------------------------------------------------------------------------------


def _photo(request, photo) -> dict | None:
    if photo is None:
        return None
    urls = {
        str(w): request.build_absolute_uri(reverse("catalogue:photo", args=[photo.id, w]))
        for w in (320, 640, 1024)
    }
    return {"id": photo.id, "width": photo.width, "height": photo.height, "urls": urls}


def _unit(unit) -> dict:
    return {k: getattr(unit, k) for k in PublicUnitOut.model_fields}


def _product(request, card) -> dict:
    return {
        "id": card.id,
        "name": card.name,
        "slug": card.slug,
        "category": card.category,
        "unit_of_measure": card.unit_of_measure,
        "price": int(card.price) if card.price is not None else None,
        "availability": card.availability,
        "unit": _unit(card.unit),
        "photo": _photo(request, card.photo),
        "url": request.build_absolute_uri(product_url(card)),
    }


def _news(request, item) -> dict:
    return {
        "id": item.id,
        "title": item.title,
        "summary": item.summary,
        "published_at": item.published_at,
        "unit": _unit(item.unit),
        "url": request.build_absolute_uri(news_url(item)),
    }


# --- endpoints -------------------------------------------------------------------------------


@router.get(
    "/products",
    response={200: PublicProductPage, **PUBLIC_ERRORS},
    summary="Search the national catalogue of published products (no login)",
)
def public_products(request, filters: Query[CatalogueQuery]):
    found = selectors.catalogue_page(
        selectors.CatalogueFilter(
            q=filters.q.strip(),
            category=filters.category or "",
            region=filters.region,
            unit=filters.unit,
            sort=filters.sort,
        ),
        page=filters.page,
        per_page=filters.limit,
    )
    return {
        "items": [_product(request, card) for card in found.object_list],
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
    }


@router.get(
    "/units/{code}/products/{product_id}",
    response={200: PublicProductDetailOut, **PUBLIC_ERRORS},
    summary="One published product: photos, price, availability, how to buy",
)
def public_product(request, code: str, product_id: int):
    product = selectors.public_product(code, product_id)
    if product is None:
        raise Http404
    return {
        **_product(request, product),
        "description": product.description,
        "photos": [_photo(request, p) for p in product.photos],
        "in_gallery": product.in_gallery,
        "partner_shops": [{"name": s.name, "city": s.city} for s in product.partner_shops],
        "lots": [{"code": lot.code, "produced_on": lot.produced_on} for lot in product.lots],
        "pirt_number": product.pirt_number,
        "halal_number": product.halal_number,
        "halal_valid_until": product.halal_valid_until,
        "ekatalog_reference": product.ekatalog_reference,
    }


@router.get(
    "/units/{code}",
    response={200: PublicUnitPageOut, **PUBLIC_ERRORS},
    summary="A unit's public page: its published products and news",
)
def public_unit(request, code: str):
    unit = selectors.public_unit(code)
    if unit is None:
        raise Http404
    return {
        "unit": _unit(unit),
        "products": [_product(request, card) for card in selectors.unit_products(unit.code)],
        "news": [_news(request, item) for item in selectors.news_list(unit.code, limit=20)],
    }


@router.get(
    "/news",
    response={200: PublicNewsPage, **PUBLIC_ERRORS},
    summary="Published news of every unit, newest first",
)
def public_news(request, page: int = Query(1, ge=1)):
    found = selectors.news_page(page)
    return {
        "items": [_news(request, item) for item in found.object_list],
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
    }


@router.get(
    "/units/{code}/news/{news_id}",
    response={200: PublicNewsDetailOut, **PUBLIC_ERRORS},
    summary="One published news item with its text",
)
def public_news_item(request, code: str, news_id: int):
    item = selectors.news_item(code, news_id)
    if item is None:
        raise Http404
    return {**_news(request, item), "paragraphs": list(item.paragraphs)}


@router.get(
    "/trace",
    response={200: LotTraceOut, **PUBLIC_ERRORS},
    summary="Where a lot of goods comes from (the label's QR code), with counts, never names",
)
def public_trace(request, query: Query[TraceQuery]):
    trace = selectors.lot_trace(query.unit, query.lot)
    if trace is None:
        raise Http404
    return {
        "code": trace.code,
        "produced_on": trace.produced_on,
        "expires_on": trace.expires_on,
        "product": _product(request, trace.product),
        "workshop": trace.workshop,
        "sector": trace.sector,
        "period_start": trace.period_start,
        "period_end": trace.period_end,
        "quantity": trace.quantity,
        "workers": trace.workers,
        "partner": trace.partner,
        "partner_role": trace.partner_role,
        "trainings": [
            {
                "title": t.title,
                "provider": t.provider,
                "hours": t.hours,
                "start_date": t.start_date,
                "end_date": t.end_date,
                "participants": t.participants,
            }
            for t in trace.trainings
        ],
    }
