"""Pages that change allocations: apply, decline, allocate (with overrides), and the
allocation's own page with its transitions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm, access_for
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.programs.forms.workshops import (
    AllocateForm,
    ApplicationForm,
    DeclineForm,
    EndForm,
    SuspendForm,
)
from karya.programs.models import Allocation, Application
from karya.programs.services import allocations as services
from karya.programs.views.workshops import WorkshopDetailView, get_workshop


def get_allocation(request, pk) -> Allocation:
    return get_object_or_404(
        Allocation.objects.filter(facility=request.facility).select_related("workshop", "inmate"),
        pk=pk,
    )


class ApplicationCreateView(FacilityPermissionMixin, View):
    permission = Perm.ALLOCATION_MANAGE

    def post(self, request, pk, **kwargs):
        workshop = get_workshop(request, pk)
        form = ApplicationForm(request.POST, workshop=workshop)
        if form.is_valid():
            try:
                services.application_create(
                    actor=request.user, workshop=workshop, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Added to the waiting list."))
                return redirect("programs:workshop-detail", request.facility.code, pk)
        view = WorkshopDetailView(request=request, kwargs={"pk": pk})
        view.object = workshop
        response = view.render_to_response(
            view.get_context_data(object=workshop, application_form=form)
        )
        response.status_code = 400
        return response


class ApplicationDeclineView(FacilityPermissionMixin, View):
    permission = Perm.ALLOCATION_MANAGE

    def post(self, request, pk, **kwargs):
        application = get_object_or_404(
            Application.objects.filter(facility=request.facility), pk=pk
        )
        form = DeclineForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the reason for declining."))
        else:
            try:
                services.application_decline(
                    actor=request.user, application=application, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The application was declined."))
        return redirect("programs:workshop-detail", request.facility.code, application.workshop_id)


class AllocateView(FacilityPermissionMixin, View):
    """Allocate one inmate directly. Failed rules are explained; a head can override each
    with a written reason."""

    permission = Perm.ALLOCATION_MANAGE
    template_name = "programs/allocate.html"

    def _can_override(self) -> bool:
        return access_for(self.request.user).can(Perm.ALLOCATION_OVERRIDE, self.request.facility)

    def _render(self, form, workshop, failures=(), status=200):
        can_override = self._can_override()
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "workshop": workshop,
                "failures": failures,
                "facility": self.request.facility,
                "can_override": can_override,
            },
            status=status,
        )

    def get(self, request, pk, **kwargs):
        workshop = get_workshop(request, pk)
        form = AllocateForm(
            workshop=workshop, initial={"start_date": today_in(request.facility.timezone)}
        )
        return self._render(form, workshop)

    def post(self, request, pk, **kwargs):
        workshop = get_workshop(request, pk)
        form = AllocateForm(request.POST, workshop=workshop)
        if not form.is_valid():
            return self._render(form, workshop, status=400)
        data = form.cleaned_data
        failures = services.suitability_failures(
            workshop=workshop,
            inmate=data["inmate"],
            session=data["session"],
            start_date=data["start_date"],
        )
        # Only a head gets a reason field per failed rule; the others read why it is refused.
        rules = failures if self._can_override() else ()
        form = AllocateForm(request.POST, workshop=workshop, rules=rules)
        form.is_valid()
        try:
            services.allocation_create(
                actor=request.user,
                workshop=workshop,
                inmate=data["inmate"],
                session=data["session"],
                start_date=data["start_date"],
                overrides=form.overrides(),
                start_if_due=True,
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self._render(form, workshop, failures, status=400)
        messages.success(
            request,
            _("%(name)s was allocated to %(workshop)s.")
            % {"name": data["inmate"].name, "workshop": workshop.name},
        )
        return redirect("programs:workshop-detail", request.facility.code, workshop.pk)


class AllocationDetailView(FacilityPermissionMixin, DetailView):
    permission = Perm.WORKSHOP_VIEW
    template_name = "programs/allocation_detail.html"
    context_object_name = "allocation"

    def get_object(self, queryset=None):
        return get_allocation(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = today_in(self.request.facility.timezone)
        context["suspend_form"] = kwargs.get("suspend_form") or SuspendForm()
        context["end_form"] = kwargs.get("end_form") or EndForm(initial={"end_date": today})
        context["can_manage"] = access_for(self.request.user).can(
            Perm.ALLOCATION_MANAGE, self.request.facility
        )
        return context


class AllocationTransitionView(FacilityPermissionMixin, View):
    """POST start / suspend / resume / end on one allocation."""

    permission = Perm.ALLOCATION_MANAGE
    forms = {"suspend": SuspendForm, "end": EndForm}

    def post(self, request, pk, action, **kwargs):
        allocation = get_allocation(request, pk)
        form_class = self.forms.get(action)
        form = form_class(request.POST) if form_class else None
        try:
            if form is not None and not form.is_valid():
                raise DomainError(_("Fill in the form completely."))
            if action == "start":
                services.allocation_start(actor=request.user, allocation=allocation)
            elif action == "resume":
                services.allocation_resume(actor=request.user, allocation=allocation)
            elif action == "suspend":
                services.allocation_suspend(
                    actor=request.user, allocation=allocation, **form.cleaned_data
                )
            elif action == "end":
                services.allocation_end(
                    actor=request.user, allocation=allocation, **form.cleaned_data
                )
            else:
                raise DomainError(_("Unknown action."))
        except DomainError as error:
            view = AllocationDetailView(request=request, kwargs={"pk": pk})
            view.object = allocation
            if form is not None and error.field in form.fields:
                form.add_error(error.field, error.message)
            else:
                # Shown above the page: the form may not be on it (suspending a pending
                # allocation, ending an ended one).
                messages.error(request, error.message)
            context = view.get_context_data(object=allocation, **{f"{action}_form": form})
            response = view.render_to_response(context)
            response.status_code = 400
            return response
        messages.success(request, _("The allocation was updated."))
        return redirect(reverse("programs:allocation-detail", args=[request.facility.code, pk]))
