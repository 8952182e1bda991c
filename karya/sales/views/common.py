"""What the sales pages share: fetching the unit's records (another unit's record answers 404,
exactly like a missing one), a form page drawn by one template, and answering a PDF."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm, access_for
from karya.core.dates import today_in
from karya.core.documents import PdfResponse
from karya.core.errors import DomainError
from karya.core.views import ServiceFormView
from karya.sales.models import Invoice, Payment, Sale
from karya.sales.selectors import money


def can(request, perm: Perm) -> bool:
    return access_for(request.user).can(perm, request.facility)


def today(request):
    return today_in(request.facility.timezone)


def get_sale(request, pk: int) -> Sale:
    sale = money.sale_get(facility=request.facility, pk=pk)
    if sale is None:
        raise Http404
    return sale


def get_invoice(request, pk: int) -> Invoice:
    invoice = money.invoice_get(facility=request.facility, pk=pk, today=today(request))
    if invoice is None:
        raise Http404
    return invoice


def get_payment(request, pk: int) -> Payment:
    payment = money.payment_get(facility=request.facility, pk=pk)
    if payment is None:
        raise Http404
    return payment


def sale_url(request, pk: int) -> str:
    return reverse("sales:sale-detail", args=[request.facility.code, pk])


def invoice_url(request, pk: int) -> str:
    return reverse("sales:invoice-detail", args=[request.facility.code, pk])


def message_page(request, message: str, *, back_url: str, status: int):
    """A page that says why something was not done (a refusal, a document that failed)."""
    return render(
        request,
        "sales/message.html",
        {"facility": request.facility, "message": message, "back_url": back_url},
        status=status,
    )


def pdf_answer(request, make, filename: str, back_url: str):
    """The PDF made by `make()`, shown in the browser (`?unduh=1`: downloaded), or a page
    that explains why it could not be made."""
    try:
        pdf = make()
    except DomainError as error:
        return message_page(request, error.message, back_url=back_url, status=503)
    return PdfResponse(pdf, filename=filename, as_attachment=bool(request.GET.get("unduh")))


class FormPage(FacilityPermissionMixin, ServiceFormView):
    """A form page of the sales area (sales/form.html): a heading, what it is about, the
    form, a submit button and Cancel."""

    template_name = "sales/form.html"
    submit_label = ""

    def get_heading(self) -> str:
        raise NotImplementedError

    def get_back_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=self.get_heading(),
            back_url=self.get_back_url(),
            submit_label=self.submit_label or _("Save"),
        )
        return context
