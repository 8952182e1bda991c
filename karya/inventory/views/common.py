"""Helpers shared by the stock pages."""

from __future__ import annotations

from django.http import Http404

from karya.accounts.permissions import Perm, access_for
from karya.inventory import selectors


def location_or_404(request, pk):
    location = selectors.location_get(facility=request.facility, pk=pk)
    if location is None:
        raise Http404
    return location


def count_or_404(request, pk):
    count = selectors.count_get(facility=request.facility, pk=pk)
    if count is None:
        raise Http404
    return count


def abilities(request) -> dict:
    """What the template may offer: moving goods, and the head's decisions and reports."""
    access = access_for(request.user)
    return {
        "can_manage": access.can(Perm.STOCK_MANAGE, request.facility),
        "can_approve": access.can(Perm.STOCK_APPROVE, request.facility),
    }


def form_errors(form) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]
