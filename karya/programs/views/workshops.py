"""Workshop pages: list with this month's figures, add/edit, and the workshop's own page with
its allocations and waiting list."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm, access_for
from karya.core.dates import today_in
from karya.core.views import ServiceFormView
from karya.programs.forms.workshops import ApplicationForm, ApproveForm, WorkshopForm
from karya.programs.models import Workshop
from karya.programs.selectors import workshops as selectors
from karya.programs.services import workshops as services


def get_workshop(request, pk) -> Workshop:
    """A workshop of the current unit, or 404 (another unit's workshop does not exist here)."""
    workshop = get_object_or_404(Workshop.objects.filter(facility=request.facility), pk=pk)
    workshop.facility = request.facility  # the same row, already read by the middleware
    return workshop


class WorkshopListView(FacilityPermissionMixin, ListView):
    permission = Perm.WORKSHOP_VIEW
    template_name = "programs/workshop_list.html"
    context_object_name = "workshops"

    def get_queryset(self):
        return selectors.workshop_list(facility=self.request.facility)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = today_in(self.request.facility.timezone)
        month = today
        raw = self.request.GET.get("bulan", "")
        try:
            month = dt.date.fromisoformat(f"{raw}-01") if raw else today
        except ValueError:
            messages.warning(
                self.request,
                _("“%(value)s” is not a month; this month is shown.") % {"value": raw[:10]},
            )
        figures = selectors.workshop_month_figures(facility=self.request.facility, day=month)
        for workshop in context["workshops"]:
            workshop.figures = figures.get(workshop.pk, {})
        context["today"] = today
        context["month"] = month
        return context


class WorkshopFormView(FacilityPermissionMixin, ServiceFormView):
    """Add (no pk) or edit (pk) a workshop."""

    permission = Perm.WORKSHOP_MANAGE
    template_name = "programs/workshop_form.html"
    form_class = WorkshopForm
    success_message = gettext_lazy("The workshop was saved.")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.workshop = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["facility"] = self.request.facility
        if "pk" in self.kwargs:
            self.workshop = get_workshop(self.request, self.kwargs["pk"])
            # The form changes its instance while validating: give it its own copy.
            kwargs["instance"] = get_workshop(self.request, self.kwargs["pk"])
        return kwargs

    def get_context_data(self, **kwargs):
        # The form is made first: it looks the workshop up (or 404s).
        if "form" not in kwargs:
            kwargs["form"] = self.get_form()
        return super().get_context_data(workshop=self.workshop, **kwargs)

    def perform(self, form):
        data = dict(form.cleaned_data)
        if self.workshop is None:
            return services.workshop_create(
                actor=self.request.user, facility=self.request.facility, **data
            )
        return services.workshop_update(actor=self.request.user, workshop=self.workshop, **data)

    def get_success_url(self):
        return reverse(
            "programs:workshop-detail", args=[self.request.facility.code, self.object.pk]
        )


class WorkshopDetailView(FacilityPermissionMixin, DetailView):
    permission = Perm.WORKSHOP_VIEW
    template_name = "programs/workshop_detail.html"
    context_object_name = "workshop"

    def get_object(self, queryset=None):
        return get_workshop(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        workshop = self.object
        access = access_for(self.request.user)
        context["allocations"] = selectors.open_allocations(workshop=workshop)
        context["waiting"] = list(selectors.waiting_list(workshop=workshop))
        context["can_manage"] = access.can(Perm.ALLOCATION_MANAGE, self.request.facility)
        context["application_form"] = kwargs.get("application_form") or ApplicationForm(
            workshop=workshop
        )
        context["today"] = today_in(self.request.facility.timezone)
        context["products"] = workshop.products.all()
        context["supervisors"] = workshop.supervisors.all()
        return context


class WorkshopApproveView(FacilityPermissionMixin, DetailView):
    """Approve several waiting applications at once; the refused ones stay, with the reason."""

    permission = Perm.ALLOCATION_MANAGE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        from karya.programs.services.allocations import applications_approve

        workshop = get_workshop(request, kwargs["pk"])
        waiting = list(selectors.waiting_list(workshop=workshop))
        form = ApproveForm(request.POST, waiting=waiting)
        if not form.is_valid():
            messages.error(request, _("Choose at least one application and a start date."))
            return redirect("programs:workshop-detail", request.facility.code, workshop.pk)
        chosen = [a for a in waiting if a.pk in set(form.cleaned_data["applications"])]
        today = today_in(request.facility.timezone)
        result = applications_approve(
            actor=request.user,
            applications=chosen,
            start_date=form.cleaned_data["start_date"],
            start_now=form.cleaned_data["start_date"] <= today,
        )
        if result.created:
            messages.success(
                request, _("%(count)s inmate(s) allocated.") % {"count": len(result.created)}
            )
        for application, reason in result.refused:
            messages.error(request, f"{application.inmate.name}: {reason}")
        return redirect("programs:workshop-detail", request.facility.code, workshop.pk)
