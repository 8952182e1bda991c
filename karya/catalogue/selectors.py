"""Reads of the public site: the national catalogue, a product, a unit's public page, the news
and a lot's traceability page.

The public site reads across units on purpose. This is the one place where it may: every
function here is wrapped by `public_read`, the only use of `scopes_disabled()` for the public,
and each filters what the public may see itself —

- a product only when it is published and active, of an active unit;
- a press release only when it is published;
- a lot only when its product may be shown.

Nothing here returns a model instance: the answers are plain, frozen records holding only
public fields (no inmate, no cost price, no exact stock), computed inside the read so that no
lazy query runs later outside it. Each list read takes a fixed number of queries whatever the
number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import wraps

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils.text import slugify
from django_scopes import scopes_disabled

from karya.catalogue.choices import Availability, Sort
from karya.core.dates import today_in
from karya.facilities.models import Facility, Region
from karya.facilities.naming import short_name
from karya.inventory.choices import LocationKind
from karya.inventory.models import Lot, StockBalance
from karya.newsroom.choices import ReleaseStatus
from karya.newsroom.models import PressRelease
from karya.production.choices import OrderStatus, ProductCategory, UnitOfMeasure
from karya.production.models import Product, ProductionOrder, ProductPhoto
from karya.production.selectors import with_current_price
from karya.programs.models import OutputRecord, Training

PER_PAGE = 24
OWN_KINDS = (LocationKind.STORE, LocationKind.GALLERY, LocationKind.OTHER)
TRAININGS_SHOWN = 3
LOTS_SHOWN = 3


def public_read(function: Callable) -> Callable:
    """Run a public read across every unit (the one place the public site leaves the
    tenancy scope; see the module docstring for what each read must filter)."""

    @wraps(function)
    def wrapped(*args, **kwargs):
        with scopes_disabled():
            return function(*args, **kwargs)

    return wrapped


# --- records the public sees -----------------------------------------------------------------


@dataclass(frozen=True)
class PublicUnit:
    code: str
    name: str
    short_name: str
    region: str
    region_code: str
    city: str
    province: str
    address: str


@dataclass(frozen=True)
class PublicPhoto:
    id: int
    width: int
    height: int


@dataclass(frozen=True)
class ProductCard:
    id: int
    name: str
    slug: str
    category: str
    category_label: str
    unit_of_measure: str
    price: Decimal | None
    unit: PublicUnit
    photo: PublicPhoto | None
    availability: str

    @property
    def availability_label(self) -> str:
        return Availability(self.availability).label


@dataclass(frozen=True)
class PartnerShop:
    name: str
    city: str


@dataclass(frozen=True)
class LotLink:
    code: str
    produced_on: dt.date


@dataclass(frozen=True)
class PublicProduct(ProductCard):
    description: str = ""
    photos: tuple[PublicPhoto, ...] = ()
    is_service: bool = False
    in_gallery: bool = False
    partner_shops: tuple[PartnerShop, ...] = ()
    lots: tuple[LotLink, ...] = ()
    pirt_number: str = ""
    halal_number: str = ""
    halal_valid_until: dt.date | None = None
    shelf_life_days: int | None = None
    ekatalog_reference: str = ""


@dataclass(frozen=True)
class NewsItem:
    id: int
    slug: str
    title: str
    summary: str
    published_at: dt.datetime
    unit: PublicUnit
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class TrainingLine:
    title: str
    provider: str
    hours: int
    start_date: dt.date
    end_date: dt.date
    participants: int


@dataclass(frozen=True)
class LotTrace:
    code: str
    produced_on: dt.date
    expires_on: dt.date | None
    product: ProductCard
    workshop: str = ""
    sector: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    quantity: int | None = None
    workers: int = 0
    partner: str = ""
    partner_role: str = ""
    trainings: tuple[TrainingLine, ...] = field(default_factory=tuple)


# --- building blocks -------------------------------------------------------------------------


def catalogue_today() -> dt.date:
    """The date prices are read for: today in the installation's zone (WIB by default)."""
    return today_in(settings.TIME_ZONE)


