"""Reads of the partner portal. Every function takes the partners whose own user is asking
(`Access.partners`, possibly of several units) and returns only those partners' records: their
agreements, the posted handovers made to them, the stock held at their locations, their
settlements and their invoices. Another partner's record, even in the same unit, is never
returned. None of them reads an inmate: lines name products and lots, never who made them.

They run inside the scope PartnerPortalMixin opens over the partners' units, and none of them
issues more queries when there are more rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from karya.core.dates import today_in
from karya.inventory.models import StockBalance
from karya.partners.choices import OPEN_STATUSES, Party
from karya.partners.models import Agreement, AgreementProduct, Obligation, Partner
from karya.sales.choices import HandoverStatus
from karya.sales.models import (
    Handover,
    HandoverLine,
    Invoice,
    Payment,
    Sale,
    Settlement,
    SettlementLine,
)
from karya.sales.selectors.consignment import is_consignment

MONEY = DecimalField(max_digits=14, decimal_places=0)
DUE_WINDOW_DAYS = 30  # the dashboard lists obligations overdue or due within this many days
RECENT = 5  # rows of each kind on the dashboard


def _ids(partners: Sequence[Partner]) -> tuple[list[int], list[int]]:
    """(partner ids, their unit ids)."""
    return [p.pk for p in partners], sorted({p.facility_id for p in partners})


def _theirs(queryset: QuerySet, partners: Sequence[Partner], path: str = "partner") -> QuerySet:
    """The rows of `queryset` that belong to one of the partners (through `path`)."""
    partner_ids, facility_ids = _ids(partners)
    return queryset.filter(facility_id__in=facility_ids, **{f"{path}_id__in": partner_ids})


def todays(partners: Sequence[Partner]) -> dict[int, dt.date]:
    """Today in each partner's unit, by unit id (units lie in different time zones)."""
    return {p.facility_id: today_in(p.facility.timezone) for p in partners}


# --- agreements --------------------------------------------------------------------------------


def portal_agreements(*, partners: Sequence[Partner], open_only: bool = False):
    """The partners' agreements with their unit and partner, newest first (the rule of
    karya.partners.selectors.agreements_visible_to_partner, for several partners at once)."""
    agreements = _theirs(Agreement.objects.all(), partners)
    if open_only:
        agreements = agreements.filter(status__in=OPEN_STATUSES)
    return agreements.select_related("partner", "facility").order_by("-created_at", "-pk")


def portal_agreement(*, partners: Sequence[Partner], pk: int) -> Agreement | None:
    """One of the partners' agreements with its products, obligations (the unit's side first,
    then by due date) and documents; None for a missing one or another partner's."""
    return (
        portal_agreements(partners=partners)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "products",
                queryset=AgreementProduct.objects.select_related("product").order_by(
                    "product__name", "pk"
                ),
            ),
            Prefetch(
                "obligations",
                queryset=Obligation.objects.annotate(
                    side_order=Case(When(party=Party.UNIT, then=Value(0)), default=Value(1))
                ).order_by("side_order", F("due_date").asc(nulls_last=True), "pk"),
            ),
            "documents",
        )
        .first()
    )


def portal_obligations_due(
    *, partners: Sequence[Partner], within_days: int = DUE_WINDOW_DAYS
) -> list[Obligation]:
    """Open obligations (of either side) of the partners' running agreements that are overdue
    or fall due within `within_days` in their unit, the most urgent first; each with
    `overdue`."""
    today = todays(partners)
    if not today:
        return []
    latest = max(today.values()) + dt.timedelta(days=within_days)
    rows = list(
        _theirs(Obligation.objects.all(), partners, "agreement__partner")
        .filter(
            fulfilled_on__isnull=True,
            due_date__isnull=False,
            due_date__lte=latest,
            agreement__status__in=OPEN_STATUSES,
        )
        .select_related("agreement")
        .order_by("due_date", "pk")
    )
    for row in rows:
        row.overdue = row.due_date < today[row.facility_id]
    return [
        row
        for row in rows
        if row.due_date <= today[row.facility_id] + dt.timedelta(days=within_days)
    ]


def report_agreements(*, partners: Sequence[Partner]) -> list[Agreement]:
    """The partners' running consignment agreements: those a sales report is offered for."""
    return [
        agreement
        for agreement in portal_agreements(partners=partners, open_only=True)
        if is_consignment(agreement)
    ]


def report_agreement(*, partners: Sequence[Partner], pk: int) -> Agreement | None:
    """One of the partners' consignment agreements (running or not: goods may still be held
    after it ends), for a sales report; None for any other agreement."""
    agreement = portal_agreements(partners=partners).filter(pk=pk).first()
    return agreement if agreement is not None and is_consignment(agreement) else None


# --- handovers ---------------------------------------------------------------------------------


def portal_handovers(*, partners: Sequence[Partner]) -> QuerySet[Handover]:
    """Posted handovers to the partners (drafts are the unit's business), newest first, each
    with `total` (Σ quantity × unit price) and `units` (Σ quantity)."""
    return (
        _theirs(Handover.objects.filter(status=HandoverStatus.POSTED), partners)
        .select_related("facility", "agreement", "reverses")
        .annotate(
            total=Coalesce(
                Sum(F("lines__quantity") * F("lines__unit_price"), output_field=MONEY),
                Value(Decimal(0)),
                output_field=MONEY,
            ),
            units=Coalesce(Sum("lines__quantity"), 0),
        )
        .order_by("-handed_over_at", "-pk")
    )


