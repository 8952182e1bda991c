"""Settlements of consignment: lists, one settlement with its lines and invoice, the lines a new
one starts from, and the returns."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from karya.inventory.choices import LocationKind, MoveKind
from karya.inventory.models import StockLocation, StockMove
from karya.partners.models import Agreement, AgreementProduct, Partner
from karya.production.models import Product
from karya.sales.models import Invoice, Payment, Sale, Settlement, SettlementLine
from karya.sales.selectors.consignment.holdings import (
    COUNTED_STATUSES,
    MONEY,
    SETTLEMENT_PAGE,
    held_by_product,
    partner_location,
    pending_quantities,
)


def _settlements(facility) -> QuerySet[Settlement]:
    return Settlement.objects.filter(facility=facility).select_related(
        "agreement", "partner", "location", "submitted_by", "decided_by"
    )


def _lines() -> Prefetch:
    return Prefetch(
        "lines", queryset=SettlementLine.objects.select_related("product", "lot").order_by("pk")
    )


def settlement_list(
    *,
    facility,
    partner_id: int | None = None,
    agreement_id: int | None = None,
    status: str | None = None,
    before: int | None = None,
    limit: int = SETTLEMENT_PAGE,
    with_lines: bool = False,
) -> tuple[list[Settlement], int | None]:
    """The unit's settlements, newest first (keyset by id: pass the returned cursor as
    `before` for older ones), with `invoice` (the invoice of a confirmed one, or None) and,
    when asked, their lines. Returns (settlements, next cursor or None)."""
    settlements = _settlements(facility)
    if with_lines:
        settlements = settlements.prefetch_related(_lines())
    if partner_id is not None:
        settlements = settlements.filter(partner_id=partner_id)
    if agreement_id is not None:
        settlements = settlements.filter(agreement_id=agreement_id)
    if status:
        settlements = settlements.filter(status=status)
    if before is not None:
        settlements = settlements.filter(pk__lt=before)
    rows = list(settlements.order_by("-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    attach_invoices(rows)
    return rows, (rows[-1].pk if more and rows else None)


def attach_invoices(settlements: list[Settlement]) -> None:
    """Give each settlement `invoice`: the invoice of its sale (not of a reversal), with
    `paid` and `outstanding` (0 once cancelled); None while it has none. One query."""
    by_settlement = {}
    ids = [s.pk for s in settlements]
    if ids:
        for invoice in _invoices().filter(sale__settlement_id__in=ids):
            by_settlement[invoice.sale.settlement_id] = invoice
    for settlement in settlements:
        invoice = by_settlement.get(settlement.pk)
        settlement.invoice = _with_outstanding(invoice) if invoice is not None else None


def _invoices() -> QuerySet[Invoice]:
    paid = (
        Payment.objects.filter(sale=OuterRef("sale"))
        .values("sale")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        Invoice.objects.filter(sale__reverses__isnull=True)
        .select_related("sale", "partner")
        .annotate(
            paid=Coalesce(
                Subquery(paid, output_field=MONEY), Value(Decimal(0)), output_field=MONEY
            ),
            cancelled=ExpressionWrapper(
                Q(sale__reversed_by__isnull=False), output_field=BooleanField()
            ),
        )
    )


def _with_outstanding(invoice: Invoice) -> Invoice:
    invoice.outstanding = Decimal(0) if invoice.cancelled else max(invoice.amount - invoice.paid, 0)
    return invoice


def settlements_of_partner(*, partner: Partner) -> list[Settlement]:
    """A partner's settlements (what its own users see), newest first, with lines and
    `invoice`. Three queries."""
    settlements = list(
        _settlements(partner.facility_id).filter(partner=partner).prefetch_related(_lines())
    )
    attach_invoices(settlements)
    return settlements


def settlement_get(*, facility, pk: int) -> Settlement | None:
    """One settlement of the unit with its lines (product and lot) and `invoice`; None for a
    missing one and for another unit's alike."""
    settlement = _settlements(facility).filter(pk=pk).prefetch_related(_lines()).first()
    if settlement is not None:
        attach_invoices([settlement])
    return settlement


def settlement_sale(*, settlement: Settlement) -> Sale | None:
    """The sale a confirmed settlement made (with its lines), or None."""
    return (
        Sale.objects.filter(settlement=settlement, reverses__isnull=True)
        .prefetch_related("lines__product", "lines__lot")
        .first()
    )


def last_period_ends(agreements) -> dict[int, dt.date]:
    """{agreement id: the end of its latest submitted or confirmed settlement period}."""
    ids = [a.pk for a in agreements]
    if not ids:
        return {}
    return {
        row["agreement_id"]: row["last"]
        for row in Settlement.objects.filter(agreement_id__in=ids, status__in=COUNTED_STATUSES)
        .values("agreement_id")
        .annotate(last=Max("period_end"))
    }


def suggested_period(*, agreement: Agreement, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period a new settlement most likely covers: from the day after the last one ended
    (else the first of this month) until today."""
    last = last_period_ends([agreement]).get(agreement.pk)
    start = last + dt.timedelta(days=1) if last else today.replace(day=1)
    return min(start, today), today


@dataclass
class SettlementRow:
    """A product of the agreement the partner holds, for the settlement form: units held,
    units already reported in settlements awaiting confirmation, and the agreed price."""

    product: object
    held: int
    pending: int
    agreed_price: Decimal

    @property
    def free(self) -> int:
        return max(self.held - self.pending, 0)


def settlement_rows(*, agreement: Agreement) -> tuple[StockLocation | None, list, list]:
    """(the partner's location, [SettlementRow] of the agreement's products it holds, [the
    products it holds that the agreement does not price]). Four queries."""
    location = partner_location(partner=agreement.partner)
    if location is None:
        return None, [], []
    held = held_by_product(location=location)
    pending = defaultdict(int)
    for (product_id, _lot_id), units in pending_quantities(location=location).items():
        pending[product_id] += units
    prices = {
        line.product_id: line
        for line in AgreementProduct.objects.filter(agreement=agreement).select_related("product")
    }
    rows = [
        SettlementRow(line.product, held[pid], pending[pid], line.agreed_price)
        for pid, line in prices.items()
        if held.get(pid)
    ]
    unpriced_ids = [pid for pid in held if pid not in prices]
    unpriced = list(Product.objects.filter(pk__in=unpriced_ids).order_by("name"))
    rows.sort(key=lambda row: (row.product.name, row.product.pk))
    return location, rows, unpriced


# --- returns --------------------------------------------------------------------------------


def consignment_returns(
    *, facility, partner: Partner | None = None, limit: int = 50
) -> list[StockMove]:
    """Goods that came back from partners (the out legs of transfers from a partner
    location), newest first, each with `destination` (where they went) and `units` (how many
    came back). Two queries."""
    moves = StockMove.objects.filter(
        facility=facility,
        location__kind=LocationKind.PARTNER,
        location__partner__isnull=False,
        kind=MoveKind.TRANSFER_OUT,
    )
    if partner is not None:
        moves = moves.filter(location__partner=partner)
    moves = list(
        moves.select_related("location__partner", "product", "lot", "created_by").order_by("-pk")[
            :limit
        ]
    )
    groups = {m.transfer_group for m in moves}
    destinations = (
        {
            leg.transfer_group: leg.location
            for leg in StockMove.objects.filter(
                transfer_group__in=groups, quantity__gt=0
            ).select_related("location")
        }
        if groups
        else {}
    )
    for move in moves:
        move.destination = destinations.get(move.transfer_group)
        move.units = -move.quantity
    return moves


# --- the overview and what is overdue -------------------------------------------------------
