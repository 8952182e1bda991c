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
from functools import reduce
from operator import or_

from django.db.models import (
    Case,
    DecimalField,
    F,
    Prefetch,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from karya.core.dates import today_in
from karya.inventory.models import StockBalance
from karya.partners.choices import OPEN_STATUSES, Party
from karya.partners.models import Agreement, AgreementProduct, Obligation, Partner
from karya.partners.selectors import agreements_visible_to_partner
from karya.sales.choices import HandoverStatus
from karya.sales.models import (
    Handover,
    HandoverLine,
    Invoice,
    Settlement,
    SettlementLine,
)
from karya.sales.selectors.consignment import is_consignment
from karya.sales.selectors.money import InvoiceStatus, invoice_list

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
    """The partners' agreements with their unit and partner, newest first: what
    karya.partners.selectors.agreements_visible_to_partner lets each partner see (the partner
    API's rule), for all the user's partners at once."""
    agreements = reduce(
        or_, (agreements_visible_to_partner(p) for p in partners), Agreement.objects.none()
    )
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


def _units(partners: Sequence[Partner]) -> list[tuple[object, list[int]]]:
    """[(unit, ids of the partners in it)], each unit once."""
    units: dict[int, tuple[object, list[int]]] = {}
    for partner in partners:
        units.setdefault(partner.facility_id, (partner.facility, []))[1].append(partner.pk)
    return list(units.values())


def _invoices_of(facility, partner_ids: list[int], **filters) -> QuerySet[Invoice]:
    """The unit's invoices to these partners, with paid, outstanding, cancelled and status
    as of today in the unit (karya.sales.selectors.money.invoice_list, the unit's own rule)."""
    return (
        invoice_list(facility=facility, today=today_in(facility.timezone), **filters)
        .filter(partner_id__in=partner_ids)
        .select_related("facility", "sale__handover", "sale__settlement")
    )


def portal_invoices(*, partners: Sequence[Partner], status: str = "") -> list[Invoice]:
    """The partners' invoices (of every unit they work with), newest first, each with `paid`,
    `outstanding`, `cancelled` and `status` (open, overdue, paid, cancelled; see
    karya.sales.selectors.money.InvoiceStatus), optionally of one status. One query per unit,
    whatever the number of invoices."""
    rows = [
        invoice
        for facility, partner_ids in _units(partners)
        for invoice in _invoices_of(facility, partner_ids, status=status)
    ]
    rows.sort(key=lambda invoice: (invoice.issued_on, invoice.pk), reverse=True)
    return rows


def portal_open_invoices(*, partners: Sequence[Partner]) -> list[Invoice]:
    """The partners' invoices with something still owed (overdue ones included), the oldest
    due first."""
    rows = portal_invoices(partners=partners, status=InvoiceStatus.OPEN)
    rows.sort(key=lambda invoice: (invoice.due_on, invoice.pk))
    return rows


def portal_invoice(*, partners: Sequence[Partner], pk: int) -> Invoice | None:
    """One of the partners' invoices with its amounts and what its document needs; None for
    a missing one or another partner's."""
    for facility, partner_ids in _units(partners):
        invoice = (
            _invoices_of(facility, partner_ids)
            .select_related("sale__location", "created_by")
            .filter(pk=pk)
            .first()
        )
        if invoice is not None:
            return invoice
    return None


def invoice_of(source) -> Invoice | None:
    """The invoice of a handover's or a settlement's sale (not a cancelled one), if any."""
    field_name = "sale__handover" if isinstance(source, Handover) else "sale__settlement"
    return (
        Invoice.objects.filter(**{field_name: source}, facility_id=source.facility_id)
        .exclude(sale__reversed_by__isnull=False)
        .first()
    )
