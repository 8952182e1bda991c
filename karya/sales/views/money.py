"""Sales of every channel, invoices (the treasurer's receivables), payments, refunds and their
documents: the receipt (kuitansi) of any payment and the invoice (tagihan).

Reading needs Perm.SALES_VIEW; recording a payment or a refund Perm.PAYMENT_RECORD."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from karya.accounts.mixins import FacilityPermissionMixin, can
from karya.accounts.permissions import Perm
from karya.core.dates import tanggal
from karya.core.money import format_rupiah
from karya.core.pagination import PagedByKey
from karya.core.views import pdf_or_message
from karya.partners.models import Partner
from karya.sales import money_forms as forms
from karya.sales.choices import Channel
from karya.sales.documents.invoice import invoice_filename, invoice_pdf
from karya.sales.documents.receipt import receipt_filename, receipt_pdf
from karya.sales.models import Sale
from karya.sales.selectors import money as selectors
from karya.sales.services.payments import payment_record, payment_refund
from karya.sales.views.common import (
    FormPage,
    get_invoice,
    get_payment,
    get_sale,
    invoice_url,
    sale_url,
    today,
)


class SaleListView(FacilityPermissionMixin, ListView):
    """Every sale of the unit, newest first, cancellations shown."""

    permission = Perm.SALES_VIEW
    template_name = "sales/sale_list.html"
    context_object_name = "sales"
    paginate_by = 50
    paginator_class = PagedByKey  # page 500 costs what page 1 does

    def get_queryset(self):
        self.filters = forms.SaleFilterForm(self.request.GET or None)
        data = self.filters.cleaned_data if self.filters.is_valid() else {}
        return selectors.sale_list(
            facility=self.request.facility,
            channel=data.get("kanal") or "",
            month=data.get("bulan"),
            query=(data.get("q") or "").strip(),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filters=self.filters, can_sell=can(self.request, Perm.SALES_MANAGE), **kwargs
        )


class SaleDetailView(FacilityPermissionMixin, TemplateView):
    """One sale: its lines, invoice, payments and refunds with their receipts, and its
    cancellation (or the sale it cancels)."""

    permission = Perm.SALES_VIEW
    template_name = "sales/sale_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sale = get_sale(self.request, self.kwargs["pk"])
        invoice = getattr(sale, "invoice", None)
        context.update(
            sale=sale,
            lines=selectors.sale_lines(sale),
            payments=selectors.sale_payments(sale),
            invoice=invoice,
            reversal=selectors.sale_reversal(sale) if sale.is_reversed else None,
            outstanding=selectors.sale_owed(sale),
            can_sell=can(self.request, Perm.SALES_MANAGE),
            can_pay=can(self.request, Perm.PAYMENT_RECORD),
            is_counter=sale.channel == Channel.COUNTER,
        )
        return context


class InvoiceListView(FacilityPermissionMixin, ListView):
    """The unit's invoices with what is paid and still owed: open, overdue, paid, cancelled;
    by partner and month of issue."""

    permission = Perm.SALES_VIEW
    template_name = "sales/invoice_list.html"
    context_object_name = "invoices"
    paginate_by = 50

    def get_queryset(self):
        facility = self.request.facility
        partners = Partner.objects.filter(facility=facility).order_by("legal_name")
        self.filters = forms.InvoiceFilterForm(self.request.GET or None, partners=partners)
        data = self.filters.cleaned_data if self.filters.is_valid() else {}
        self.invoices = selectors.invoice_list(
            facility=facility,
            today=today(self.request),
            status=data.get("status") or "",
            partner_id=int(data["mitra"]) if data.get("mitra") else None,
            month=data.get("bulan"),
        )
        return self.invoices

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filters=self.filters, totals=selectors.invoice_totals(self.invoices), **kwargs
        )


class InvoiceDetailView(FacilityPermissionMixin, TemplateView):
    permission = Perm.SALES_VIEW
    template_name = "sales/invoice_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invoice = get_invoice(self.request, self.kwargs["pk"])
        context.update(
            invoice=invoice,
            sale=invoice.sale,
            lines=selectors.sale_lines(invoice.sale),
            payments=selectors.sale_payments(invoice.sale),
            can_pay=can(self.request, Perm.PAYMENT_RECORD),
        )
        return context


class InvoicePdfView(FacilityPermissionMixin, View):
    permission = Perm.SALES_VIEW

    def get(self, request, pk, **kwargs):
        invoice = get_invoice(request, pk)
        return pdf_or_message(
            request,
            lambda: invoice_pdf(invoice),
            filename=invoice_filename(invoice),
            back_url=invoice_url(request, pk),
        )


class _PaymentPage(FormPage):
    """Record money received for a sale, in part or in full (the subclass says which sale and
    what the page is about)."""

    permission = Perm.PAYMENT_RECORD
    form_class = forms.PaymentForm
    submit_label = gettext_lazy("Record the payment")
    success_message = gettext_lazy("The payment was recorded; print its receipt below.")

    def paid_for(self) -> Sale:
        raise NotImplementedError

    def perform(self, form):
        data = form.cleaned_data
        return payment_record(
            actor=self.request.user,
            sale=self.paid_for(),
            amount=data["amount"],
            method=data["method"],
            paid_at=_paid_at(self.request, data["paid_on"]),
            payer_name=data["payer_name"],
            reference=data["reference"],
            note=data["note"],
        )


class InvoicePayView(_PaymentPage):
    """Record money received for an invoice, in part or in full."""

    def load(self):
        if not hasattr(self, "invoice"):
            self.invoice = get_invoice(self.request, self.kwargs["pk"])
        return self.invoice

    def paid_for(self) -> Sale:
        return self.load().sale

    def get_initial(self):
        invoice = self.load()
        return {
            "amount": invoice.outstanding or "",
            "payer_name": invoice.bill_to,
            "paid_on": today(self.request),
        }

    def get_heading(self):
        return _("Payment of invoice %(number)s") % {"number": self.load().number}

    def get_back_url(self):
        return invoice_url(self.request, self.load().pk)

    def get_context_data(self, **kwargs):
        invoice = self.load()
        intro = _("%(bill_to)s owes %(outstanding)s of %(amount)s, due on %(due)s.") % {
            "bill_to": invoice.bill_to,
            "outstanding": format_rupiah(invoice.outstanding),
            "amount": format_rupiah(invoice.amount),
            "due": tanggal(invoice.due_on),
        }
        return super().get_context_data(intro=intro, **kwargs)

    def get_success_url(self):
        return invoice_url(self.request, self.invoice.pk) + "#payments"


class SalePayView(_PaymentPage):
    """Record money still owed on a sale that has no invoice (a sale with an invoice is paid
    on the invoice's page, where this page sends it)."""

    def load(self):
        if not hasattr(self, "sale"):
            self.sale = get_sale(self.request, self.kwargs["pk"])
        return self.sale

    def paid_for(self) -> Sale:
        return self.load()

    def get(self, request, *args, **kwargs):
        return self._to_invoice() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._to_invoice() or super().post(request, *args, **kwargs)

    def _to_invoice(self):
        invoice = getattr(self.load(), "invoice", None)
        if invoice is None:
            return None
        return redirect("sales:invoice-pay", self.request.facility.code, invoice.pk)

    def get_initial(self):
        sale = self.load()
        return {
            "amount": selectors.sale_owed(sale) or "",
            "payer_name": sale.partner.legal_name if sale.partner else sale.customer_name,
            "paid_on": today(self.request),
        }

    def get_heading(self):
        return _("Payment of sale %(number)s") % {"number": self.load().number}

    def get_back_url(self):
        return sale_url(self.request, self.load().pk)

    def get_context_data(self, **kwargs):
        sale = self.load()
        intro = _("%(outstanding)s of %(total)s is still owed on this sale.") % {
            "outstanding": format_rupiah(selectors.sale_owed(sale)),
            "total": format_rupiah(sale.total),
        }
        return super().get_context_data(intro=intro, **kwargs)

    def get_success_url(self):
        return sale_url(self.request, self.sale.pk) + "#payments"


def _paid_at(request, day: dt.date) -> dt.datetime:
    """Now when paid today, else noon of that day in the unit's zone."""
    if day == today(request):
        return timezone.now()
    return dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo(request.facility.timezone))