def _unit(facility: Facility) -> PublicUnit:
    return PublicUnit(
        code=facility.code,
        name=facility.name,
        short_name=short_name(facility.name),
        region=facility.region.name,
        region_code=facility.region.code,
        city=facility.city,
        province=facility.province,
        address=facility.address,
    )


def _photo(photo: ProductPhoto) -> PublicPhoto:
    return PublicPhoto(id=photo.pk, width=photo.width, height=photo.height)


def _availability(product: Product, on_hand: int | None) -> str:
    if product.category == ProductCategory.JASA or product.unit_of_measure == UnitOfMeasure.KALI:
        return Availability.SERVICE
    return Availability.AVAILABLE if (on_hand or 0) > 0 else Availability.SOLD_OUT


def _shown_products() -> QuerySet[Product]:
    """Products the public may see: published, active, of an active unit."""
    return Product.objects.filter(is_published=True, is_active=True, facility__is_active=True)


def _with_public_data(products: QuerySet[Product]) -> QuerySet[Product]:
    """The price valid today, the units on hand at the unit's own places, the first photo."""
    on_hand = Sum(
        "stock_balances__quantity", filter=Q(stock_balances__location__kind__in=OWN_KINDS)
    )
    return (
        with_current_price(products, on=catalogue_today())
        .annotate(on_hand=on_hand)
        .select_related("facility__region")
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=ProductPhoto.objects.order_by("position", "pk"),
                to_attr="public_photos",
            )
        )
    )


def _card_fields(product: Product) -> dict:
    photos = getattr(product, "public_photos", [])
    return {
        "id": product.pk,
        "name": product.name,
        "slug": slugify(product.name) or "produk",
        "category": product.category,
        "category_label": str(ProductCategory(product.category).label),
        "unit_of_measure": product.unit_of_measure,
        "price": product.price_public,
        "unit": _unit(product.facility),
        "photo": _photo(photos[0]) if photos else None,
        "availability": _availability(product, product.on_hand),
    }


def _card(product: Product) -> ProductCard:
    return ProductCard(**_card_fields(product))


# --- the catalogue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueFilter:
    q: str = ""
    category: str = ""
    region: str = ""
    unit: str = ""
    sort: str = Sort.NEWEST


def _filtered(filters: CatalogueFilter) -> QuerySet[Product]:
    products = _shown_products()
    if filters.q:
        for word in filters.q.split()[:5]:
            products = products.filter(
                Q(name__icontains=word)
                | Q(description__icontains=word)
                | Q(facility__name__icontains=word)
            )
    if filters.category:
        products = products.filter(category=filters.category)
    if filters.region:
        products = products.filter(facility__region__code=filters.region)
    if filters.unit:
        products = products.filter(facility__code=filters.unit.upper())
    products = _with_public_data(products)
    order = {
        Sort.PRICE_LOW: [F("price_public").asc(nulls_last=True), "name", "pk"],
        Sort.PRICE_HIGH: [F("price_public").desc(nulls_last=True), "name", "pk"],
        Sort.NAME: ["name", "pk"],
    }.get(filters.sort, ["-pk"])  # newest: the most recently added product first
    return products.order_by(*order)


@public_read
def catalogue_page(filters: CatalogueFilter, page: str | int = 1, per_page: int = PER_PAGE) -> Page:
    """One page of the national catalogue: product cards (a fixed number of queries)."""
    paginator = Paginator(_filtered(filters), per_page)
    found = paginator.get_page(page)
    found.object_list = [_card(product) for product in found.object_list]
    return found


@public_read
def catalogue_choices() -> dict:
    """What the filters offer: categories, regions and units that have a product to show."""
    shown = _shown_products()
    categories = set(shown.values_list("category", flat=True).distinct())
    regions = Region.objects.filter(facilities__products__in=shown).distinct().order_by("name")
    units = (
        Facility.objects.filter(products__in=shown)
        .select_related("region")
        .distinct()
        .order_by("name")
    )
    return {
        "categories": [(c.value, str(c.label)) for c in ProductCategory if c.value in categories],
        "regions": [(r.code, r.name) for r in regions],
        "units": [(u.code, u.name) for u in units],
    }


