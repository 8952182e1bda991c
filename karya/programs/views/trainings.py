"""Pages of the unit's trainings: list, add and edit, detail with participants, results.

Reading needs Perm.WORKSHOP_VIEW; every write needs Perm.TRAINING_MANAGE. Another unit's
training or participant answers 404, exactly like a missing one.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import ListView, TemplateView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm, access_for
from karya.audit.views import HistoryView
from karya.core.errors import DomainError
from karya.core.views import ServiceFormView
from karya.programs.choices import TrainingResult
from karya.programs.forms import trainings as forms
from karya.programs.models import Training, TrainingParticipant
from karya.programs.selectors import trainings as selectors
from karya.programs.services import trainings as services


def _training(request, pk: int) -> Training:
    training = selectors.training_get(facility=request.facility, pk=pk)
    if training is None:
        raise Http404
    return training


def _participant(training: Training, pk: int) -> TrainingParticipant:
    participant = selectors.participant_get(training=training, pk=pk)
    if participant is None:
        raise Http404
    return participant


def _detail_url(request, training: Training) -> str:
    return reverse("programs:training-detail", args=[request.facility.code, training.pk])


class TrainingListView(FacilityPermissionMixin, ListView):
    permission = Perm.WORKSHOP_VIEW
    template_name = "programs/training_list.html"
    context_object_name = "trainings"
    paginate_by = 25

    def get_queryset(self):
        facility = self.request.facility
        self.filter_form = forms.TrainingFilterForm(
            self.request.GET or None, years=selectors.training_years(facility=facility)
        )
        filters = {}
        if self.filter_form.is_valid():
            filters = {
                "query": self.filter_form.cleaned_data["q"].strip(),
                "year": self.filter_form.cleaned_data["year"],
            }
        return selectors.training_list(facility=facility, **filters)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class TrainingFormView(FacilityPermissionMixin, ServiceFormView):
    """Add (no pk) or edit (pk) a training."""

    permission = Perm.TRAINING_MANAGE
    template_name = "programs/training_form.html"
    form_class = forms.TrainingForm
    success_message = _("The training was saved.")

    def get_training(self) -> Training | None:
        """The training being edited (None when adding one), fetched once."""
        if not hasattr(self, "training"):
            pk = self.kwargs.get("pk")
            self.training = None if pk is None else _training(self.request, pk)
        return self.training

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["facility"] = self.request.facility
        return kwargs

    def get_initial(self):
        training = self.get_training()
        if training is None:
            return {}
        return {name: getattr(training, name) for name in services.TRAINING_FIELDS}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["training"] = self.get_training()
        return context

    def perform(self, form):
        if self.get_training() is None:
            return services.training_create(
                actor=self.request.user, facility=self.request.facility, **form.cleaned_data
            )
        return services.training_update(
            actor=self.request.user, training=self.training, **form.cleaned_data
        )

    def get_success_url(self):
        return _detail_url(self.request, self.object)


class TrainingPageMixin:
    """The detail page's context, shared by the page and by the add-participants form that
    re-renders it with its errors."""

    def get_training(self) -> Training:
        if not hasattr(self, "_training_obj"):
            self._training_obj = _training(self.request, self.kwargs["pk"])
        return self._training_obj

    def detail_context(self, add_form=None) -> dict:
        training = self.get_training()
        participants = list(selectors.participants_of(training=training))
        can_manage = access_for(self.request.user).can(Perm.TRAINING_MANAGE, self.request.facility)
        context = {
            "facility": self.request.facility,
            "training": training,
            "participants": participants,
            "competent_count": sum(p.result == TrainingResult.COMPETENT for p in participants),
            "certificate_count": sum(bool(p.certificate_number) for p in participants),
            "can_manage": can_manage,
        }
        if can_manage:
            query = self.request.GET.get("q", "").strip()
            limit = selectors.CANDIDATE_LIMIT
            candidates = list(
                selectors.participant_candidates(training=training, query=query)[: limit + 1]
            )
            add_form = add_form or forms.ParticipantAddForm()
            add_form.set_candidates(candidates[:limit])
            context.update(
                add_form=add_form,
                candidate_query=query,
                candidate_count=min(len(candidates), limit),
                more_candidates=len(candidates) > limit,
            )
        return context


class TrainingDetailView(FacilityPermissionMixin, TrainingPageMixin, TemplateView):
    permission = Perm.WORKSHOP_VIEW
    template_name = "programs/training_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.detail_context())
        return context


class ParticipantAddView(FacilityPermissionMixin, TrainingPageMixin, ServiceFormView):
    """Add the inmates ticked on the detail page; errors re-render the detail page."""

    permission = Perm.TRAINING_MANAGE
    template_name = "programs/training_detail.html"
    form_class = forms.ParticipantAddForm

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(_detail_url(self.request, self.get_training()))

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None)
        context = super().get_context_data(**kwargs)
        context.update(self.detail_context(add_form=form))
        return context

    def perform(self, form):
        added = services.participant_add(
            actor=self.request.user,
            training=self.get_training(),
            inmate_ids=form.cleaned_data["inmates"],
        )
        messages.success(
            self.request,
            ngettext("%(count)d participant added.", "%(count)d participants added.", len(added))
            % {"count": len(added)},
        )
        return self.get_training()

    def get_success_url(self):
        return _detail_url(self.request, self.get_training())


class ParticipantResultView(FacilityPermissionMixin, ServiceFormView):
    """Record or correct one participant's result and certificate."""

    permission = Perm.TRAINING_MANAGE
    template_name = "programs/training_participant_result.html"
    form_class = forms.ParticipantResultForm
    success_message = _("The result was saved.")

    def get_participant(self) -> TrainingParticipant:
        if not hasattr(self, "participant"):
            training = _training(self.request, self.kwargs["pk"])
            self.participant = _participant(training, self.kwargs["participant_pk"])
        return self.participant

    def get_initial(self):
        participant = self.get_participant()
        return {
            "result": participant.result,
            "certificate_number": participant.certificate_number,
            "certificate_issuer": participant.certificate_issuer,
            "certificate_date": participant.certificate_date,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["participant"] = self.get_participant()
        context["training"] = self.get_participant().training
        return context

    def perform(self, form):
        return services.participant_record_result(
            actor=self.request.user, participant=self.get_participant(), **form.cleaned_data
        )

    def get_success_url(self):
        return _detail_url(self.request, self.get_participant().training)


class ParticipantRemoveView(FacilityPermissionMixin, TemplateView):
    """Ask, then take an inmate off the training (only while no result is recorded)."""

    permission = Perm.TRAINING_MANAGE
    template_name = "programs/training_participant_remove.html"

    def get_participant(self) -> TrainingParticipant:
        if not hasattr(self, "participant"):
            training = _training(self.request, self.kwargs["pk"])
            self.participant = _participant(training, self.kwargs["participant_pk"])
        return self.participant

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        participant = self.get_participant()
        context.update(participant=participant, training=participant.training)
        return context

    def post(self, request, *args, **kwargs):
        participant = self.get_participant()
        try:
            services.participant_remove(actor=request.user, participant=participant)
        except DomainError as error:
            context = self.get_context_data(error=error.message)
            return render(request, self.template_name, context, status=400)
        messages.success(
            request,
            _("%(name)s was taken off the training.") % {"name": participant.inmate.name},
        )
        return HttpResponseRedirect(_detail_url(request, participant.training))


class TrainingHistoryView(FacilityPermissionMixin, HistoryView):
    permission = Perm.AUDIT_VIEW

    def get_audited_object(self):
        return _training(self.request, self.kwargs["pk"])
