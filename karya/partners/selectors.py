"""Reads on partners, agreements, obligations and visits. Every function takes the unit (or a
record already fetched through the unit's scope) and never reads another unit's rows."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When

from karya.accounts.choices import Role
from karya.accounts.models import Membership, User
from karya.partners.choices import OPEN_STATUSES, Party
from karya.partners.models import (
    Agreement,
    AgreementProduct,
    FollowUp,
    Obligation,
    Partner,
    PartnerVisit,
)
from karya.production.models import Product

DUE_WINDOW_DAYS = 30  # the due-obligations list shows what falls due within this many days


def partner_list(*, facility, query: str = "") -> QuerySet[Partner]:
    partners = Partner.objects.filter(facility=facility)
    if query:
        partners = partners.filter(Q(legal_name__icontains=query) | Q(npwp__icontains=query))
    return partners.annotate(
        open_agreements=Count(
            "agreements", filter=Q(agreements__status__in=OPEN_STATUSES), distinct=True
        ),
    ).order_by("legal_name")


def partner_get(*, facility, pk: int) -> Partner | None:
    return Partner.objects.filter(facility=facility, pk=pk).first()


def partner_agreements(*, partner: Partner) -> QuerySet[Agreement]:
    return partner.agreements.select_related("renewal_of").order_by("-created_at")


def partner_portal_users(*, partner: Partner) -> QuerySet[Membership]:
    """The active portal logins of the partner (its own users), with the user."""
    return (
        Membership.objects.active()
        .filter(role=Role.PARTNER, partner=partner)
        .select_related("user")
        .order_by("user__username")
    )


def partner_visits(*, partner: Partner) -> QuerySet[PartnerVisit]:
    return partner.visits.select_related("agreement").prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner"))
    )


def agreement_get(*, facility, pk: int) -> Agreement | None:
    return (
        Agreement.objects.filter(facility=facility, pk=pk)
        .select_related("partner", "facility__region", "renewal_of", "requested_by")
        .first()
    )


def agreement_products(*, agreement: Agreement) -> QuerySet[AgreementProduct]:
    return agreement.products.select_related("product").order_by("product__name")


def agreement_obligations(*, agreement: Agreement) -> QuerySet[Obligation]:
    """The unit's side (Pihak Pertama) first, then the partner's; by due date within each."""
    unit_first = Case(When(party=Party.UNIT, then=Value(0)), default=Value(1))
    return (
        agreement.obligations.select_related("fulfilled_by")
        .annotate(side_order=unit_first)
        .order_by("side_order", F("due_date").asc(nulls_last=True), "pk")
    )


def agreement_renewal(*, agreement: Agreement) -> Agreement | None:
    """The agreement that renews this one, if any."""
    return Agreement.objects.filter(facility_id=agreement.facility_id, renewal_of=agreement).first()


def unit_products(*, facility) -> QuerySet[Product]:
    """The products an agreement may name: the unit's own, active ones."""
    return Product.objects.filter(facility=facility, is_active=True).order_by("name")


def unit_staff(*, facility) -> QuerySet[User]:
    """Users who work in the unit itself (possible owners of a follow-up)."""
    return (
        User.objects.filter(
            is_active=True, memberships__facility=facility, memberships__is_active=True
        )
        .distinct()
        .order_by("full_name", "username")
    )


def obligations_due(*, facility, today: dt.date, within_days: int = DUE_WINDOW_DAYS):
    """Open obligations of the unit's running agreements that are overdue or fall due within
    `within_days`, the most urgent first."""
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


def visit_get(*, facility, pk: int) -> PartnerVisit | None:
    return (
        PartnerVisit.objects.filter(facility=facility, pk=pk)
        .select_related("partner", "agreement", "created_by")
        .first()
    )


def visit_follow_ups(*, visit: PartnerVisit) -> QuerySet[FollowUp]:
    return visit.follow_ups.select_related("owner").order_by("due_date", "pk")


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
