"""Administration of the reference data: regional offices and units."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from karya.accounts.mixins import GlobalPermissionMixin
from karya.accounts.permissions import Perm
from karya.audit.views import HistoryView
from karya.core.views import ServiceFormView
from karya.facilities import forms, selectors, services
from karya.facilities.models import Facility, Region


class RegionListView(GlobalPermissionMixin, ListView):
    permission = Perm.REFERENCE_MANAGE
    template_name = "facilities/region_list.html"
    context_object_name = "regions"

    def get_queryset(self):
        return selectors.region_list()


class FacilityListView(GlobalPermissionMixin, ListView):
    permission = Perm.REFERENCE_MANAGE
    template_name = "facilities/facility_list.html"
    context_object_name = "facilities"
    paginate_by = 50

    def get_queryset(self):
        return selectors.facility_list(
            query=self.request.GET.get("q", "").strip(),
            region=self.request.GET.get("region") or None
            if (self.request.GET.get("region") or "").isdigit()
            else None,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(regions=selectors.region_list(), **kwargs)


class _ReferenceFormView(GlobalPermissionMixin, ServiceFormView):
    """Create (no pk) or edit (pk) one reference record through its service."""

    permission = Perm.REFERENCE_MANAGE
    template_name = "facilities/form.html"
    model = None
    list_url = ""

    @cached_property
    def instance(self):
        """Looked up only after the mixin's permission check (anonymous → login, not 404)."""
        pk = self.kwargs.get("pk")
        return get_object_or_404(self.model, pk=pk) if pk else None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.instance is not None:
            kwargs["instance"] = type(self.instance).objects.get(pk=self.instance.pk)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            instance=self.instance, model_name=self.model._meta.verbose_name, **kwargs
        )

    def get_success_url(self):
        return reverse(self.list_url)


class RegionFormView(_ReferenceFormView):
    form_class = forms.RegionForm
    model = Region
    list_url = "facilities:region-list"
    success_message = _("The regional office was saved.")

    def perform(self, form):
        if self.instance is None:
            return services.region_create(actor=self.request.user, **form.cleaned_data)
        return services.region_update(
            actor=self.request.user, region=self.instance, **form.cleaned_data
        )


class FacilityFormView(_ReferenceFormView):
    form_class = forms.FacilityForm
    model = Facility
    list_url = "facilities:facility-list"
    success_message = _("The unit was saved.")

    def perform(self, form):
        if self.instance is None:
            return services.facility_create(actor=self.request.user, **form.cleaned_data)
        return services.facility_update(
            actor=self.request.user, facility=self.instance, **form.cleaned_data
        )


class RegionHistoryView(GlobalPermissionMixin, HistoryView):
    permission = Perm.AUDIT_VIEW

    def get_audited_object(self):
        return get_object_or_404(Region, pk=self.kwargs["pk"])


class FacilityHistoryView(GlobalPermissionMixin, HistoryView):
    permission = Perm.AUDIT_VIEW

    def get_audited_object(self):
        return get_object_or_404(Facility, pk=self.kwargs["pk"])
