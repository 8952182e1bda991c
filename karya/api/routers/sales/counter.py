"""The gallery and bazaar counter: what it sells at a location (public price of the day and
stock), a sale paid on the spot, its cancellation, and the summary of a day.

Reading needs Perm.SALES_VIEW; selling and cancelling Perm.SALES_MANAGE."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from karya.accounts.permissions import Perm
from karya.api.routers.common import api_fields, facility_for, in_unit
from karya.api.routers.sales.money import ERRORS, RUPIAH, SaleOut, sale_out
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.inventory.models import Lot, StockLocation
from karya.production.models import Product
from karya.sales.choices import Channel, PaymentMethod
from karya.sales.models import Sale
from karya.sales.selectors import counter as selectors
from karya.sales.services import counter as services

router = Router(tags=["sales"])
FIELDS = {"location": "location_id", "customer_name": "customer_name"}


class CounterProductOut(Schema):
    id: int
    name: str
    unit_of_measure: str
    is_service: bool = Field(..., description="A service (car wash) has no stock.")
    public_price: Decimal = Field(..., description=f"Valid today. {RUPIAH}")
    stock: int = Field(..., description="Units at the location, all lots (0 for a service).")


class CounterProductFilter(Schema):
    location_id: int
    q: str = Field("", max_length=100)


class CounterLineIn(Schema):
    model_config = ConfigDict(extra="forbid")

    product_id: int
    quantity: int = Field(..., description="Whole units, above 0.")
    lot_id: int | None = Field(None, description="Default: the oldest lots first.")


class CounterSaleIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    location_id: int = Field(..., description="A gallery or another place (a bazaar stand).")
    lines: list[CounterLineIn]
    payment_method: PaymentMethod
    amount_tendered: Decimal | None = Field(
        None, description=f"Cash handed over, at least the total; default: exact. {RUPIAH}"
    )
    reference: str = Field("", max_length=100, description="Required for transfer and QRIS.")
    customer_name: str = Field("", max_length=200)
    event: str = Field("", max_length=150, description='E.g. "One Day One Prison Product".')


class CounterCancelIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    reason: str = Field(..., max_length=300)


class CounterMethodOut(Schema):
    method: PaymentMethod
    amount: Decimal = Field(..., description=RUPIAH)


class CounterProductDayOut(Schema):
    product_name: str
    unit_of_measure: str
    quantity: int
    amount: Decimal = Field(..., description=RUPIAH)


class CounterDayOut(Schema):
    date: dt.date
    location_id: int | None
    sale_ids: list[int] = Field(..., description="The day's counter sales and reversals.")
    sold: Decimal = Field(..., description=f"Sales made that day. {RUPIAH}")
    cancelled: Decimal = Field(..., description=f"Of which cancelled. {RUPIAH}")
    received: Decimal = Field(..., description=f"Money received that day, net. {RUPIAH}")
    per_method: list[CounterMethodOut]
    products: list[CounterProductDayOut]


class CounterDayFilter(Schema):
    location_id: int | None = Field(None, description="Default: every counter location.")


def _location(facility, pk) -> StockLocation:
    return in_unit(StockLocation, facility, pk, "location_id", _("Choose a location of this unit."))


@router.get(
    "/{code}/counter-products",
    response={200: list[CounterProductOut], **ERRORS},
    summary="What the counter at a location sells: price of the day and stock",
)
def counter_product_list(request, code: str, filters: Query[CounterProductFilter]):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        location = _location(facility, filters.location_id)
        products = selectors.counter_products(
            facility=facility,
            location=location,
            on=today_in(facility.timezone),
            query=filters.q.strip(),
        )
        return [
            CounterProductOut(
                id=p.pk,
                name=p.name,
                unit_of_measure=p.unit_of_measure,
                is_service=p.is_service,
                public_price=p.price_public,
                stock=p.stock,
            )
            for p in products
        ]


@router.post(
    "/{code}/counter-sales",
    response={201: SaleOut, **ERRORS},
    summary="Sell at the counter and take the whole payment (goods leave the location)",
)
def counter_sale_create(request, code: str, payload: CounterSaleIn):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]), api_fields(**FIELDS):
        lines = []
        for line in payload.lines:
            product = in_unit(
                Product, facility, line.product_id, "lines", _("Choose a product of this unit.")
            )
            lot = in_unit(Lot, facility, line.lot_id, "lines", _("Choose a lot of this unit."))
            lines.append(services.CounterLine(product, line.quantity, lot))
        sale = services.counter_sale(
            actor=request.user,
            location=_location(facility, payload.location_id),
            lines=lines,
            payment_method=payload.payment_method,
            amount_tendered=payload.amount_tendered,
            reference=payload.reference,
            customer_name=payload.customer_name,
            event=payload.event,
        )
        return Status(201, sale_out(facility, sale.pk))


@router.post(
    "/{code}/counter-sales/{sale_id}/cancel",
    response={201: SaleOut, **ERRORS},
    summary="Cancel a counter sale: the goods go back, the money is paid back; the reversal",
)
def counter_sale_cancel(request, code: str, sale_id: int, payload: CounterCancelIn):
    facility = facility_for(request, code, Perm.SALES_MANAGE)
    with scope(facility=[facility.pk]):
        sale = Sale.objects.filter(facility=facility, pk=sale_id).first()
        if sale is None or sale.channel != Channel.COUNTER:
            raise Http404
        reversal = services.counter_sale_cancel(
            actor=request.user, sale=sale, reason=payload.reason
        )
        return Status(201, sale_out(facility, reversal.pk))


@router.get(
    "/{code}/counter-days/{date}",
    response={200: CounterDayOut, **ERRORS},
    summary="The counter's day: sold, cancelled, money per method, quantities per product",
)
def counter_day(request, code: str, date: dt.date, filters: Query[CounterDayFilter]):
    facility = facility_for(request, code, Perm.SALES_VIEW)
    with scope(facility=[facility.pk]):
        location = None
        if filters.location_id is not None:
            location = _location(facility, filters.location_id)
            if location.kind not in services.COUNTER_LOCATION_KINDS:
                raise DomainError(_("Choose a gallery or a bazaar stand."), field="location_id")
        summary = selectors.counter_day(facility=facility, day=date, location=location)
        return CounterDayOut(
            date=date,
            location_id=location.pk if location else None,
            sale_ids=[s.pk for s in summary.sales],
            sold=summary.sold,
            cancelled=summary.cancelled,
            received=summary.received,
            per_method=[
                CounterMethodOut(method=method, amount=amount)
                for method, _label, amount in summary.per_method
            ],
            products=[
                CounterProductDayOut(
                    product_name=row.name,
                    unit_of_measure=row.unit,
                    quantity=row.quantity,
                    amount=row.amount,
                )
                for row in summary.products
            ],
        )
