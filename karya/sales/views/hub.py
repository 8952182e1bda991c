"""The sales home page (/upt/<unit>/penjualan/): every part of the sales area as a card with
its figures of the day, so the top navigation needs one link to all of them."""

from __future__ import annotations

from django.views.generic import TemplateView

from karya.accounts.mixins import FacilityPermissionMixin, can
from karya.accounts.permissions import Perm
from karya.catalogue.choices import RequestStatus
from karya.catalogue.request_selectors import request_list
from karya.sales.selectors.hub import sales_glance
from karya.sales.views.common import today


class SalesHomeView(FacilityPermissionMixin, TemplateView):
    """The counter today, what is owed and overdue, this month's pick-ups and the work
    waiting (new requests from the public catalogue among it), each leading to its part of
    the sales area."""

    permission = Perm.SALES_VIEW
    template_name = "sales/home.html"

    def get_context_data(self, **kwargs):
        day = today(self.request)
        return super().get_context_data(
            today=day,
            glance=sales_glance(facility=self.request.facility, today=day),
            new_requests=request_list(
                facility=self.request.facility, status=RequestStatus.NEW
            ).count(),
            can_sell=can(self.request, Perm.SALES_MANAGE),
            **kwargs,
        )
