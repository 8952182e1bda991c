"""Consignment pages (konsinyasi), under /upt/<code>/penjualan/konsinyasi/: what each partner
holds of the unit's goods and for how long, what is overdue, the partner's page with its
settlements and returns, the settlement form, its confirmation or rejection, and the return of
unsold goods.

Reading needs Perm.SALES_VIEW; every write Perm.SALES_MANAGE. Another unit's partner,
agreement or settlement answers 404."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from karya.accounts.mixins import FacilityPermissionMixin, can
from karya.accounts.permissions import Perm
from karya.core.dates import today_in
from karya.core.views import ServiceFormView
from karya.partners import selectors as partner_selectors
from karya.sales.choices import SettlementStatus
from karya.sales.forms import consignment as forms
from karya.sales.selectors import consignment as selectors
from karya.sales.services import consignment as services
from karya.sales.views.common import today


def _abilities(request) -> dict:
    return {
        "can_manage": can(request, Perm.SALES_MANAGE),
        "can_pay": can(request, Perm.PAYMENT_RECORD),
        "held_too_long_days": selectors.HELD_TOO_LONG_DAYS,
        "today": today(request),
    }


def get_partner(request, pk: int):
    partner = partner_selectors.partner_get(facility=request.facility, pk=pk)
    if partner is None:
        raise Http404
    return partner


def get_agreement(request, pk: int):
    """A consignment agreement of the unit (any other agreement: 404, it has no settlements)."""
    agreement = partner_selectors.agreement_get(facility=request.facility, pk=pk)
    if agreement is None or not selectors.is_consignment(agreement):
        raise Http404
    return agreement


def get_settlement(request, pk: int):
    settlement = selectors.settlement_get(facility=request.facility, pk=pk)
    if settlement is None:
        raise Http404
    return settlement


def partner_url(request, partner_id: int, anchor: str = "") -> str:
    url = reverse("sales:consignment-partner", args=[request.facility.code, partner_id])
    return f"{url}#{anchor}" if anchor else url


def settlement_url(request, settlement_id: int) -> str:
    return reverse("sales:consignment-settlement", args=[request.facility.code, settlement_id])


class OverviewView(FacilityPermissionMixin, TemplateView):
    """Every partner holding the unit's goods (or with a running consignment agreement): units,
    value at the agreed price, the oldest goods' age, overdue marks; then what is overdue and
    the reports awaiting confirmation."""

    permission = Perm.SALES_VIEW
    template_name = "sales/consignment/overview.html"

    def get_context_data(self, **kwargs):
        facility = self.request.facility
        awaiting, _cursor = selectors.settlement_list(
            facility=facility, status=SettlementStatus.SUBMITTED
        )
        return super().get_context_data(
            overview=selectors.consignment_overview(facility=facility, today=today(self.request)),
            awaiting=awaiting,
            **_abilities(self.request),
            **kwargs,
        )


class PartnerView(FacilityPermissionMixin, TemplateView):
    """One partner: what it holds (by location, product and lot, with age), its consignment
    agreements, settlements and returns."""

    permission = Perm.SALES_VIEW
    template_name = "sales/consignment/partner.html"

    def get_context_data(self, **kwargs):
        facility = self.request.facility
        partner = get_partner(self.request, self.kwargs["pk"])
        settlements, more = selectors.settlement_list(facility=facility, partner_id=partner.pk)
        return super().get_context_data(
            partner=partner,
            entry=selectors.partner_consignment(
                facility=facility, partner=partner, today=today(self.request)
            ),
            locations=list(selectors.partner_locations(partner=partner)),
            settlements=settlements,
            more_settlements=more is not None,
            returns=selectors.consignment_returns(facility=facility, partner=partner),
            **_abilities(self.request),
            **kwargs,
        )


class PartnerLocationView(FacilityPermissionMixin, View):
    """Open the stock location where the partner holds the unit's goods (POST), so goods can
    be sent there by a stock transfer."""

    permission = Perm.SALES_MANAGE
    http_method_names = ["post"]

    def post(self, request, pk, **kwargs):
        partner = get_partner(request, pk)
        location = services.consignment_location(actor=request.user, partner=partner)
        messages.success(
            request,
            _("Goods held by %(partner)s are kept at the stock location %(location)s.")
            % {"partner": partner, "location": location.name},
        )
        return HttpResponseRedirect(partner_url(request, partner.pk))


class _FormView(FacilityPermissionMixin, ServiceFormView):
    permission = Perm.SALES_MANAGE
    template_name = "sales/consignment/form.html"
    heading = ""
    submit_label = gettext_lazy("Save")

    def get_back_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.heading,
            submit_label=self.submit_label,
            back_url=self.get_back_url(),
            **_abilities(self.request),
            **kwargs,
        )


class SettlementFormMixin:
    """A settlement form for one consignment agreement (`get_settlement_agreement()`): one row
    per product of the agreement the partner holds, the suggested period, what the page shows
    beside the form, and the call to `settlement_submit`. The officer's settlement page and
    the partner portal's sales report share it."""

    form_class = forms.SettlementForm

    def get_settlement_agreement(self):
        raise NotImplementedError

    def load(self):
        if not hasattr(self, "agreement"):
            self.agreement = self.get_settlement_agreement()
            self.location, self.rows, self.unpriced = selectors.settlement_rows(
                agreement=self.agreement
            )
        return self.agreement

    def get_form_kwargs(self):
        self.load()
        return {**super().get_form_kwargs(), "rows": self.rows}

    def get_initial(self):
        agreement = self.load()
        start, end = selectors.suggested_period(
            agreement=agreement, today=today_in(agreement.facility.timezone)
        )
        return {"period_start": start, "period_end": end}

    def get_context_data(self, **kwargs):
        agreement = self.load()
        return super().get_context_data(
            agreement=agreement,
            location=self.location,
            unpriced=self.unpriced,
            commission_percent=agreement.commission_percent or 0,
            **kwargs,
        )

    def submit(self, form, *, by_partner: bool = False):
        data = form.cleaned_data
        return services.settlement_submit(
            actor=self.request.user,
            agreement=self.load(),
            period_start=data["period_start"],
            period_end=data["period_end"],
            lines=[services.SettlementLineInput(product, units) for product, units in form.sold()],
            note=data["note"],
            by_partner=by_partner,
        )


