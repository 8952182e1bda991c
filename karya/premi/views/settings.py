"""The unit's premi setting and a workshop's premi terms per product."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm
from karya.core.errors import DomainError
from karya.premi import forms, selectors
from karya.premi.services import terms as services
from karya.premi.views.common import FormPage
from karya.programs.models import Workshop


class SettingView(FormPage):
    form_class = forms.SettingForm
    template_name = "premi/setting.html"
    success_message = gettext_lazy("The premi setting was saved.")
    intro = gettext_lazy(
        "Premi is held and recorded at the unit (PP 32/1999 art. 29). Each credit is divided "
        "into a spendable part and savings paid out on release."
    )

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "instance": selectors.setting_for(self.request.facility)
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["workshops"] = Workshop.objects.filter(facility=self.request.facility).order_by(
            "name"
        )
        return context

    def get_heading(self):
        return _("Premi setting of the unit")

    def get_back_url(self):
        return reverse("premi:run-list", args=[self.request.facility.code])

    def perform(self, form):
        return services.premi_setting_save(
            actor=self.request.user, facility=self.request.facility, **form.cleaned_data
        )

    def get_success_url(self):
        return self.request.path


class WorkshopTermsView(FacilityPermissionMixin, View):
    """Weight and piece rate of each product of a workshop, saved at once."""

    permission = Perm.PREMI_MANAGE
    template_name = "premi/workshop_terms.html"

    def workshop(self):
        workshop = Workshop.objects.filter(
            facility=self.request.facility, pk=self.kwargs["workshop_pk"]
        ).first()
        if workshop is None:
            raise Http404
        return workshop

    def render(self, workshop, terms, *, error="", status=200):
        return render(
            self.request,
            self.template_name,
            {
                "facility": self.request.facility,
                "workshop": workshop,
                "terms": terms,
                "error": error,
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        workshop = self.workshop()
        return self.render(workshop, selectors.terms_for(workshop))

    def post(self, request, *args, **kwargs):
        workshop = self.workshop()
        terms = selectors.terms_for(workshop)
        for term in terms:
            term.weight = request.POST.get(f"weight-{term.product.pk}", "").strip()
            term.piece_rate = request.POST.get(f"rate-{term.product.pk}", "").strip() or "0"
        try:
            with transaction.atomic():
                for term in terms:
                    services.premi_terms_save(
                        actor=request.user,
                        workshop=workshop,
                        product=term.product,
                        weight=term.weight.replace(",", "."),
                        piece_rate=term.piece_rate.replace(".", ""),
                    )
        except DomainError as error:
            return self.render(
                workshop, terms, error=f"{term.product.name}: {error.message}", status=400
            )
        messages.success(request, _("The premi terms of the workshop were saved."))
        return HttpResponseRedirect(request.path)