class PaymentRefundView(FormPage):
    """Pay back a payment, in part or all that is left of it, with the reason."""

    permission = Perm.PAYMENT_RECORD
    form_class = forms.RefundForm
    submit_label = gettext_lazy("Pay back")
    success_message = gettext_lazy("The refund was recorded; print its receipt below.")

    def load(self):
        if not hasattr(self, "payment"):
            self.payment = get_payment(self.request, self.kwargs["pk"])
        return self.payment

    def get_heading(self):
        return _("Refund of payment %(number)s") % {"number": self.load().number}

    def get_back_url(self):
        return sale_url(self.request, self.load().sale_id)

    def get_context_data(self, **kwargs):
        payment = self.load()
        intro = _("%(left)s of the %(amount)s received can still be paid back.") % {
            "left": format_rupiah(selectors.payment_refundable(payment)),
            "amount": format_rupiah(payment.amount),
        }
        return super().get_context_data(intro=intro, **kwargs)

    def perform(self, form):
        return payment_refund(
            actor=self.request.user,
            payment=self.load(),
            amount=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
        )

    def get_success_url(self):
        return sale_url(self.request, self.payment.sale_id) + "#payments"


class ReceiptPdfView(FacilityPermissionMixin, View):
    """The receipt (kuitansi) of a payment or a refund."""

    permission = Perm.SALES_VIEW

    def get(self, request, pk, **kwargs):
        payment = get_payment(request, pk)
        return pdf_or_message(
            request,
            lambda: receipt_pdf(payment),
            filename=receipt_filename(payment),
            back_url=sale_url(request, payment.sale_id),
        )
