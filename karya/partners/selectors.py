"""Reads on partners and agreements."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet

from karya.partners.choices import OPEN_STATUSES
from karya.partners.models import (
    Agreement,
    AgreementProduct,
    FollowUp,
    Obligation,
    Partner,
    PartnerVisit,
)


def partner_list(*, facility, query: str = "") -> QuerySet[Partner]:
    partners = Partner.objects.filter(facility=facility)
    if query:
        partners = partners.filter(Q(legal_name__icontains=query) | Q(npwp__icontains=query))
    return partners.annotate(
        open_agreements=Count(
            "agreements", filter=Q(agreements__status__in=OPEN_STATUSES), distinct=True
        ),
    ).order_by("legal_name")


def partner_agreements(*, partner: Partner) -> QuerySet[Agreement]:
    return partner.agreements.order_by("-created_at")


def partner_visits(*, partner: Partner) -> QuerySet[PartnerVisit]:
    return partner.visits.select_related("agreement").prefetch_related("follow_ups__owner")


def agreement_list(
    *,
    facility,
    status: str = "",
    partner_id: int | None = None,
    awaiting_approval: bool | None = None,
) -> QuerySet[Agreement]:
    """The unit's agreements with their partner, optionally of one status or partner, or only
    those waiting (or not) for the head's approval."""
    agreements = Agreement.objects.filter(facility=facility).select_related("partner")
    if status:
        agreements = agreements.filter(status=status)
    if partner_id is not None:
        agreements = agreements.filter(partner_id=partner_id)
    if awaiting_approval is True:
        agreements = agreements.exclude(pending_status="")
    elif awaiting_approval is False:
        agreements = agreements.filter(pending_status="")
    return agreements


def agreement_with_details(*, facility, pk: int) -> Agreement | None:
    """One agreement of the unit with its products, obligations and documents (one query
    each), or None."""
    return (
        Agreement.objects.filter(facility=facility, pk=pk)
        .select_related("partner", "requested_by", "renewal_of")
        .prefetch_related(
            Prefetch(
                "products",
                queryset=AgreementProduct.objects.filter(facility=facility).select_related(
                    "product"
                ),
            ),
            Prefetch(
                "obligations",
                queryset=Obligation.objects.filter(facility=facility).select_related(
                    "fulfilled_by"
                ),
            ),
            "documents__uploaded_by",
        )
        .first()
    )


def obligations_due(*, facility, today: dt.date, within_days: int = 7) -> QuerySet[Obligation]:
    """Unfulfilled obligations of the unit's open agreements due by `today + within_days`
    (overdue ones included), soonest first."""
    return (
        Obligation.objects.filter(
            facility=facility,
            fulfilled_on__isnull=True,
            due_date__isnull=False,
            due_date__lte=today + dt.timedelta(days=within_days),
            agreement__status__in=OPEN_STATUSES,
        )
        .select_related("agreement__partner", "fulfilled_by")
        .order_by("due_date", "pk")
    )


def visit_list(
    *, facility, partner_id: int | None = None, agreement_id: int | None = None
) -> QuerySet[PartnerVisit]:
    """The unit's visits with their partner and follow-ups."""
    visits = PartnerVisit.objects.filter(facility=facility)
    if partner_id is not None:
        visits = visits.filter(partner_id=partner_id)
    if agreement_id is not None:
        visits = visits.filter(agreement_id=agreement_id)
    return visits.select_related("partner", "facility").prefetch_related(
        Prefetch(
            "follow_ups",
            queryset=FollowUp.objects.filter(facility=facility).select_related("owner"),
        )
    )


def agreements_visible_to_partner(partner: Partner) -> QuerySet[Agreement]:
    """What a partner's own user may see (the partner portal): that partner's agreements, and
    never another partner's, even one of the same unit. Runs inside the unit's scope."""
    return Agreement.objects.filter(facility_id=partner.facility_id, partner=partner).order_by(
        "-created_at", "-pk"
    )
