"""Reads of handovers (BAST): the unit's list with its filters, one handover with its lines,
and the choices a handover form offers. Call inside the unit's scope."""

from __future__ import annotations

import datetime as dt

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum
from django.db.models.functions import Coalesce

from karya.accounts.choices import Role, ScopeType
from karya.accounts.models import User
from karya.inventory.choices import LocationKind
from karya.inventory.models import Lot, StockLocation
from karya.partners.models import Agreement, AgreementProduct
from karya.sales.choices import HandoverScheme
from karya.sales.models import Handover, HandoverLine, Sale
from karya.sales.selectors.money import month_instants
from karya.sales.services.handovers import HANDOVER_OPEN_STATUSES

AMOUNT = ExpressionWrapper(
    F("lines__quantity") * F("lines__unit_price"),
    output_field=DecimalField(max_digits=20, decimal_places=0),
)


def handover_list(
    *,
    facility,
    partner_id: int | None = None,
    agreement_id: int | None = None,
    status: str | None = None,
    month: tuple[int, int] | None = None,
) -> QuerySet[Handover]:
    """The unit's handovers, newest first, with their partner, agreement, reversal, total
    amount and quantity annotated (a fixed number of queries, whatever the rows)."""
    handovers = (
        Handover.objects.filter(facility=facility)
        .select_related("partner", "agreement", "reverses", "reversed_by", "source")
        .annotate(
            total=Coalesce(
                Sum(AMOUNT), 0, output_field=DecimalField(max_digits=20, decimal_places=0)
            ),
            pieces=Coalesce(Sum("lines__quantity"), 0),
        )
        .order_by("-handed_over_at", "-pk")
    )
    if partner_id is not None:
        handovers = handovers.filter(partner_id=partner_id)
    if agreement_id is not None:
        handovers = handovers.filter(agreement_id=agreement_id)
    if status:
        handovers = handovers.filter(status=status)
    if month is not None:
        start, end = month_instants(dt.date(*month, 1), facility.timezone)
        handovers = handovers.filter(handed_over_at__gte=start, handed_over_at__lt=end)
    return handovers


def handover_get(*, facility, pk: int) -> Handover | None:
    return (
        Handover.objects.filter(facility=facility, pk=pk)
        .select_related(
            "facility__region",
            "partner",
            "agreement",
            "source",
            "destination",
            "officer",
            "head",
            "reverses",
            "reversed_by",
            "posted_by",
            "created_by",
        )
        .first()
    )


DETAILS = ("lines__product", "lines__lot", "sales__invoice")


def handover_with_details(*, facility, pk: int) -> Handover | None:
    """One handover with its lines and sales prefetched (the API's answer)."""
    return (
        Handover.objects.filter(facility=facility, pk=pk)
        .select_related("facility", "partner", "reversed_by")
        .prefetch_related(*DETAILS)
        .first()
    )


def handover_lines(*, handover: Handover) -> list[HandoverLine]:
    return list(handover.lines.select_related("product", "lot").order_by("pk"))


def handover_total(lines: list[HandoverLine]):
    return sum((line.amount for line in lines), 0)


def handover_sales(*, handover: Handover) -> list[Sale]:
    """The sales a handover made (and their reversals), with their invoices."""
    return list(Sale.objects.filter(handover=handover).select_related("invoice").order_by("pk"))


# --- form choices ---------------------------------------------------------------------------


def agreements_for_handover(*, facility) -> QuerySet[Agreement]:
    """Open MoUs and PKSs of the unit with at least one handover scheme."""
    agreements = Agreement.objects.filter(
        facility=facility, status__in=HANDOVER_OPEN_STATUSES
    ).select_related("partner")
    wanted = [a.pk for a in agreements if set(a.schemes or []) & set(HandoverScheme.values)]
    return agreements.filter(pk__in=wanted).order_by("partner__legal_name", "title")


def handover_sources(*, facility) -> QuerySet[StockLocation]:
    """The unit's own locations in use (not a partner's)."""
    return (
        StockLocation.objects.filter(facility=facility, is_active=True)
        .exclude(kind=LocationKind.PARTNER)
        .order_by("name")
    )


def _staff(facility, **membership) -> QuerySet[User]:
    conditions = {f"memberships__{name}": value for name, value in membership.items()}
    return (
        User.objects.filter(
            is_active=True,
            memberships__scope=ScopeType.FACILITY,
            memberships__facility=facility,
            memberships__is_active=True,
            **conditions,
        )
        .distinct()
        .order_by("full_name", "username")
    )


def unit_officers(*, facility) -> QuerySet[User]:
    """Users working in the unit itself (who may hand goods over)."""
    return _staff(facility)


def unit_heads(*, facility) -> QuerySet[User]:
    """Users holding the head role in the unit (who acknowledge a handover)."""
    return _staff(facility, role=Role.HEAD)


def agreement_products_for(*, handover: Handover) -> QuerySet[AgreementProduct]:
    return (
        AgreementProduct.objects.filter(agreement=handover.agreement)
        .select_related("product")
        .order_by("product__name")
    )


def lots_for(*, handover: Handover) -> QuerySet[Lot]:
    """Lots of the agreement's products."""
    product_ids = AgreementProduct.objects.filter(agreement=handover.agreement).values("product_id")
    return (
        Lot.objects.filter(facility_id=handover.facility_id, product_id__in=product_ids)
        .select_related("product")
        .order_by("product__name", "-produced_on", "code")
    )


def available_at_source(*, handover: Handover, lines: list[HandoverLine]) -> dict[tuple, int]:
    """What the source holds now of each line's product and lot, in one query."""
    from karya.inventory.models import StockBalance

    balances = StockBalance.objects.filter(
        location_id=handover.source_id, product_id__in={line.product_id for line in lines}
    ).values_list("product_id", "lot_id", "quantity")
    held = {(product, lot): quantity for product, lot, quantity in balances}
    return {
        (line.product_id, line.lot_id): held.get((line.product_id, line.lot_id), 0)
        for line in lines
    }
