"""Premi run pages: the list, a new run (workshop and period) whose preview shows every
inmate's share with its explanation, previewing again, corrections of earlier runs, the
head's approval, and the printed list and slips."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView

from karya.accounts.mixins import FacilityPermissionMixin, can
from karya.accounts.permissions import Perm
from karya.core.errors import DomainError
from karya.core.views import message_page, pdf_or_message
from karya.inmates.models import Inmate
from karya.premi import documents, forms, selectors
from karya.premi.choices import RunStatus
from karya.premi.models import PremiAdjustment, PremiShare
from karya.premi.periods import Period, period_label
from karya.premi.services import runs as services
from karya.premi.views.common import FormPage, get_run
from karya.programs.models import Workshop


def run_url(request, pk: int) -> str:
    return reverse("premi:run-detail", args=[request.facility.code, pk])


class RunListView(FacilityPermissionMixin, TemplateView):
    permission = Perm.PREMI_VIEW
    template_name = "premi/run_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facility = self.request.facility
        status = self.request.GET.get("status", "")
        status = status if status in RunStatus.values else ""
        workshop = self.request.GET.get("bengkel", "")
        workshop_id = int(workshop) if workshop.isdigit() else None
        runs = selectors.runs_of(facility=facility, status=status, workshop_id=workshop_id)
        page = Paginator(runs, 50).get_page(self.request.GET.get("page"))
        for run in page.object_list:
            run.period = period_label(run.period_kind, run.start, run.end)
        context.update(
            runs=page.object_list,
            page_obj=page,
            status=status,
            statuses=RunStatus.choices,
            workshops=Workshop.objects.filter(facility=facility).order_by("name"),
            workshop_id=workshop_id,
            can_manage=can(self.request, Perm.PREMI_MANAGE),
        )
        return context


class RunCreateView(FormPage):
    form_class = forms.RunForm
    submit_label = gettext_lazy("Preview")
    intro = gettext_lazy(
        "Karya gathers the premi part of the workshop's proceeds paid in the period (plus "
        "piece rates where the workshop has them) and the contribution of every inmate who "
        "worked, and shows each share before the head approves it."
    )

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"facility": self.request.facility}

    def get_initial(self):
        workshop = self.request.GET.get("bengkel", "")
        return {"workshop": workshop} if workshop.isdigit() else {}

    def get_heading(self):
        return _("New premi run")

    def get_back_url(self):
        return reverse("premi:run-list", args=[self.request.facility.code])

    def perform(self, form):
        data = form.cleaned_data
        return services.premi_run_preview(
            actor=self.request.user,
            workshop=data["workshop"],
            period=Period.containing(data["period_kind"], data["day"]),
        )

    def get_success_url(self):
        return run_url(self.request, self.object.pk)


class UnitPreviewView(FormPage):
    """Every active workshop of the unit previewed for one period at once."""

    form_class = forms.PeriodForm
    submit_label = gettext_lazy("Preview every workshop")
    intro = gettext_lazy(
        "Karya previews the premi run of the period for every active workshop of the unit at "
        "once, as a new premi run does for one workshop; a preview of the same period is "
        "previewed again (its corrections stay). A workshop with another run overlapping the "
        "period is left out, and so is one where nobody worked and no proceeds came."
    )

    def get_heading(self):
        return _("Preview every workshop")

    def get_back_url(self):
        return reverse("premi:run-list", args=[self.request.facility.code])

    def perform(self, form):
        data = form.cleaned_data
        period = Period.containing(data["period_kind"], data["day"])
        result = services.premi_runs_preview_unit(
            actor=self.request.user, facility=self.request.facility, period=period
        )
        count = len(result.previewed)
        messages.success(
            self.request,
            ngettext(
                "%(count)s workshop previewed for %(period)s.",
                "%(count)s workshops previewed for %(period)s.",
                count,
            )
            % {"count": count, "period": period.label},
        )
        for workshop, reason in result.skipped:
            messages.warning(
                self.request,
                _("%(workshop)s left out: %(reason)s")
                % {"workshop": workshop.name, "reason": reason},
            )
        if result.idle:
            messages.info(
                self.request,
                _("Nothing to preview (nobody worked, no proceeds): %(workshops)s.")
                % {"workshops": ", ".join(w.name for w in result.idle)},
            )
        return result

    def get_success_url(self):
        url = reverse("premi:run-list", args=[self.request.facility.code])
        return f"{url}?status={RunStatus.PREVIEW}"


class RunDetailView(FacilityPermissionMixin, TemplateView):
    permission = Perm.PREMI_VIEW
    template_name = "premi/run_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = get_run(self.request, self.kwargs["pk"])
        preview = run.status == RunStatus.PREVIEW
        context.update(
            run=run,
            period=period_label(run.period_kind, run.start, run.end),
            shares=selectors.run_shares(run=run),
            adjustments=selectors.run_adjustments(run=run),
            can_manage=preview and can(self.request, Perm.PREMI_MANAGE),
            can_approve=preview and can(self.request, Perm.PREMI_APPROVE),
            setting=selectors.setting_for(self.request.facility),
        )
        return context


class RunActionView(FacilityPermissionMixin, View):
    """A POST from the run's page that calls one service and comes back with its message."""

    permission = Perm.PREMI_MANAGE
    http_method_names = ["post"]
    success = ""

    def act(self, run):
        raise NotImplementedError

    def post(self, request, pk, **kwargs):
        run = get_run(request, pk)
        try:
            target = self.act(run)
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(run_url(request, run.pk))
        messages.success(request, self.success)
        return HttpResponseRedirect(target or run_url(request, run.pk))