def portal_handover(*, partners: Sequence[Partner], pk: int) -> Handover | None:
    """One posted handover to the partners with its lines (product, lot) — never its photos —
    and `reversed_by` looked up; None for a draft, a missing one or another partner's."""
    return (
        portal_handovers(partners=partners)
        .filter(pk=pk)
        .select_related("reversed_by")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=HandoverLine.objects.select_related("product", "lot").order_by("pk"),
            )
        )
        .first()
    )


# --- stock held at the partners' places ----------------------------------------------------------


@dataclass
class HeldProduct:
    """One product held at one location of a partner, with its lots."""

    location: object
    product: object
    facility: object
    quantity: int = 0
    lots: list = field(default_factory=list)  # [(lot code or "", quantity)]


def portal_stock(*, partners: Sequence[Partner]) -> list[HeldProduct]:
    """What the unit's goods held at the partners' stock locations amount to, by location and
    product (with the lots), from the stock ledger's balances. One query."""
    balances = (
        _theirs(StockBalance.objects.filter(quantity__gt=0), partners, "location__partner")
        .select_related("location", "product", "lot", "facility")
        .order_by("location__name", "product__name", "lot__code", "pk")
    )
    held: dict[tuple[int, int], HeldProduct] = {}
    for balance in balances:
        key = (balance.location_id, balance.product_id)
        row = held.setdefault(key, HeldProduct(balance.location, balance.product, balance.facility))
        row.quantity += balance.quantity
        row.lots.append((balance.lot.code if balance.lot_id else "", balance.quantity))
    return list(held.values())


# --- settlements -------------------------------------------------------------------------------


def portal_settlements(*, partners: Sequence[Partner]) -> QuerySet[Settlement]:
    """The partners' consignment settlements, latest period first."""
    return (
        _theirs(Settlement.objects.all(), partners)
        .select_related("facility", "agreement")
        .order_by("-period_end", "-pk")
    )


def portal_settlement(*, partners: Sequence[Partner], pk: int) -> Settlement | None:
    return (
        portal_settlements(partners=partners)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=SettlementLine.objects.select_related("product", "lot").order_by("pk"),
            )
        )
        .first()
    )


# --- invoices ----------------------------------------------------------------------------------


class InvoiceState(models.TextChoices):
    OPEN = "open", _("Not yet due")
    OVERDUE = "overdue", _("Overdue")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


def portal_invoices(*, partners: Sequence[Partner]) -> QuerySet[Invoice]:
    """The partners' invoices, newest first, each with `paid` (payments of its sale, refunds
    deducted), `cancelled` (its sale was reversed) and `outstanding` (amount − paid, at
    least 0). Use `with_state` to add the state shown to the partner."""
    paid = (
        Payment.objects.filter(sale_id=OuterRef("sale_id"))
        .order_by()
        .values("sale_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    partner_ids, facility_ids = _ids(partners)
    return (
        Invoice.objects.filter(facility_id__in=facility_ids)
        .filter(Q(partner_id__in=partner_ids) | Q(sale__partner_id__in=partner_ids))
        .select_related("facility", "sale__handover", "sale__settlement")
        .annotate(
            paid=Coalesce(Subquery(paid, output_field=MONEY), Value(Decimal(0))),
            cancelled=Exists(Sale.objects.filter(reverses_id=OuterRef("sale_id"))),
        )
        .order_by("-issued_on", "-pk")
    )


def with_state(invoices, partners: Sequence[Partner]) -> list[Invoice]:
    """The invoices as a list, each with `outstanding` and `state` (paid, overdue, open,
    cancelled) as of today in its unit."""
    today = todays(partners)
    rows = list(invoices)
    for invoice in rows:
        invoice.outstanding = max(invoice.amount - invoice.paid, Decimal(0))
        if invoice.cancelled:
            invoice.outstanding = Decimal(0)
            invoice.state = InvoiceState.CANCELLED
        elif invoice.outstanding == 0:
            invoice.state = InvoiceState.PAID
        elif invoice.due_on < today.get(invoice.facility_id, invoice.due_on):
            invoice.state = InvoiceState.OVERDUE
        else:
            invoice.state = InvoiceState.OPEN
        invoice.state_label = invoice.state.label
    return rows


def portal_open_invoices(*, partners: Sequence[Partner]) -> list[Invoice]:
    """The partners' invoices with something still owed, the oldest due first."""
    return with_state(
        portal_invoices(partners=partners)
        .filter(cancelled=False, amount__gt=F("paid"))
        .order_by("due_on", "pk"),
        partners,
    )


def portal_invoice(*, partners: Sequence[Partner], pk: int) -> Invoice | None:
    rows = with_state(portal_invoices(partners=partners).filter(pk=pk), partners)
    return rows[0] if rows else None


def invoice_of(source) -> Invoice | None:
    """The invoice of a handover's or a settlement's sale (not a cancelled one), if any."""
    field_name = "sale__handover" if isinstance(source, Handover) else "sale__settlement"
    return (
        Invoice.objects.filter(**{field_name: source}, facility_id=source.facility_id)
        .exclude(sale__reversed_by__isnull=False)
        .first()
    )
