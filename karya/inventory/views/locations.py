"""Pages: the unit's stock locations (list, add, edit) and the stock held at one of them."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm
from karya.core.views import ServiceFormView
from karya.inventory import selectors
from karya.inventory.forms import LocationForm
from karya.inventory.services import locations as services
from karya.inventory.views.common import abilities, location_or_404


class LocationListView(FacilityPermissionMixin, ListView):
    """The stock area's first page: every location with what it holds."""

    permission = Perm.STOCK_VIEW
    template_name = "inventory/location_list.html"
    context_object_name = "locations"

    def get_queryset(self):
        return selectors.location_list(facility=self.request.facility)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**abilities(self.request), **kwargs)


class LocationFormView(FacilityPermissionMixin, ServiceFormView):
    """Add (no pk) or edit (pk) a location."""

    permission = Perm.STOCK_MANAGE
    template_name = "inventory/location_form.html"
    form_class = LocationForm
    success_message = _("The location was saved.")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.location = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            # Two copies: the form writes its input onto its instance while validating.
            self.location = location_or_404(self.request, self.kwargs["pk"])
            kwargs["instance"] = location_or_404(self.request, self.kwargs["pk"])
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(location=self.location, **kwargs)

    def perform(self, form):
        if self.location is None:
            return services.location_create(
                actor=self.request.user, facility=self.request.facility, **form.cleaned_data
            )
        return services.location_update(
            actor=self.request.user, location=self.location, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("inventory:location-list", args=[self.request.facility.code])


class LocationStockView(FacilityPermissionMixin, TemplateView):
    """What one location holds, by product and lot, with its value at cost."""

    permission = Perm.STOCK_VIEW
    template_name = "inventory/location_stock.html"

    def get_context_data(self, **kwargs):
        location = location_or_404(self.request, self.kwargs["pk"])
        balances = selectors.balances_at(location=location)
        return super().get_context_data(
            location=location,
            balances=balances,
            total_units=sum(b.quantity for b in balances),
            total_value=sum((b.value for b in balances if b.value is not None), Decimal(0)),
            uncosted=sum(1 for b in balances if b.value is None),
            **abilities(self.request),
            **kwargs,
        )
