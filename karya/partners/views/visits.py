"""Visit pages: a visit of or to a partner (exploration, monitoring, evaluation) with its
follow-up actions. Times are typed and shown in the unit's zone and stored in UTC.

Reading needs Perm.PARTNER_VIEW; writes need Perm.PARTNER_MANAGE. Visit photos are cleaned
of their metadata on upload and served only through a permission-checked view."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm
from karya.audit.selectors import history_for_all
from karya.audit.views import HistoryView
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.partners import forms, selectors
from karya.partners.models import VisitPhoto
from karya.partners.services import visits as services
from karya.partners.views.common import (
    FormPage,
    can,
    get_follow_up,
    get_partner,
    get_visit,
    partner_url,
    visit_url,
)


class VisitDetailView(FacilityPermissionMixin, TemplateView):
    permission = Perm.PARTNER_VIEW
    template_name = "partners/visit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = get_visit(self.request, self.kwargs["pk"])
        today = today_in(self.request.facility.timezone)
        follow_ups = list(selectors.visit_follow_ups(visit=visit))
        for follow_up in follow_ups:
            follow_up.overdue = (
                not follow_up.done_on
                and follow_up.due_date is not None
                and follow_up.due_date < today
            )
        context.update(
            visit=visit,
            follow_ups=follow_ups,
            can_manage=can(self.request, Perm.PARTNER_MANAGE),
            today=today,
            photos=visit.photos.all(),
            photo_form=forms.VisitPhotoForm(),
        )
        return context


class VisitFormView(FormPage):
    """Record a visit of a partner (partner pk) or edit one (pk)."""

    form_class = forms.VisitForm
    success_message = gettext_lazy("The visit was saved.")

    def load(self):
        if not hasattr(self, "partner"):
            self.visit = None
            if "partner_pk" in self.kwargs:
                self.partner = get_partner(self.request, self.kwargs["partner_pk"])
            else:
                self.visit = get_visit(self.request, self.kwargs["pk"])
                self.partner = self.visit.partner

    def get_form_kwargs(self):
        self.load()
        kwargs = super().get_form_kwargs()
        kwargs.update(partner=self.partner, zone=self.request.facility.timezone)
        return kwargs

    def get_initial(self):
        self.load()
        zone = self.request.facility.timezone
        if self.visit is not None:
            return forms.VisitForm.initial_from(self.visit, zone)
        initial = {"date": today_in(zone)}
        wanted = self.request.GET.get("kerja_sama", "")
        if wanted.isdigit():
            initial["agreement"] = int(wanted)
        return initial

    def get_heading(self):
        self.load()
        if self.visit is None:
            return f"{_('Record a visit')}: {self.partner.legal_name}"
        return f"{_('Edit')}: {self.visit.get_kind_display()} {self.partner.legal_name}"

    def get_back_url(self):
        self.load()
        if self.visit is None:
            return partner_url(self.request, self.partner.pk)
        return visit_url(self.request, self.visit.pk)

    def perform(self, form):
        self.load()
        if self.visit is None:
            return services.visit_create(
                actor=self.request.user, partner=self.partner, **form.values()
            )
        return services.visit_update(actor=self.request.user, visit=self.visit, **form.values())

    def get_success_url(self):
        return visit_url(self.request, self.object.pk)


class FollowUpAddView(FormPage):
    form_class = forms.FollowUpForm
    success_message = gettext_lazy("The follow-up was added.")

    def load(self):
        if not hasattr(self, "visit"):
            self.visit = get_visit(self.request, self.kwargs["pk"])
        return self.visit

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["staff"] = selectors.unit_staff(facility=self.request.facility)
        return kwargs

    def get_heading(self):
        visit = self.load()
        return f"{_('Add a follow-up')}: {visit.get_kind_display()} {visit.partner.legal_name}"

    def get_back_url(self):
        return visit_url(self.request, self.load().pk)

    def perform(self, form):
        return services.follow_up_add(
            actor=self.request.user, visit=self.load(), **form.cleaned_data
        )

    def get_success_url(self):
        return visit_url(self.request, self.load().pk) + "#follow-ups"


class FollowUpDoneView(FacilityPermissionMixin, View):
    """Mark a follow-up done (POST from the visit page; the date defaults to today)."""

    permission = Perm.PARTNER_MANAGE
    http_method_names = ["post"]

    def post(self, request, pk, **kwargs):
        follow_up = get_follow_up(request, pk)
        data = request.POST.copy()
        if not data.get("done_on"):
            data["done_on"] = today_in(request.facility.timezone).isoformat()
        form = forms.DoneForm(data)
        if not form.is_valid():
            messages.error(request, _("Write the date it was done, e.g. 2026-01-31."))
        else:
            try:
                services.follow_up_done(
                    actor=request.user, follow_up=follow_up, done_on=form.cleaned_data["done_on"]
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The follow-up is marked done."))
        return HttpResponseRedirect(visit_url(request, follow_up.visit_id) + "#follow-ups")


class VisitHistoryView(FacilityPermissionMixin, HistoryView):
    permission = Perm.AUDIT_VIEW

    def get_audited_object(self):
        return get_visit(self.request, self.kwargs["pk"])

    def get_entries(self, obj):
        return history_for_all([obj, *obj.follow_ups.all()])


class VisitPhotoAddView(FacilityPermissionMixin, View):
    """Upload a photo of a visit (POST from the visit page)."""

    permission = Perm.PARTNER_MANAGE

    def post(self, request, pk, **kwargs):
        visit = get_visit(request, pk)
        form = forms.VisitPhotoForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(visit_url(request, visit.pk) + "#photos")
        try:
            services.visit_photo_add(
                actor=request.user,
                visit=visit,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The photo was added."))
        return HttpResponseRedirect(visit_url(request, visit.pk) + "#photos")


class VisitPhotoFileView(FacilityPermissionMixin, View):
    """The stored (cleaned) photo, only to those who may read the unit's partners."""

    permission = Perm.PARTNER_VIEW

    def get(self, request, pk, photo_pk, **kwargs):
        visit = get_visit(request, pk)
        photo = get_object_or_404(VisitPhoto.objects.filter(visit=visit), pk=photo_pk)
        try:
            handle = photo.image.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        content_type = mimetypes.guess_type(photo.image.name)[0] or "application/octet-stream"
        response = FileResponse(handle, content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
        return response
