"""Targets: national staff set each unit's yearly targets (/upt/<code>/laporan/target/
?tahun=2026), see every unit of a region with its targets (/laporan/target/?tahun=&wilayah=)
and add indicators for the ministry's programmes (/laporan/indikator/). Perm.TARGET_MANAGE
(Ditjenpas). The PNBP target is the unit's own (set by its treasurer on the PNBP page) and is
shown here, not set."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from karya.accounts.mixins import FacilityPermissionMixin, GlobalPermissionMixin
from karya.accounts.permissions import Perm
from karya.core.dates import today_in
from karya.core.views import ServiceFormView
from karya.facilities.models import Region
from karya.reports import forms, selectors
from karya.reports.models import Indicator
from karya.reports.services.targets import (
    indicator_create,
    indicator_update,
    unit_targets_set,
)

NATIONAL_ZONE = "Asia/Jakarta"


def year_asked(request) -> int:
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else today_in(NATIONAL_ZONE).year


class UnitTargetsView(FacilityPermissionMixin, ServiceFormView):
    template_name = "reports/targets_form.html"
    form_class = forms.TargetsForm
    permission = Perm.TARGET_MANAGE

    def dispatch(self, request, *args, **kwargs):
        self.year = year_asked(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.indicator_list = selectors.indicators()
        kwargs["indicators"] = self.indicator_list
        kwargs["initial_values"] = selectors.unit_target_values(self.request.facility, self.year)
        return kwargs

    def perform(self, form):
        return unit_targets_set(
            actor=self.request.user,
            facility=self.request.facility,
            year=self.year,
            values=form.values(),
        )

    def get_success_url(self):
        messages.success(self.request, _("Targets saved."))
        return reverse("reports:unit-targets", args=[self.request.facility.code]) + (
            f"?tahun={self.year}"
        )

    def get_context_data(self, **kwargs):
        from karya.finance.models import PnbpTarget

        context = super().get_context_data(**kwargs)
        context.update(
            year=self.year,
            pnbp_target=PnbpTarget.objects.filter(
                facility=self.request.facility, year=self.year
            ).first(),
        )
        return context


class TargetOverviewView(GlobalPermissionMixin, TemplateView):
    """Every unit of a region with its targets for the year, and where to set them."""

    template_name = "reports/targets_overview.html"
    permission = Perm.TARGET_MANAGE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        regions = list(Region.objects.order_by("name"))
        code = self.request.GET.get("wilayah", "")
        region = next((r for r in regions if r.code == code), regions[0] if regions else None)
        year = year_asked(self.request)
        context.update(
            year=year,
            regions=regions,
            region=region,
            table=selectors.target_table(region, year) if region else None,
        )
        return context


class IndicatorListView(GlobalPermissionMixin, ListView):
    template_name = "reports/indicator_list.html"
    permission = Perm.TARGET_MANAGE
    context_object_name = "indicators"

    def get_queryset(self):
        return Indicator.objects.order_by("-is_active", "position", "name")


class IndicatorFormView(GlobalPermissionMixin, ServiceFormView):
    template_name = "reports/indicator_form.html"
    form_class = forms.IndicatorForm
    permission = Perm.TARGET_MANAGE

    @cached_property
    def indicator(self) -> Indicator | None:
        """The indicator changed (None: a new one); looked up once permission is granted."""
        if "pk" not in self.kwargs:
            return None
        found = Indicator.objects.filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404
        return found

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["editing"] = self.indicator
        if self.indicator is not None:
            kwargs["initial"] = {
                "name": self.indicator.name,
                "description": self.indicator.description,
                "is_active": self.indicator.is_active,
            }
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        if self.indicator is None:
            return indicator_create(
                actor=self.request.user,
                name=data["name"],
                measure=data["measure"],
                description=data["description"],
            )
        return indicator_update(
            actor=self.request.user,
            indicator=self.indicator,
            name=data["name"],
            description=data["description"],
            is_active=data["is_active"],
        )

    def get_success_url(self):
        messages.success(self.request, _("Indicator saved."))
        return reverse("reports:indicator-list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["indicator"] = self.indicator
        return context
