"""Staff pages of the quote and order requests sent through the public catalogue, under
/upt/<code>/permintaan/: the list, one request, and marking it handled.

Reading needs Perm.SALES_VIEW, handling Perm.SALES_MANAGE (the unit's output officers)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView, View

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm, access_for
from karya.catalogue import request_selectors as selectors
from karya.catalogue.choices import RequestStatus
from karya.catalogue.services import quote_request_handle, quote_request_quote
from karya.core.errors import DomainError
from karya.core.views import ServiceFormView


def _get(request, pk):
    found = selectors.request_get(facility=request.facility, pk=pk)
    if found is None:
        raise Http404
    return found


class RequestListView(FacilityPermissionMixin, ListView):
    permission = Perm.SALES_VIEW
    template_name = "catalogue/request_list.html"
    context_object_name = "requests"
    paginate_by = 50

    def get_queryset(self):
        status = self.request.GET.get("status", RequestStatus.NEW)
        self.status = status if status in RequestStatus.values or status == "" else ""
        return selectors.request_list(facility=self.request.facility, status=self.status)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            status=self.status, statuses=RequestStatus.choices, **kwargs
        )


class RequestDetailView(FacilityPermissionMixin, TemplateView):
    permission = Perm.SALES_VIEW
    template_name = "catalogue/request_detail.html"

    def get_context_data(self, **kwargs):
        found = _get(self.request, self.kwargs["pk"])
        can_handle = access_for(self.request.user).can(Perm.SALES_MANAGE, self.request.facility)
        return super().get_context_data(
            quote=found,
            can_handle=can_handle and found.is_new,
            form=HandleForm() if can_handle and found.is_new else None,
            **kwargs,
        )


class HandleForm(forms.Form):
    handling_note = forms.CharField(
        label=gettext_lazy("What was done"),
        max_length=300,
        help_text=gettext_lazy("E.g. quotation sent by WhatsApp on 2 February."),
    )


class RequestHandleView(FacilityPermissionMixin, ServiceFormView):
    permission = Perm.SALES_MANAGE
    template_name = "catalogue/request_detail.html"
    form_class = HandleForm
    success_message = gettext_lazy("The request is marked handled.")

    def get_context_data(self, **kwargs):
        found = _get(self.request, self.kwargs["pk"])
        return super().get_context_data(quote=found, can_handle=found.is_new, **kwargs)

    def perform(self, form):
        found = _get(self.request, self.kwargs["pk"])
        return quote_request_handle(
            actor=self.request.user, request=found, note=form.cleaned_data["handling_note"]
        )

    def get_success_url(self):
        return reverse(
            "quote-requests:detail", args=[self.request.facility.code, self.kwargs["pk"]]
        )


class RequestQuoteView(FacilityPermissionMixin, View):
    """POST: make the request into a quotation and open it; a refusal is shown on the
    request's page."""

    permission = Perm.SALES_MANAGE

    def post(self, request, facility_code, pk):
        found = _get(request, pk)
        try:
            order = quote_request_quote(actor=request.user, request=found)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("quote-requests:detail", facility_code, pk)
        messages.success(
            request, gettext_lazy("Quotation %(number)s was made.") % {"number": order.number}
        )
        return redirect("sales:order-detail", facility_code, order.pk)