# --- a product -------------------------------------------------------------------------------


def _partner_shops(product: Product) -> tuple[PartnerShop, ...]:
    balances = (
        StockBalance.objects.filter(
            facility_id=product.facility_id,
            product=product,
            quantity__gt=0,
            location__kind=LocationKind.PARTNER,
            location__is_active=True,
        )
        .select_related("location__partner")
        .order_by("location__name")
    )
    shops: dict[str, PartnerShop] = {}
    for balance in balances:
        location = balance.location
        if location.partner_id:
            shop = PartnerShop(name=location.partner.legal_name, city=location.partner.city)
        elif location.partner_name:
            shop = PartnerShop(name=location.partner_name, city="")
        else:
            continue
        shops.setdefault(shop.name, shop)
    return tuple(shops.values())


@public_read
def public_product(unit_code: str, pk: int) -> PublicProduct | None:
    """One product as the public sees it, or None (unknown, unpublished, another unit's)."""
    product = (
        _with_public_data(_shown_products().filter(facility__code=unit_code.upper(), pk=pk))
        .order_by()
        .first()
    )
    if product is None:
        return None
    in_gallery = StockBalance.objects.filter(
        facility_id=product.facility_id,
        product=product,
        quantity__gt=0,
        location__kind=LocationKind.GALLERY,
    ).exists()
    lots = Lot.objects.filter(facility_id=product.facility_id, product=product).order_by(
        "-produced_on", "-pk"
    )[:LOTS_SHOWN]
    return PublicProduct(
        **_card_fields(product),
        description=product.description,
        photos=tuple(_photo(p) for p in product.public_photos),
        is_service=_availability(product, 0) == Availability.SERVICE,
        in_gallery=in_gallery,
        partner_shops=_partner_shops(product),
        lots=tuple(LotLink(code=lot.code, produced_on=lot.produced_on) for lot in lots),
        pirt_number=product.pirt_number,
        halal_number=product.halal_number,
        halal_valid_until=product.halal_valid_until,
        shelf_life_days=product.shelf_life_days,
        ekatalog_reference=product.ekatalog_reference if product.ekatalog_listed else "",
    )


@public_read
def public_photo_file(photo_id: int) -> str | None:
    """The stored file name of a photo of a product the public may see, else None."""
    photo = ProductPhoto.objects.filter(pk=photo_id, product__in=_shown_products()).first()
    return photo.image.name if photo is not None else None


# --- units and news --------------------------------------------------------------------------


@public_read
def public_unit(unit_code: str) -> PublicUnit | None:
    facility = (
        Facility.objects.filter(code=unit_code.upper(), is_active=True)
        .select_related("region")
        .first()
    )
    return _unit(facility) if facility is not None else None


@public_read
def unit_products(unit_code: str) -> list[ProductCard]:
    """Every product the unit shows, by name."""
    products = _with_public_data(_shown_products().filter(facility__code=unit_code.upper()))
    return [_card(p) for p in products.order_by("name", "pk")]


def _news(release: PressRelease, *, full: bool = False) -> NewsItem:
    return NewsItem(
        id=release.pk,
        slug=release.slug,
        title=release.title,
        summary=release.summary or (release.paragraphs[0][:280] if release.paragraphs else ""),
        published_at=release.published_at,
        unit=_unit(release.facility),
        paragraphs=tuple(release.paragraphs) if full else (),
    )


def _published() -> QuerySet[PressRelease]:
    return PressRelease.objects.filter(
        status=ReleaseStatus.PUBLISHED, facility__is_active=True
    ).select_related("facility__region")


@public_read
def news_list(unit_code: str = "", limit: int | None = None) -> list[NewsItem]:
    """Published releases, newest first (of one unit, or of every unit)."""
    releases = _published().order_by("-published_at", "-pk")
    if unit_code:
        releases = releases.filter(facility__code=unit_code.upper())
    if limit:
        releases = releases[:limit]
    return [_news(release) for release in releases]


@public_read
def news_page(page: str | int = 1, per_page: int = 20) -> Page:
    paginator = Paginator(_published().order_by("-published_at", "-pk"), per_page)
    found = paginator.get_page(page)
    found.object_list = [_news(release) for release in found.object_list]
    return found


