"""Pages of the partner portal (/portal-mitra/): what a partner's own user sees of its
cooperation with the unit(s): agreements, handovers with their BAST, the unit's goods held at
its place, consignment settlements (and the form to send a sales report) and invoices with
their PDF.

Every page uses PartnerPortalMixin (anonymous → login, not a partner's user → 404) and reads
through karya.portal.selectors, which return only the user's partners' records: another
partner's record answers 404 exactly like a missing one. No page shows an inmate. The one
write, the sales report of a consignment period, is the consignment service's."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from karya.accounts.mixins import PartnerPortalMixin
from karya.core.documents import DocumentError, PdfResponse
from karya.core.views import ServiceFormView
from karya.partners.choices import Scheme
from karya.portal import selectors
from karya.sales.documents.bast import bast_filename, handover_pdf
from karya.sales.documents.invoice import invoice_filename, invoice_pdf
from karya.sales.selectors import consignment as consignment_selectors
from karya.sales.views.consignment import SettlementFormMixin


class PortalPage(PartnerPortalMixin):
    """What every portal page gives its template: the partners and whether there are several
    (then each row names its unit and partner)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            partners=self.partners,
            several=len(self.partners) > 1,
            report_agreements=selectors.report_agreements(partners=self.partners),
        )
        return context


class DashboardView(PortalPage, TemplateView):
    """The start page: open agreements, obligations due, recent handovers, goods held, open
    invoices."""

    template_name = "portal/dashboard.html"

    def get_context_data(self, **kwargs):
        partners = self.partners
        return super().get_context_data(
            agreements=list(selectors.portal_agreements(partners=partners, open_only=True)),
            obligations=selectors.portal_obligations_due(partners=partners),
            handovers=list(selectors.portal_handovers(partners=partners)[: selectors.RECENT]),
            stock=selectors.portal_stock(partners=partners),
            invoices=selectors.portal_open_invoices(partners=partners),
            window=selectors.DUE_WINDOW_DAYS,
            **kwargs,
        )


class AgreementListView(PortalPage, ListView):
    template_name = "portal/agreement_list.html"
    context_object_name = "agreements"
    paginate_by = 50

    def get_queryset(self):
        return selectors.portal_agreements(partners=self.partners)


class AgreementDetailView(PortalPage, TemplateView):
    template_name = "portal/agreement_detail.html"

    def get_context_data(self, **kwargs):
        agreement = selectors.portal_agreement(partners=self.partners, pk=self.kwargs["pk"])
        if agreement is None:
            raise Http404
        today = selectors.todays(self.partners)[agreement.facility_id]
        obligations = list(agreement.obligations.all())
        for obligation in obligations:
            obligation.overdue = (
                obligation.fulfilled_on is None
                and obligation.due_date is not None
                and obligation.due_date < today
            )
        labels = dict(Scheme.choices)
        return super().get_context_data(
            agreement=agreement,
            schemes=[labels.get(s, s) for s in agreement.schemes],
            products=list(agreement.products.all()),
            obligations=obligations,
            documents=list(agreement.documents.all()),
            is_consignment=consignment_selectors.is_consignment(agreement),
            **kwargs,
        )


class HandoverListView(PortalPage, ListView):
    template_name = "portal/handover_list.html"
    context_object_name = "handovers"
    paginate_by = 50

    def get_queryset(self):
        return selectors.portal_handovers(partners=self.partners)


class HandoverDetailView(PortalPage, TemplateView):
    template_name = "portal/handover_detail.html"

    def get_context_data(self, **kwargs):
        handover = selectors.portal_handover(partners=self.partners, pk=self.kwargs["pk"])
        if handover is None:
            raise Http404
        return super().get_context_data(
            handover=handover,
            lines=list(handover.lines.all()),
            invoice=selectors.invoice_of(handover),
            **kwargs,
        )


class PortalPdfView(PartnerPortalMixin, View):
    """A document of one of the partner's records as PDF, or a page saying why it could not
    be made (503). Subclasses find the record (None: 404) and make the PDF."""

    def get_record(self, pk: int):
        raise NotImplementedError

    def make_pdf(self, record) -> tuple[bytes, str]:
        """(the PDF, its file name)."""
        raise NotImplementedError

    def get_back_url(self, pk: int) -> str:
        raise NotImplementedError

    def get(self, request, pk):
        record = self.get_record(pk)
        if record is None:
            raise Http404
        try:
            pdf, filename = self.make_pdf(record)
        except DocumentError as error:
            return render(
                request,
                "message.html",
                {"message": error.message, "back_url": self.get_back_url(pk)},
                status=error.status,
            )
        return PdfResponse(pdf, filename=filename)


class HandoverPdfView(PortalPdfView):
    """The BAST of one of the partner's posted handovers, as the unit printed it to sign."""

    def get_record(self, pk):
        return selectors.portal_handover(partners=self.partners, pk=pk)

    def make_pdf(self, record):
        return handover_pdf(record), bast_filename(record)

    def get_back_url(self, pk):
        return reverse("portal:handover-detail", args=[pk])


class StockView(PortalPage, TemplateView):
    template_name = "portal/stock.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(stock=selectors.portal_stock(partners=self.partners))


class SettlementListView(PortalPage, ListView):
    template_name = "portal/settlement_list.html"
    context_object_name = "settlements"
    paginate_by = 50

    def get_queryset(self):
        return selectors.portal_settlements(partners=self.partners)


class SettlementDetailView(PortalPage, TemplateView):
    template_name = "portal/settlement_detail.html"

    def get_context_data(self, **kwargs):
        settlement = selectors.portal_settlement(partners=self.partners, pk=self.kwargs["pk"])
        if settlement is None:
            raise Http404
        return super().get_context_data(
            settlement=settlement,
            lines=list(settlement.lines.all()),
            invoice=selectors.invoice_of(settlement),
            **kwargs,
        )


class InvoiceListView(PortalPage, ListView):
    template_name = "portal/invoice_list.html"
    context_object_name = "invoices"
    paginate_by = 50

    def get_queryset(self):
        return selectors.portal_invoices(partners=self.partners)


class InvoicePdfView(PortalPdfView):
    """One of the partner's invoices as the unit prints it (amounts paid and owed today)."""

    def get_record(self, pk):
        return selectors.portal_invoice(partners=self.partners, pk=pk)

    def make_pdf(self, record):
        return invoice_pdf(record), invoice_filename(record)

    def get_back_url(self, pk):
        return reverse("portal:invoice-list")


class SalesReportView(SettlementFormMixin, PortalPage, ServiceFormView):
    """The partner's sales report for a period under one of its consignment agreements: one
    quantity per product of the agreement it holds (the rows come from the stock ledger),
    sent to the unit for confirmation (karya.sales.services.consignment.settlement_submit,
    which also notifies the unit's output officers)."""

    template_name = "portal/sales_report.html"
    submit_label = gettext_lazy("Send the sales report")

    def get_settlement_agreement(self):
        agreement = selectors.report_agreement(partners=self.partners, pk=self.kwargs["pk"])
        if agreement is None:
            raise Http404
        return agreement

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            submit_label=self.submit_label,
            back_url=reverse("portal:settlement-list"),
            **kwargs,
        )

    def perform(self, form):
        settlement = self.submit(form, by_partner=True)
        messages.success(
            self.request,
            _(
                "Your sales report %(number)s was sent to the unit. Once the unit confirms it, "
                "you are invoiced for the sales less your commission."
            )
            % {"number": settlement.number},
        )
        return settlement

    def get_success_url(self):
        return reverse("portal:settlement-detail", args=[self.object.pk])
