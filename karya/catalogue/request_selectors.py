"""Reads of the quote requests a unit received (staff pages, inside the unit's scope)."""

from __future__ import annotations

from django.db.models import QuerySet

from karya.catalogue.models import QuoteRequest


def request_list(*, facility, status: str = "") -> QuerySet[QuoteRequest]:
    """The unit's requests, newest first, with their product and handler (one query)."""
    requests = QuoteRequest.objects.filter(facility=facility).select_related(
        "product", "handled_by", "quotation"
    )
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("-created_at", "-pk")


def request_get(*, facility, pk) -> QuoteRequest | None:
    return request_list(facility=facility).filter(pk=pk).first()
