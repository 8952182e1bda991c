"""Pages and PDFs of the work programme's documents: the daily work list, the certificate of
participation in a training, the list of inmates about to be released and their skills record.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View
from django.views.generic import TemplateView

from karya.accounts.choices import Role
from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm, access_for
from karya.core.dates import tanggal, today_in
from karya.core.documents import DocumentError, PdfResponse, render_pdf
from karya.core.errors import DomainError
from karya.inmates.models import Inmate
from karya.programs.models import TrainingParticipant
from karya.programs.selectors import documents as selectors
from karya.programs.services.skills_records import skills_record_print

WORK_LIST_TEMPLATE = "programs/doc_work_list.html"
WORK_LIST_PAGE_TEMPLATE = "programs/doc_work_list_page.html"
CERTIFICATE_TEMPLATE = selectors.CERTIFICATE_TEMPLATE


def document_error(request, error: DomainError, *, back_url: str = ""):
    """The page shown instead of a document that could not be produced."""
    status = error.status if isinstance(error, DocumentError) else 400
    return render(
        request,
        "programs/doc_error.html",
        {"facility": request.facility, "message": error.message, "back_url": back_url},
        status=status,
    )


class WorkListDateForm(forms.Form):
    tanggal = forms.DateField(
        label=pgettext_lazy("document", "Date"),
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("This is not a date. Write it as 2026-01-31 (or 31-01-2026).")
        },
    )

    def __init__(self, data, *, today: dt.date):
        super().__init__(data)
        self.today = today

    def chosen_date(self) -> dt.date:
        """The date asked for; today (in the unit's zone) if none was given."""
        if self.is_valid() and self.cleaned_data["tanggal"]:
            return self.cleaned_data["tanggal"]
        return self.today


class WorkListMixin(FacilityPermissionMixin):
    permission = Perm.WORKLIST_VIEW

    def date_form(self) -> WorkListDateForm:
        today = today_in(self.request.facility.timezone)
        return WorkListDateForm(self.request.GET or None, today=today)


class WorkListView(WorkListMixin, View):
    """The daily work list as a page: pick a date, see it, print it. An unreadable date is
    explained next to the field and today's list is shown."""

    def get(self, request, *args, **kwargs):
        return work_list_page(request, self.date_form())


def work_list_page(request, form: WorkListDateForm, *, status: int = 200):
    context = {
        "facility": request.facility,
        "form": form,
        "work_list": selectors.work_list(facility=request.facility, date=form.chosen_date()),
    }
    return render(request, WORK_LIST_PAGE_TEMPLATE, context, status=status)


class WorkListPdfView(WorkListMixin, View):
    """The daily work list as PDF, with the officer's and the security officer's signatures.
    An unreadable date is not replaced by today on paper: the page explains it instead."""

    def get(self, request, *args, **kwargs):
        form = self.date_form()
        if form.is_bound and not form.is_valid():
            return work_list_page(request, form, status=400)
        facility = request.facility
        date = form.chosen_date()
        roles = access_for(request.user).roles_in(facility)
        is_security = Role.SECURITY in roles and not roles & {Role.OFFICER, Role.HEAD}
        context = {
            "facility": facility,
            "work_list": selectors.work_list(facility=facility, date=date),
            "printed_at": timezone.now(),
            "printed_by": request.user,
            "officer_signer": None if is_security else request.user,
            "security_signer": request.user if is_security else None,
        }
        try:
            pdf = render_pdf(WORK_LIST_TEMPLATE, context, request=request)
        except DomainError as error:
            back = reverse("programs:doc-work-list", args=[facility.code])
            return document_error(request, error, back_url=f"{back}?tanggal={date:%Y-%m-%d}")
        return PdfResponse(pdf, filename=f"daftar-kerja-{facility.code}-{date:%Y-%m-%d}")


class TrainingCertificatePdfView(FacilityPermissionMixin, View):
    """The certificate of participation of one participant, signed by the head of the unit.
    An official Indonesian form: always in Indonesian, whatever the interface language."""

    permission = Perm.TRAINING_MANAGE

    def get(self, request, *args, **kwargs):
        facility = request.facility
        participant = get_object_or_404(
            TrainingParticipant.objects.filter(facility=facility).select_related(
                "training", "inmate", "facility__region"
            ),
            pk=kwargs["pk"],
        )
        with translation.override("id"):
            try:
                context = selectors.training_certificate(
                    participant=participant, today=today_in(facility.timezone)
                )
                pdf = render_pdf(CERTIFICATE_TEMPLATE, context, request=request)
            except DomainError as error:
                return document_error(request, error)
        return PdfResponse(
            pdf, filename=f"surat-keterangan-pelatihan-{participant.inmate.name}-{participant.pk}"
        )


class ReleaseListView(FacilityPermissionMixin, TemplateView):
    """Inmates about to be released, with their skills record status and a print button."""

    permission = Perm.SKILLS_RECORD
    template_name = "programs/doc_release_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = today_in(self.request.facility.timezone)
        context.update(
            inmates=selectors.release_list(facility=self.request.facility, today=today),
            days=selectors.RELEASE_WINDOW_DAYS,
            today_text=tanggal(today),
        )
        return context


class SkillsRecordPrintView(FacilityPermissionMixin, View):
    """Print an inmate's skills record (POST: printing is recorded)."""

    permission = Perm.SKILLS_RECORD
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        inmate = get_object_or_404(
            Inmate.objects.filter(facility=request.facility).select_related("facility__region"),
            pk=kwargs["pk"],
        )
        try:
            _row, pdf = skills_record_print(actor=request.user, inmate=inmate)
        except DomainError as error:
            back = reverse("programs:doc-release-list", args=[request.facility.code])
            return document_error(request, error, back_url=back)
        return PdfResponse(pdf, filename=f"catatan-keterampilan-{inmate.name}")