class RunRefreshView(RunActionView):
    success = gettext_lazy("Previewed again with the records and proceeds of now.")

    def act(self, run):
        services.premi_run_preview(
            actor=self.request.user,
            workshop=run.workshop,
            period=Period(run.period_kind, run.start, run.end),
        )


class RunDiscardView(RunActionView):
    success = gettext_lazy("The preview was discarded.")

    def act(self, run):
        services.premi_run_discard(actor=self.request.user, run=run)
        return reverse("premi:run-list", args=[self.request.facility.code])


class RunApproveView(RunActionView):
    permission = Perm.PREMI_APPROVE
    success = gettext_lazy("Approved: the shares are on the inmates' ledgers.")

    def act(self, run):
        services.premi_run_approve(actor=self.request.user, run=run)


class AdjustmentCreateView(FormPage):
    form_class = forms.AdjustmentForm
    intro = gettext_lazy(
        "A correction of an approved run is carried by this run and posted to the inmate's "
        "ledger when the head approves it; the approved run itself never changes."
    )

    def run(self):
        if not hasattr(self, "_run"):
            self._run = get_run(self.request, self.kwargs["pk"])
        return self._run

    def get(self, request, *args, **kwargs):
        if self.run().status != RunStatus.PREVIEW:
            return message_page(
                request,
                _("An approved premi run cannot be changed."),
                back_url=run_url(request, self.run().pk),
                status=409,
            )
        return super().get(request, *args, **kwargs)

    def inmates(self):
        """Inmates with a share in an approved run of the workshop, or in this one."""
        run = self.run()
        ids = PremiShare.objects.filter(
            run__workshop_id=run.workshop_id, run__status=RunStatus.APPROVED
        ).values("inmate_id")
        return Inmate.objects.filter(facility=self.request.facility, pk__in=ids).order_by("name")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"run": self.run(), "inmates": self.inmates()}

    def get_heading(self):
        run = self.run()
        return _("Correction in the run of %(period)s") % {
            "period": period_label(run.period_kind, run.start, run.end)
        }

    def get_back_url(self):
        return run_url(self.request, self.run().pk)

    def perform(self, form):
        data = form.cleaned_data
        inmate = self.inmates().filter(pk=data["inmate"]).first()
        if inmate is None:
            raise DomainError(_("Choose an inmate of this unit."), field="inmate")
        return services.premi_adjustment_add(
            actor=self.request.user,
            run=self.run(),
            inmate=inmate,
            corrects=data["corrects"],
            amount=data["amount"],
            reason=data["reason"],
        )

    def get_success_url(self):
        return run_url(self.request, self.run().pk)


class AdjustmentRemoveView(RunActionView):
    success = gettext_lazy("The correction was removed.")

    def act(self, run):
        adjustment = PremiAdjustment.objects.filter(
            run=run, pk=self.kwargs["adjustment_pk"]
        ).first()
        if adjustment is None:
            raise Http404
        services.premi_adjustment_remove(actor=self.request.user, adjustment=adjustment)


class RunListPdfView(FacilityPermissionMixin, View):
    """The run's list for the head's signature."""

    permission = Perm.PREMI_VIEW

    def get(self, request, pk, **kwargs):
        run = get_run(request, pk)
        return pdf_or_message(
            request,
            lambda: documents.run_list_pdf(run=run, printed_by=request.user, request=request),
            filename=f"daftar-premi-{run.number or 'pratinjau'}-{run.workshop.name}",
            back_url=run_url(request, pk),
        )


class RunSlipsPdfView(FacilityPermissionMixin, View):
    """Every slip of the run (one inmate per page), or one inmate's slip."""

    permission = Perm.PREMI_VIEW

    def get(self, request, pk, share_pk=None, **kwargs):
        run = get_run(request, pk)
        shares = None
        name = run.number or "pratinjau"
        if share_pk is not None:
            share = PremiShare.objects.filter(run=run, pk=share_pk).select_related("inmate").first()
            if share is None:
                raise Http404
            shares = [share]
            name = f"{name}-{share.inmate.name}"
        return pdf_or_message(
            request,
            lambda: documents.slips_pdf(
                run=run, shares=shares, printed_by=request.user, request=request
            ),
            filename=f"slip-premi-{name}",
            back_url=run_url(request, pk),
        )
