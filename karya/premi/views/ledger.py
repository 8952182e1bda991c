"""Inmate ledger pages: who has money at the unit, one inmate's balance (spendable and
savings) and entries, a withdrawal, the release payout, the statement for any period and the
receipts to sign."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from karya.accounts.mixins import FacilityPermissionMixin, can
from karya.accounts.permissions import Perm
from karya.core.views import message_page, pdf_or_message
from karya.premi import documents, forms, selectors
from karya.premi.choices import EntryKind
from karya.premi.models import InmateLedgerEntry
from karya.premi.services import ledger as services
from karya.premi.views.common import FormPage, get_inmate


def ledger_url(request, inmate_pk: int) -> str:
    return reverse("premi:ledger-detail", args=[request.facility.code, inmate_pk])


class LedgerListView(FacilityPermissionMixin, TemplateView):
    permission = Perm.PREMI_VIEW
    template_name = "premi/ledger_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()[:100]
        holders = selectors.ledger_holders(facility=self.request.facility, q=q)
        page = Paginator(holders, 50).get_page(self.request.GET.get("page"))
        context.update(holders=page.object_list, page_obj=page, q=q)
        return context


class LedgerDetailView(FacilityPermissionMixin, TemplateView):
    permission = Perm.PREMI_VIEW
    template_name = "premi/ledger_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inmate = get_inmate(self.request, self.kwargs["inmate_pk"])
        balance = selectors.balance_of(inmate)
        can_manage = can(self.request, Perm.PREMI_MANAGE)
        context.update(
            inmate=inmate,
            balance=balance,
            entries=selectors.ledger_entries(inmate=inmate),
            can_withdraw=can_manage and balance.spendable > 0 and inmate.departed_on is None,
            can_pay_out=can_manage and balance.total > 0 and inmate.departed_on is not None,
            statement_form=forms.StatementForm(),
            receipt_kinds=(EntryKind.WITHDRAWAL, EntryKind.PAYOUT),
        )
        return context


class LedgerFormPage(FormPage):
    def inmate(self):
        if not hasattr(self, "_inmate"):
            self._inmate = get_inmate(self.request, self.kwargs["inmate_pk"])
        return self._inmate

    def get_initial(self):
        return {"channel": selectors.setting_for(self.request.facility).payout_channel}

    def get_back_url(self):
        return ledger_url(self.request, self.inmate().pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["balance"] = selectors.balance_of(self.inmate())
        return context

    def get_success_url(self):
        return ledger_url(self.request, self.inmate().pk)


class WithdrawView(LedgerFormPage):
    form_class = forms.WithdrawForm
    success_message = gettext_lazy("The withdrawal was recorded; print its receipt to sign.")
    intro = gettext_lazy("Only the spendable part can be withdrawn; savings wait for the release.")

    def get_heading(self):
        return _("Withdrawal: %(name)s") % {"name": self.inmate().name}

    def perform(self, form):
        return services.ledger_withdraw(
            actor=self.request.user, inmate=self.inmate(), **form.cleaned_data
        )


class PayoutView(LedgerFormPage):
    form_class = forms.PayoutForm
    submit_label = gettext_lazy("Pay out everything")
    success_message = gettext_lazy("Paid out; print the receipt for the inmate to sign.")
    intro = gettext_lazy(
        "Everything left on the ledger, spendable and savings, is paid to the inmate who has "
        "left the unit."
    )

    def get_heading(self):
        return _("Release payout: %(name)s") % {"name": self.inmate().name}

    def perform(self, form):
        return services.ledger_release_payout(
            actor=self.request.user, inmate=self.inmate(), **form.cleaned_data
        )


class StatementPdfView(FacilityPermissionMixin, View):
    """The inmate's statement for the period asked (?dari=…&sampai=…; both optional)."""

    permission = Perm.PREMI_VIEW

    def get(self, request, inmate_pk, **kwargs):
        inmate = get_inmate(request, inmate_pk)
        form = forms.StatementForm(
            {"start": request.GET.get("dari", ""), "end": request.GET.get("sampai", "")}
        )
        back = ledger_url(request, inmate_pk)
        if not form.is_valid():
            errors = " ".join(str(e) for errors in form.errors.values() for e in errors)
            return message_page(request, errors, back_url=back, status=400)
        return pdf_or_message(
            request,
            lambda: documents.statement_pdf(
                inmate=inmate,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                printed_by=request.user,
                request=request,
            ),
            filename=f"rekening-premi-{inmate.name}",
            back_url=back,
        )


class ReceiptPdfView(FacilityPermissionMixin, View):
    """The receipt of a withdrawal or of the release payout, to sign."""

    permission = Perm.PREMI_VIEW

    def get(self, request, inmate_pk, entry_pk, **kwargs):
        inmate = get_inmate(request, inmate_pk)
        entry = (
            InmateLedgerEntry.objects.filter(
                inmate=inmate,
                pk=entry_pk,
                kind__in=(EntryKind.WITHDRAWAL, EntryKind.PAYOUT),
            )
            .select_related("inmate", "facility__region", "created_by")
            .first()
        )
        if entry is None:
            raise Http404
        return pdf_or_message(
            request,
            lambda: documents.receipt_pdf(entry=entry, printed_by=request.user, request=request),
            filename=f"tanda-terima-{entry.receipt_number}",
            back_url=ledger_url(request, inmate_pk),
        )
