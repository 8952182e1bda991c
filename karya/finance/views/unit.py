"""A unit's finance pages (under /upt/<code>/keuangan/): the overview, the split rules that
apply to the unit, the proceeds split of a month, and PNBP (payables against deposits, the
annual target) with the deposit and target forms.

Reading needs Perm.FINANCE_VIEW (treasurer, head); recording a deposit or setting the target
Perm.PNBP_MANAGE, and so does cancelling a deposit recorded by mistake."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm, access_for
from karya.core.dates import tanggal, today_in
from karya.core.money import format_rupiah
from karya.finance import forms, selectors
from karya.finance.models import PnbpDeposit
from karya.finance.services.pnbp import (
    pnbp_deposit_cancel,
    pnbp_deposit_record,
    pnbp_target_set,
)
from karya.finance.views.common import FormPage, describe, month_asked, year_asked
from karya.programs.models import Workshop


def _workshops(facility):
    return list(Workshop.objects.filter(facility=facility).order_by("name").only("name"))


class FinancePage(FacilityPermissionMixin):
    permission = Perm.FINANCE_VIEW

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = access_for(self.request.user).can(
            Perm.PNBP_MANAGE, self.request.facility
        )
        return context


class FinanceHomeView(FinancePage, TemplateView):
    """This month's proceeds per workshop (the premi pools), this year's PNBP and the capital
    fund."""

    template_name = "finance/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facility = self.request.facility
        today = today_in(facility.timezone)
        first = today.replace(day=1)
        year_start = dt.date(today.year, 1, 1)
        context.update(
            today=today,
            month_start=first,
            by_workshop=selectors.split_totals_by_workshop(
                facility=facility, start=first, end=today
            ),
            reconciliation=selectors.pnbp_reconciliation(facility=facility, year=today.year),
            realisation=selectors.pnbp_realisation(facility=facility, year=today.year),
            capital_year=selectors.capital_fund(facility=facility, start=year_start, end=today),
            capital_all=selectors.capital_fund(facility=facility),
        )
        return context


class UnitRulesView(FinancePage, TemplateView):
    """Which rule splits each workshop's money today, and every version that concerns the
    unit (the national rules, the unit's own, its workshops')."""

    template_name = "finance/unit_rules.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facility = self.request.facility
        today = today_in(facility.timezone)
        rules = describe(selectors.split_rules_for_unit(facility=facility), today)
        context.update(
            today=today,
            rules=rules,
            applied=selectors.rules_applied(
                facility=facility, workshops=_workshops(facility), rules=rules, day=today
            ),
        )
        return context


class SplitListView(FinancePage, ListView):
    """The splits of a month (`?bulan=2026-01`), of one workshop (`?bengkel=<id>`) or all,
    with the month's sums per workshop."""

    template_name = "finance/split_list.html"
    context_object_name = "splits"
    paginate_by = 50

    def get_queryset(self):
        facility = self.request.facility
        self.start, self.end = month_asked(self.request, facility)
        try:
            self.workshop_id = int(self.request.GET.get("bengkel", ""))
        except ValueError:
            self.workshop_id = None
        return selectors.proceeds_splits(
            facility=facility, start=self.start, end=self.end, workshop_id=self.workshop_id
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facility = self.request.facility
        previous = self.start - dt.timedelta(days=1)
        following = self.end + dt.timedelta(days=1)
        context.update(
            start=self.start,
            end=self.end,
            month_value=f"{self.start:%Y-%m}",
            previous_month=f"{previous:%Y-%m}",
            next_month=f"{following:%Y-%m}",
            workshops=_workshops(facility),
            workshop_id=self.workshop_id,
            by_workshop=selectors.split_totals_by_workshop(
                facility=facility, start=self.start, end=self.end
            ),
            totals=selectors.split_totals(
                facility=facility, start=self.start, end=self.end, workshop_id=self.workshop_id
            ),
        )
        return context


class PnbpView(FinancePage, TemplateView):
    """A year's PNBP (`?tahun=2026`): payables against deposits month by month, the deposits
    and the target with its realisation."""

    template_name = "finance/pnbp.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facility = self.request.facility
        year = year_asked(self.request, facility)
        context.update(
            year=year,
            previous_year=year - 1,
            next_year=year + 1,
            reconciliation=selectors.pnbp_reconciliation(facility=facility, year=year),
            realisation=selectors.pnbp_realisation(facility=facility, year=year),
            deposits=list(selectors.pnbp_deposits(facility=facility, year=year)),
        )
        return context


def _pnbp_url(request, year: int | None = None) -> str:
    url = reverse("finance:pnbp", args=[request.facility.code])
    return f"{url}?tahun={year}" if year else url


class DepositCreateView(FacilityPermissionMixin, FormPage):
    permission = Perm.PNBP_MANAGE
    form_class = forms.DepositForm
    heading = gettext_lazy("Record a PNBP deposit")
    intro = gettext_lazy(
        "From the SIMPONI billing and the deposit receipt (bukti penerimaan negara). A billing "
        "code is used once; a recorded deposit cannot be changed."
    )
    success_message = gettext_lazy("The deposit was recorded.")

    def get_initial(self):
        return {"deposited_on": today_in(self.request.facility.timezone)}

    def get_back_url(self):
        return _pnbp_url(self.request)

    def perform(self, form):
        return pnbp_deposit_record(
            actor=self.request.user, facility=self.request.facility, **form.cleaned_data
        )

    def get_success_url(self):
        return _pnbp_url(self.request, self.object.deposited_on.year)


class DepositCancelView(FacilityPermissionMixin, FormPage):
    """Cancel a deposit recorded by mistake (a reversing entry; see pnbp_deposit_cancel)."""

    permission = Perm.PNBP_MANAGE
    form_class = forms.DepositCancelForm
    heading = gettext_lazy("Cancel a PNBP deposit")
    success_message = gettext_lazy(
        "The deposit was cancelled. Record it again with the right figures."
    )

    @cached_property
    def deposit(self) -> PnbpDeposit:
        """Looked up after the permission check (the mixin's dispatch), inside the unit."""
        return get_object_or_404(
            PnbpDeposit, facility=self.request.facility, pk=self.kwargs["pk"], reverses__isnull=True
        )

    def get(self, request, *args, **kwargs):
        self.deposit  # noqa: B018 — 404 before the form is shown
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.deposit  # noqa: B018 — 404 before the form is read
        return super().post(request, *args, **kwargs)

    @property
    def intro(self):
        return _(
            "Deposit of %(amount)s on %(day)s, billing code %(code)s, NTPN %(ntpn)s. It stays "
            "in the list, marked as cancelled, and no longer counts in the PNBP deposited."
        ) % {
            "amount": format_rupiah(self.deposit.amount),
            "day": tanggal(self.deposit.deposited_on),
            "code": self.deposit.billing_code,
            "ntpn": self.deposit.ntpn,
        }

    def get_back_url(self):
        return _pnbp_url(self.request, self.deposit.deposited_on.year)

    def perform(self, form):
        return pnbp_deposit_cancel(
            actor=self.request.user, deposit=self.deposit, **form.cleaned_data
        )

    def get_success_url(self):
        return _pnbp_url(self.request, self.deposit.deposited_on.year)


class TargetSetView(FacilityPermissionMixin, FormPage):
    permission = Perm.PNBP_MANAGE
    form_class = forms.TargetForm
    heading = gettext_lazy("PNBP target of the year")
    success_message = gettext_lazy("The target was saved.")

    def get_initial(self):
        facility = self.request.facility
        year = year_asked(self.request, facility)
        target = selectors.pnbp_target_get(facility=facility, year=year)
        return {"year": year, "amount": target.amount if target else None}

    def get_back_url(self):
        return _pnbp_url(self.request)

    def perform(self, form):
        return pnbp_target_set(
            actor=self.request.user, facility=self.request.facility, **form.cleaned_data
        )

    def get_success_url(self):
        return _pnbp_url(self.request, self.object.year)
