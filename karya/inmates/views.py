"""Pages of the unit's inmate registry: list, detail, add, edit, import, history."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm
from karya.audit.views import HistoryView
from karya.core.errors import DomainError
from karya.core.pagination import PagedByKey
from karya.core.views import ServiceFormView
from karya.inmates import forms, selectors, services
from karya.inmates.choices import Presence
from karya.inmates.importing import ImportRejected
from karya.inmates.models import Inmate


class InmateListView(FacilityPermissionMixin, ListView):
    permission = Perm.INMATE_VIEW
    template_name = "inmates/list.html"
    context_object_name = "inmates"
    paginate_by = 50
    paginator_class = PagedByKey  # page 500 costs what page 1 does

    def get_queryset(self):
        facility = self.request.facility
        self.filter_form = forms.InmateFilterForm(
            self.request.GET or None, blocks=selectors.blocks_of(facility=facility)
        )
        filters = {}
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            filters = {
                "query": data["q"].strip(),
                "status": data["status"],
                "security_class": data["security_class"],
                "stage": data["stage"],
                "block": data["block"],
                "presence": data["presence"] or Presence.PRESENT,
            }
        return selectors.inmate_list(facility=facility, **filters)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


def _inmate(request, pk) -> Inmate:
    return get_object_or_404(Inmate.objects.filter(facility=request.facility), pk=pk)


class InmateDetailView(FacilityPermissionMixin, DetailView):
    permission = Perm.INMATE_VIEW
    template_name = "inmates/detail.html"
    context_object_name = "inmate"

    def get_object(self, queryset=None):
        return _inmate(self.request, self.kwargs["pk"])


class InmateFormView(FacilityPermissionMixin, ServiceFormView):
    """Add (no pk) or edit (pk) an inmate by hand."""

    permission = Perm.INMATE_CHANGE
    template_name = "inmates/form.html"
    form_class = forms.InmateForm
    success_message = _("The inmate's record was saved.")

    def dispatch(self, request, *args, **kwargs):
        self.inmate = None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            # Two copies: the form writes its input onto its instance while validating, and
            # the service must compare the new values with the record as it was.
            self.inmate = _inmate(self.request, self.kwargs["pk"])
            kwargs["instance"] = _inmate(self.request, self.kwargs["pk"])
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # builds the form, which sets self.inmate
        context["inmate"] = self.inmate
        return context

    def perform(self, form):
        if self.inmate is None:
            return services.inmate_create(
                actor=self.request.user, facility=self.request.facility, **form.cleaned_data
            )
        return services.inmate_update(
            actor=self.request.user, inmate=self.inmate, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("inmates:detail", args=[self.request.facility.code, self.object.pk])


class InmateImportView(FacilityPermissionMixin, ServiceFormView):
    permission = Perm.INMATE_IMPORT
    template_name = "inmates/import.html"
    form_class = forms.ImportForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        context = {"form": form}
        try:
            context["result"] = services.inmates_import(
                actor=self.request.user,
                facility=self.request.facility,
                file_name=upload.name,
                content=upload.read(),
                dry_run=form.cleaned_data["dry_run"],
            )
        except ImportRejected as rejected:
            context["rejected"] = rejected
            return render(
                self.request, self.template_name, self.get_context_data(**context), status=400
            )
        except DomainError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        return render(self.request, self.template_name, self.get_context_data(**context))


class InmateHistoryView(FacilityPermissionMixin, HistoryView):
    permission = Perm.AUDIT_VIEW

    def get_audited_object(self):
        return _inmate(self.request, self.kwargs["pk"])
