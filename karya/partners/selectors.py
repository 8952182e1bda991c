"""Reads on partners and agreements."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from karya.partners.choices import OPEN_STATUSES
from karya.partners.models import Agreement, Partner, PartnerVisit


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
