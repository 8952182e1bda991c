"""The head's stock reports: stock value per location, and slow-moving stock."""

from __future__ import annotations

from django.views.generic import TemplateView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm
from karya.core.dates import today_in
from karya.inventory import selectors
from karya.inventory.forms import SlowMovingForm
from karya.inventory.views.common import abilities


class StockValueView(FacilityPermissionMixin, TemplateView):
    permission = Perm.STOCK_APPROVE
    template_name = "inventory/report_value.html"

    def get_context_data(self, **kwargs):
        facility = self.request.facility
        return super().get_context_data(
            report=selectors.stock_value(facility=facility),
            today=today_in(facility.timezone),
            **abilities(self.request),
            **kwargs,
        )


class SlowMovingView(FacilityPermissionMixin, TemplateView):
    permission = Perm.STOCK_APPROVE
    template_name = "inventory/report_slow.html"

    def get_context_data(self, **kwargs):
        facility = self.request.facility
        form = SlowMovingForm(
            self.request.GET if "hari" in self.request.GET else None,
            initial={"hari": selectors.SLOW_MOVING_DAYS},
        )
        days = form.cleaned_data["hari"] if form.is_valid() else selectors.SLOW_MOVING_DAYS
        today = today_in(facility.timezone)
        rows = selectors.slow_moving(facility=facility, today=today, days=days)
        return super().get_context_data(
            form=form,
            days=days,
            rows=rows,
            total_value=sum(r.balance.value for r in rows if r.balance.value is not None),
            **abilities(self.request),
            **kwargs,
        )
