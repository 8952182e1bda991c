"""What the sales pages share: fetching the unit's records (another unit's record answers 404,
exactly like a missing one), the form page and the refusal page (the partner area's), and
answering a PDF."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from karya.accounts.mixins import FacilityPermissionMixin
from karya.core.dates import today_in
from karya.partners.views.common import FormPageMixin
from karya.sales.models import Invoice, Payment, Sale
from karya.sales.selectors import money


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


class FormPage(FacilityPermissionMixin, FormPageMixin):
    """A form page of the sales area: a heading, what it is about, the form, a submit button
    and Cancel (the partner area's form page; each subclass names its permission)."""
