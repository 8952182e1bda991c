"""Pages of stock counts (stock opname): the list, starting a count, entering the counted
quantities and submitting them, and the head's approval or rejection."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.core.views import ServiceFormView
from karya.inventory import forms, selectors
from karya.inventory.choices import CountStatus
from karya.inventory.services import counts as services
from karya.inventory.views.common import abilities, count_or_404, form_errors


def _detail_url(request, count) -> str:
    return reverse("inventory:count-detail", args=[request.facility.code, count.pk])


class CountListView(FacilityPermissionMixin, ListView):
    permission = Perm.STOCK_VIEW
    template_name = "inventory/count_list.html"
    context_object_name = "counts"
    paginate_by = 50

    def get_queryset(self):
        self.status = self.request.GET.get("status", "")
        if self.status not in CountStatus.values:
            self.status = ""
        return selectors.count_list(facility=self.request.facility, status=self.status or None)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            status=self.status, statuses=CountStatus.choices, **abilities(self.request), **kwargs
        )


class CountCreateView(FacilityPermissionMixin, ServiceFormView):
    permission = Perm.STOCK_MANAGE
    template_name = "inventory/count_create.html"
    form_class = forms.CountCreateForm
    success_message = gettext_lazy(
        "The count was started with the quantities the ledger expects now. Enter what you count."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "facility": self.request.facility}

    def get_initial(self):
        initial = {"counted_on": today_in(self.request.facility.timezone)}
        wanted = self.request.GET.get("lokasi", "")
        if wanted.isdigit():
            initial["location"] = int(wanted)
        return initial

    def perform(self, form):
        return services.stock_count_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return _detail_url(self.request, self.object)


class _CountPage(FacilityPermissionMixin):
    """The count page, drawn by the GET view and again by its POST actions after bad input
    (with the message; nothing written)."""

    def render_count(self, count, *, entry_form=None, add_form=None, errors=()):
        request = self.request
        lines = selectors.count_lines(count=count)
        can = abilities(request)
        if count.status == CountStatus.DRAFT and can["can_manage"]:
            entry_form = entry_form or forms.CountEntryForm(lines=lines)
            if entry_form.lines is not lines:  # a posted form: show its values on these lines
                for line in lines:
                    if f"line_{line.pk}" in entry_form.fields:
                        line.field = entry_form[f"line_{line.pk}"]
            add_form = add_form or forms.CountAddLineForm(facility=request.facility)
        else:
            entry_form = add_form = None
        counted = [line for line in lines if line.counted is not None]
        context = {
            "facility": request.facility,
            "count": count,
            "lines": lines,
            "entry_form": entry_form,
            "add_form": add_form,
            "errors": list(errors),
            "counted_lines": len(counted),
            "difference_lines": sum(1 for line in counted if line.difference),
            "difference_value": sum(
                (line.difference_value for line in lines if line.difference_value is not None),
                Decimal(0),
            ),
            "reject_form": forms.RejectForm() if count.is_open and can["can_approve"] else None,
            **can,
        }
        return render(request, "inventory/count_detail.html", context)


class CountDetailView(_CountPage, View):
    permission = Perm.STOCK_VIEW

    def get(self, request, pk, **kwargs):
        return self.render_count(count_or_404(request, pk))


class CountEntryView(_CountPage, View):
    """Save the counted quantities of a draft (`simpan`) or save and submit (`ajukan`)."""

    permission = Perm.STOCK_MANAGE

    def post(self, request, pk, **kwargs):
        count = count_or_404(request, pk)
        if count.status != CountStatus.DRAFT:
            return self.render_count(count, errors=[_("Only a draft count can be changed.")])
        form = forms.CountEntryForm(request.POST, lines=selectors.count_lines(count=count))
        if not form.is_valid():
            return self.render_count(count, entry_form=form, errors=form_errors(form))
        submit = "ajukan" in request.POST
        try:
            if submit:
                services.stock_count_submit(actor=request.user, count=count, counted=form.counted())
            else:
                services.stock_count_record(actor=request.user, count=count, counted=form.counted())
        except DomainError as error:
            return self.render_count(count, entry_form=form, errors=[error.message])
        if submit:
            messages.success(request, _("The count was submitted to the head of the unit."))
        else:
            messages.success(request, _("The counted quantities were saved."))
        return redirect(_detail_url(request, count))


class CountAddLineView(_CountPage, View):
    """Add goods found at the location that the ledger did not expect."""

    permission = Perm.STOCK_MANAGE

    def post(self, request, pk, **kwargs):
        count = count_or_404(request, pk)
        form = forms.CountAddLineForm(request.POST, facility=request.facility)
        if not form.is_valid():
            return self.render_count(count, add_form=form, errors=form_errors(form))
        try:
            services.stock_count_add_line(actor=request.user, count=count, **form.cleaned_data)
        except DomainError as error:
            return self.render_count(count, add_form=form, errors=[error.message])
        messages.success(request, _("The goods were added to the count."))
        return redirect(_detail_url(request, count))


class CountApproveView(_CountPage, View):
    permission = Perm.STOCK_APPROVE

    def post(self, request, pk, **kwargs):
        count = count_or_404(request, pk)
        try:
            services.stock_count_approve(actor=request.user, count=count)
        except DomainError as error:
            return self.render_count(count, errors=[error.message])
        messages.success(
            request, _("The count was approved and its differences were posted to the stock.")
        )
        return redirect(_detail_url(request, count))


class CountRejectView(FacilityPermissionMixin, ServiceFormView):
    permission = Perm.STOCK_APPROVE
    template_name = "inventory/count_reject.html"
    form_class = forms.RejectForm
    success_message = gettext_lazy("The count was rejected; nothing was posted to the stock.")

    def get_count(self):
        if not hasattr(self, "count"):
            self.count = count_or_404(self.request, self.kwargs["pk"])
        return self.count

    def get_context_data(self, **kwargs):
        return super().get_context_data(count=self.get_count(), **kwargs)

    def perform(self, form):
        return services.stock_count_reject(
            actor=self.request.user, count=self.get_count(), reason=form.cleaned_data["reason"]
        )

    def get_success_url(self):
        return _detail_url(self.request, self.get_count())
