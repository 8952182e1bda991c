"""Partner pages: the unit's partners, and one partner with everything the unit did with it."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm
from karya.partners import selectors
from karya.partners.models import Agreement, Partner


class PartnerListView(FacilityPermissionMixin, ListView):
    permission = Perm.PARTNER_VIEW
    template_name = "partners/partner_list.html"
    context_object_name = "partners"
    paginate_by = 50

    def get_queryset(self):
        return selectors.partner_list(
            facility=self.request.facility, query=self.request.GET.get("q", "").strip()
        )


class PartnerDetailView(FacilityPermissionMixin, DetailView):
    permission = Perm.PARTNER_VIEW
    template_name = "partners/partner_detail.html"
    context_object_name = "partner"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Partner.objects.filter(facility=self.request.facility), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreements"] = selectors.partner_agreements(partner=self.object)
        context["visits"] = selectors.partner_visits(partner=self.object)
        context["contacts"] = self.object.contacts.all()
        return context


class AgreementDetailView(FacilityPermissionMixin, DetailView):
    permission = Perm.PARTNER_VIEW
    template_name = "partners/agreement_detail.html"
    context_object_name = "agreement"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Agreement.objects.filter(facility=self.request.facility).select_related("partner"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.object
        context["products"] = agreement.products.select_related("product")
        context["obligations"] = agreement.obligations.select_related("fulfilled_by")
        context["documents"] = agreement.documents.all()
        context["visits"] = agreement.visits.all()
        return context