class SettlementCreateView(SettlementFormMixin, _FormView):
    """The officer records what the partner sold in a period: one quantity per product of the
    agreement the partner holds (prefilled rows; empty means none sold)."""

    template_name = "sales/consignment/settlement_form.html"
    submit_label = gettext_lazy("Submit the settlement")

    def get_settlement_agreement(self):
        return get_agreement(self.request, self.kwargs["pk"])

    def get_back_url(self):
        return partner_url(self.request, self.load().partner_id)

    def perform(self, form):
        settlement = self.submit(form)
        messages.success(
            self.request,
            _("Settlement %(number)s was recorded; confirm it to invoice the partner.")
            % {"number": settlement.number},
        )
        return settlement

    def get_success_url(self):
        return settlement_url(self.request, self.object.pk)


class SettlementDetailView(FacilityPermissionMixin, TemplateView):
    """A settlement: its lines and amounts, who reported it, and either the forms to confirm or
    reject it, or its outcome (the sale and the invoice, or the reason of the rejection)."""

    permission = Perm.SALES_VIEW
    template_name = "sales/consignment/settlement_detail.html"

    def get_context_data(self, **kwargs):
        settlement = get_settlement(self.request, self.kwargs["pk"])
        day = today(self.request)
        return super().get_context_data(
            settlement=settlement,
            lines=list(settlement.lines.all()),
            sale=selectors.settlement_sale(settlement=settlement),
            is_open=settlement.status == SettlementStatus.SUBMITTED,
            confirm_form=forms.ConfirmForm(
                initial={"due_on": day + dt.timedelta(days=services.DEFAULT_DUE_DAYS)}
            ),
            reject_form=forms.RejectForm(),
            **_abilities(self.request),
            **kwargs,
        )


class _DecisionView(_FormView):
    def load(self):
        if not hasattr(self, "settlement"):
            self.settlement = get_settlement(self.request, self.kwargs["pk"])
        return self.settlement

    def get_back_url(self):
        return settlement_url(self.request, self.load().pk)

    def get_success_url(self):
        return settlement_url(self.request, self.load().pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(settlement=self.load(), **kwargs)


class SettlementConfirmView(_DecisionView):
    """Confirm: the sold goods leave the partner's location and the partner is invoiced for
    the net (gross less its commission)."""

    form_class = forms.ConfirmForm
    heading = gettext_lazy("Confirm the settlement")
    submit_label = gettext_lazy("Confirm and invoice")

    def get_initial(self):
        return {"due_on": today(self.request) + dt.timedelta(days=services.DEFAULT_DUE_DAYS)}

    def perform(self, form):
        settlement = services.settlement_confirm(
            actor=self.request.user, settlement=self.load(), due_on=form.cleaned_data["due_on"]
        )
        messages.success(
            self.request,
            _("Settlement %(number)s was confirmed and the partner invoiced.")
            % {"number": settlement.number},
        )
        return settlement


class SettlementRejectView(_DecisionView):
    """Reject with the reason: nothing moves, and the period can be reported again."""

    form_class = forms.RejectForm
    heading = gettext_lazy("Reject the settlement")
    submit_label = gettext_lazy("Reject")
    success_message = gettext_lazy("The settlement was rejected.")

    def perform(self, form):
        return services.settlement_reject(
            actor=self.request.user, settlement=self.load(), reason=form.cleaned_data["reason"]
        )


class ReturnView(_FormView):
    """Unsold goods come back from the partner to one of the unit's own locations."""

    form_class = forms.ReturnForm
    heading = gettext_lazy("Take unsold goods back")
    submit_label = gettext_lazy("Record the return")
    success_message = gettext_lazy("The goods are back in the unit's stock.")

    def load(self):
        if not hasattr(self, "partner"):
            self.partner = get_partner(self.request, self.kwargs["pk"])
        return self.partner

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "facility": self.request.facility,
            "locations": list(selectors.partner_locations(partner=self.load())),
        }

    def get_initial(self):
        initial = super().get_initial()
        for param, name in (("produk", "product"), ("lot", "lot"), ("lokasi", "location")):
            value = self.request.GET.get(param, "")
            if value.isdigit():
                initial[name] = int(value)
        return initial

    def get_back_url(self):
        return partner_url(self.request, self.load().pk)

    def get_success_url(self):
        return partner_url(self.request, self.load().pk, "returns")

    def get_context_data(self, **kwargs):
        return super().get_context_data(partner=self.load(), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.consignment_return(
            actor=self.request.user,
            location=data["location"],
            destination=data["destination"],
            product=data["product"],
            lot=data["lot"],
            quantity=data["quantity"],
            note=data["note"],
        )