@public_read
def news_item(unit_code: str, pk: int) -> NewsItem | None:
    release = _published().filter(facility__code=unit_code.upper(), pk=pk).first()
    return _news(release, full=True) if release is not None else None


# --- traceability ----------------------------------------------------------------------------


def workers_count(order: ProductionOrder) -> int:
    """How many inmates recorded output of the order's product in its workshop while it ran
    (a count only: who they were is never read here)."""
    if order.started_on is None:
        return 0
    until = order.finished_on or order.due_date
    return (
        OutputRecord.objects.filter(
            facility_id=order.facility_id,
            allocation__workshop_id=order.workshop_id,
            product_id=order.product_id,
            date__range=(order.started_on, until),
            quantity__gt=0,
        )
        .values("allocation__inmate_id")
        .distinct()
        .count()
    )


def _partner_of(order: ProductionOrder) -> tuple[str, str]:
    partner = order.partner or (order.agreement.partner if order.agreement_id else None)
    if partner is None:
        return "", ""
    schemes = order.agreement.schemes if order.agreement_id else []
    return partner.legal_name, "maklon" if "maklon" in schemes else "partner"


def _trainings(order: ProductionOrder, until: dt.date) -> tuple[TrainingLine, ...]:
    """The skill behind the goods: trainings held for the order's workshop that ended before
    the goods were finished, the latest first (participants counted, never named)."""
    trainings = (
        Training.objects.filter(
            facility_id=order.facility_id, workshop_id=order.workshop_id, end_date__lte=until
        )
        .annotate(participant_count=Count("participants"))
        .order_by("-end_date", "-pk")[:TRAININGS_SHOWN]
    )
    return tuple(
        TrainingLine(
            title=t.title,
            provider=t.provider_name,
            hours=t.hours_jp,
            start_date=t.start_date,
            end_date=t.end_date,
            participants=t.participant_count,
        )
        for t in trainings
    )


@public_read
def lot_trace(unit_code: str, lot_code: str) -> LotTrace | None:
    """Where a lot of goods comes from, for the QR code on its label; None for an unknown lot
    or one whose product is not shown to the public."""
    lot = (
        Lot.objects.filter(
            facility__code=unit_code.upper(),
            code__iexact=lot_code.strip(),
            product__in=_shown_products(),
        )
        .select_related("facility")
        .first()
    )
    if lot is None:
        return None
    product = _with_public_data(Product.objects.filter(pk=lot.product_id)).first()
    trace = {
        "code": lot.code,
        "produced_on": lot.produced_on,
        "expires_on": lot.expires_on,
        "product": _card(product),
    }
    order = (
        ProductionOrder.objects.filter(
            facility_id=lot.facility_id, lot=lot, status=OrderStatus.FINISHED
        )
        .select_related("workshop", "partner", "agreement__partner")
        .first()
    )
    if order is not None:
        partner, role = _partner_of(order)
        finished = order.finished_on or lot.produced_on
        trace.update(
            workshop=order.workshop.name,
            sector=order.workshop.get_sector_display(),
            period_start=order.started_on or order.start_date,
            period_end=finished,
            quantity=order.good_quantity,
            workers=workers_count(order),
            partner=partner,
            partner_role=role,
            trainings=_trainings(order, finished),
        )
    return LotTrace(**trace)


# --- the sitemap -----------------------------------------------------------------------------


@public_read
def sitemap_products() -> list[tuple[str, int, str]]:
    """(unit code, product id, slug) of every product shown."""
    products = _shown_products().order_by("facility__code", "pk")
    return [
        (code, pk, slugify(name) or "produk")
        for code, pk, name in products.values_list("facility__code", "pk", "name")
    ]


@public_read
def sitemap_units() -> list[PublicUnit]:
    """Units with something to show: a product or a published release."""
    facilities = (
        Facility.objects.filter(is_active=True)
        .filter(Q(products__in=_shown_products()) | Q(pk__in=_published().values("facility_id")))
        .select_related("region")
        .distinct()
        .order_by("code")
    )
    return [_unit(f) for f in facilities]
