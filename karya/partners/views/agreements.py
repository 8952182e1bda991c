"""Agreement pages: the agreement with its products, obligations, documents and visits; its
terms; the request for MoU or PKS and the head's decision; termination and renewal; the summary
as PDF. Products, documents and obligations are in agreement_parts.

Reading needs Perm.PARTNER_VIEW; writes need Perm.PARTNER_MANAGE; approving and rejecting a
move need the head (Perm.AGREEMENT_APPROVE)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm
from karya.audit.selectors import history_for_all
from karya.audit.views import HistoryView
from karya.core.dates import today_in
from karya.core.documents import PdfResponse, render_pdf
from karya.core.errors import DomainError
from karya.partners import forms, selectors
from karya.partners.choices import OPEN_STATUSES, AgreementStatus, Scheme
from karya.partners.services import agreements as services
from karya.partners.views.common import (
    FormPage,
    FormPageMixin,
    HeadOnlyMixin,
    agreement_url,
    can,
    get_agreement,
    get_partner,
    message_page,
    partner_url,
)
from karya.sales.choices import HandoverScheme
from karya.sales.selectors.handovers import handover_list
from karya.sales.services.handovers import HANDOVER_OPEN_STATUSES

SUMMARY_TEMPLATE = "partners/doc_agreement.html"


def scheme_labels(agreement) -> list[str]:
    return [Scheme(s).label for s in agreement.schemes if s in Scheme.values]


class AgreementDetailView(FacilityPermissionMixin, TemplateView):
    permission = Perm.PARTNER_VIEW
    template_name = "partners/agreement_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = get_agreement(self.request, self.kwargs["pk"])
        today = today_in(self.request.facility.timezone)
        is_open = agreement.status in OPEN_STATUSES
        can_manage = can(self.request, Perm.PARTNER_MANAGE)
        renewal = selectors.agreement_renewal(agreement=agreement)
        obligations = list(selectors.agreement_obligations(agreement=agreement))
        for obligation in obligations:
            obligation.overdue = (
                not obligation.fulfilled_on
                and obligation.due_date is not None
                and obligation.due_date < today
            )
        sees_sales = can(self.request, Perm.SALES_VIEW)
        context.update(
            agreement=agreement,
            schemes=scheme_labels(agreement),
            sees_handovers=sees_sales,
            handovers=(
                list(handover_list(facility=agreement.facility, agreement_id=agreement.pk)[:10])
                if sees_sales
                else []
            ),
            can_record_pickup=(
                can(self.request, Perm.SALES_MANAGE)
                and agreement.status in HANDOVER_OPEN_STATUSES
                and bool(set(agreement.schemes or []) & set(HandoverScheme.values))
            ),
            products=list(selectors.agreement_products(agreement=agreement)),
            obligations=obligations,
            documents=list(agreement.documents.select_related("uploaded_by")),
            visits=list(agreement.visits.all()),
            renewal=renewal,
            is_open=is_open,
            can_manage=can_manage and is_open,
            can_approve=can(self.request, Perm.AGREEMENT_APPROVE)
            and bool(agreement.pending_status),
            can_request=can_manage and not agreement.pending_status,
            can_renew=(
                can_manage
                and renewal is None
                and agreement.status in (AgreementStatus.PKS, AgreementStatus.EXPIRED)
            ),
            today=today,
        )
        return context


class AgreementFormView(FormPage):
    """Open an agreement with a partner (partner pk), renew one (renew pk), or edit the terms
    of one (pk)."""

    form_class = forms.AgreementForm
    success_message = gettext_lazy("The agreement was saved.")

    def load(self):
        if not hasattr(self, "mode"):
            self.agreement = self.partner = self.renews = None
            if "partner_pk" in self.kwargs:
                self.mode = "create"
                self.partner = get_partner(self.request, self.kwargs["partner_pk"])
            elif "renew_pk" in self.kwargs:
                self.mode = "renew"
                self.renews = get_agreement(self.request, self.kwargs["renew_pk"])
                self.partner = self.renews.partner
            else:
                self.mode = "edit"
                self.agreement = get_agreement(self.request, self.kwargs["pk"])
                self.partner = self.agreement.partner

    def get_initial(self):
        self.load()
        if self.mode == "edit":
            return forms.AgreementForm.initial_from(self.agreement)
        if self.mode == "renew":
            return forms.AgreementForm.initial_from(self.renews)
        return {}

    def get_heading(self):
        self.load()
        if self.mode == "edit":
            return f"{_('Edit terms')}: {self.agreement.title}"
        if self.mode == "renew":
            return f"{_('Renew')}: {self.renews.title} ({self.partner.legal_name})"
        return f"{_('New agreement')}: {self.partner.legal_name}"

    def get_back_url(self):
        self.load()
        if self.mode == "edit":
            return agreement_url(self.request, self.agreement.pk)
        if self.mode == "renew":
            return agreement_url(self.request, self.renews.pk)
        return partner_url(self.request, self.partner.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.mode != "edit":
            context["intro"] = _(
                "The agreement starts at exploration (penjajakan). Ask the head to approve the "
                "MoU and then the PKS from the agreement's page."
            )
        return context

    def perform(self, form):
        self.load()
        if self.mode == "edit":
            return services.agreement_update(
                actor=self.request.user, agreement=self.agreement, **form.cleaned_data
            )
        return services.agreement_create(
            actor=self.request.user,
            partner=self.partner,
            renewal_of=self.renews,
            **form.cleaned_data,
        )

    def get_success_url(self):
        return agreement_url(self.request, self.object.pk)


class AgreementRequestView(FacilityPermissionMixin, View):
    """The officer asks the head to approve the move to MoU or PKS (POST from the page)."""

    permission = Perm.PARTNER_MANAGE
    http_method_names = ["post"]

    def post(self, request, pk, **kwargs):
        agreement = get_agreement(request, pk)
        form = forms.RequestForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose MoU or PKS."))
        else:
            try:
                services.agreement_request(
                    actor=request.user, agreement=agreement, to=form.cleaned_data["to"]
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Sent to the head of the unit for approval."))
        return HttpResponseRedirect(agreement_url(request, pk))


class AgreementApproveView(FacilityPermissionMixin, HeadOnlyMixin, FormPageMixin):
    """The head approves the waiting move: signing date, number, validity of a PKS."""

    permission = Perm.PARTNER_MANAGE
    form_class = forms.ApproveForm
    submit_label = gettext_lazy("Approve")

    def load(self):
        if not hasattr(self, "agreement"):
            self.agreement = get_agreement(self.request, self.kwargs["pk"])
        return self.agreement

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["to_pks"] = self.load().pending_status == AgreementStatus.PKS
        return kwargs

    def get_initial(self):
        return {
            "signed_on": today_in(self.request.facility.timezone),
            "number": self.load().number,
        }

    def get_heading(self):
        agreement = self.load()
        if agreement.pending_status:
            return _("Approve %(title)s as %(to)s") % {
                "title": agreement.title,
                "to": agreement.get_pending_status_display(),
            }
        return f"{_('Approve')}: {agreement.title}"

    def get_back_url(self):
        return agreement_url(self.request, self.load().pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreement"] = self.load()
        if not self.agreement.pending_status:
            context["intro"] = _("No move is waiting for approval.")
        return context

    def perform(self, form):
        return services.agreement_approve(
            actor=self.request.user,
            agreement=self.load(),
            signed_on=form.cleaned_data["signed_on"],
            number=form.cleaned_data["number"],
            start_date=form.cleaned_data.get("start_date"),
            end_date=form.cleaned_data.get("end_date"),
        )

    def form_valid(self, form):
        to = self.load().get_pending_status_display()
        response = super().form_valid(form)
        if isinstance(response, HttpResponseRedirect):
            messages.success(self.request, _("Approved: the agreement is now %(to)s.") % {"to": to})
        return response

    def get_success_url(self):
        return agreement_url(self.request, self.object.pk)


class AgreementRejectView(FacilityPermissionMixin, HeadOnlyMixin, FormPageMixin):
    """The head sends the waiting move back, with the reason (the requester is told)."""

    permission = Perm.PARTNER_MANAGE
    form_class = forms.ReasonForm
    submit_label = gettext_lazy("Reject")
    success_message = gettext_lazy("The request was sent back with your reason.")

    def load(self):
        if not hasattr(self, "agreement"):
            self.agreement = get_agreement(self.request, self.kwargs["pk"])
        return self.agreement

    def get_heading(self):
        agreement = self.load()
        return _("Reject the request: %(agreement)s") % {"agreement": agreement.title}

    def get_back_url(self):
        return agreement_url(self.request, self.load().pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.load(), **kwargs)

    def perform(self, form):
        return services.agreement_reject(
            actor=self.request.user, agreement=self.load(), reason=form.cleaned_data["reason"]
        )

    def get_success_url(self):
        return agreement_url(self.request, self.object.pk)


class AgreementTerminateView(FormPage):
    """End an open agreement before its time, with the reason."""

    form_class = forms.TerminateForm
    submit_label = gettext_lazy("Terminate the agreement")
    success_message = gettext_lazy("The agreement was terminated.")

    def load(self):
        if not hasattr(self, "agreement"):
            self.agreement = get_agreement(self.request, self.kwargs["pk"])
        return self.agreement

    def get_initial(self):
        return {"ended_on": today_in(self.request.facility.timezone)}

    def get_heading(self):
        return f"{_('Terminate')}: {self.load().title}"

    def get_back_url(self):
        return agreement_url(self.request, self.load().pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.load(), **kwargs)

    def perform(self, form):
        return services.agreement_end(
            actor=self.request.user,
            agreement=self.load(),
            to=AgreementStatus.TERMINATED,
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
        )

    def get_success_url(self):
        return agreement_url(self.request, self.object.pk)


class AgreementPdfView(FacilityPermissionMixin, View):
    """The agreement's summary on the unit's letterhead: an official Indonesian form, always
    in Indonesian whatever the interface language."""

    permission = Perm.PARTNER_VIEW

    def get(self, request, pk, **kwargs):
        agreement = get_agreement(request, pk)
        facility = request.facility
        with translation.override("id"):
            context = {
                "facility": facility,
                "agreement": agreement,
                "partner": agreement.partner,
                "contacts": list(agreement.partner.contacts.all()),
                "schemes": scheme_labels(agreement),
                "products": list(selectors.agreement_products(agreement=agreement)),
                "obligations": list(selectors.agreement_obligations(agreement=agreement)),
                "printed_at": timezone.now(),
                "printed_by": request.user,
                "today": today_in(facility.timezone),
            }
            try:
                pdf = render_pdf(SUMMARY_TEMPLATE, context, request=request)
            except DomainError as error:
                return message_page(
                    request, error.message, back_url=agreement_url(request, pk), status=503
                )
        return PdfResponse(pdf, filename=f"ringkasan-kerja-sama-{agreement.partner}-{pk}")


class AgreementHistoryView(FacilityPermissionMixin, HistoryView):
    """The agreement's audit rows with those of its products, obligations and documents."""

    permission = Perm.AUDIT_VIEW

    def get_audited_object(self):
        return get_agreement(self.request, self.kwargs["pk"])

    def get_entries(self, obj):
        return history_for_all(
            [obj, *obj.products.all(), *obj.obligations.all(), *obj.documents.all()]
        )
