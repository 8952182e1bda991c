"""Newsroom pages (Humas), under /upt/<code>/humas/: the activity log, an event with its
photos and linked records, the press release generated from it, edited, sent to the head,
approved, published on the unit's public page, exported as .docx and plain text.

Everything needs Perm.NEWS_MANAGE (public relations, officers, the head); approving and sending
back need Perm.NEWS_APPROVE (the head). Another unit's record answers 404."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm, access_for
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.core.views import ServiceFormView
from karya.newsroom import export, forms, selectors, services
from karya.newsroom.choices import EDITABLE_STATUSES, EventKind, ReleaseStatus
from karya.newsroom.models import Event, PressRelease

LIST_LIMIT = 100


def _event(request, pk) -> Event:
    found = selectors.event_get(facility=request.facility, pk=pk)
    if found is None:
        raise Http404
    return found


def _release(request, pk) -> PressRelease:
    found = selectors.release_get(facility=request.facility, pk=pk)
    if found is None:
        raise Http404
    return found


def event_url(request, pk) -> str:
    return reverse("newsroom:event-detail", args=[request.facility.code, pk])


def release_url(request, pk) -> str:
    return reverse("newsroom:release-detail", args=[request.facility.code, pk])


def _can(request, perm: Perm) -> bool:
    return access_for(request.user).can(perm, request.facility)


class NewsroomHomeView(FacilityPermissionMixin, TemplateView):
    """The activity log and the releases of the unit."""

    permission = Perm.NEWS_MANAGE
    template_name = "newsroom/home.html"

    def get_context_data(self, **kwargs):
        kind = self.request.GET.get("jenis", "")
        kind = kind if kind in EventKind.values else ""
        facility = self.request.facility
        return super().get_context_data(
            events=list(selectors.event_list(facility=facility, kind=kind)[:LIST_LIMIT]),
            releases=list(selectors.release_list(facility=facility)[:LIST_LIMIT]),
            kinds=EventKind.choices,
            kind=kind,
            **kwargs,
        )


class FormPage(FacilityPermissionMixin, ServiceFormView):
    permission = Perm.NEWS_MANAGE
    template_name = "newsroom/form.html"
    heading = ""
    intro = ""
    submit_label = gettext_lazy("Save")

    def get_back_url(self) -> str:
        return reverse("newsroom:home", args=[self.request.facility.code])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.get_heading(),
            intro=self.intro,
            back_url=self.get_back_url(),
            submit_label=self.submit_label,
            **kwargs,
        )

    def get_heading(self) -> str:
        return str(self.heading)


class EventFormView(FormPage):
    """Record an event, or change one (pk)."""

    form_class = forms.EventForm
    success_message = gettext_lazy("The event was saved.")

    def get_event(self) -> Event | None:
        if "pk" not in self.kwargs:
            return None
        if not hasattr(self, "_found"):
            self._found = _event(self.request, self.kwargs["pk"])
        return self._found

    def get_heading(self):
        event = self.get_event()
        return _("Record an event") if event is None else f"{_('Edit')}: {event.title}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(
            zone=self.request.facility.timezone,
            choices=selectors.link_choices(facility=self.request.facility),
        )
        return kwargs

    def get_initial(self):
        event = self.get_event()
        zone = self.request.facility.timezone
        if event is not None:
            return forms.EventForm.initial_from(event, zone)
        return {"date": today_in(zone), "place": self.request.facility.name}

    def get_back_url(self):
        event = self.get_event()
        return super().get_back_url() if event is None else event_url(self.request, event.pk)

    def perform(self, form):
        event = self.get_event()
        if event is None:
            return services.event_create(
                actor=self.request.user, facility=self.request.facility, **form.values()
            )
        return services.event_update(actor=self.request.user, event=event, **form.values())

    def get_success_url(self):
        return event_url(self.request, self.object.pk)


class EventDetailView(FacilityPermissionMixin, TemplateView):
    permission = Perm.NEWS_MANAGE
    template_name = "newsroom/event_detail.html"

    def get_context_data(self, **kwargs):
        event = _event(self.request, self.kwargs["pk"])
        return super().get_context_data(
            event=event,
            photos=list(selectors.event_photos(event)),
            releases=list(event.releases.order_by("-created_at", "-pk")),
            photo_form=forms.EventPhotoForm(),
            **kwargs,
        )


class EventPhotoAddView(FormPage):
    form_class = forms.EventPhotoForm
    success_message = gettext_lazy("The photo was added.")
    intro = gettext_lazy(
        "Photos stay inside the unit: they are never shown on the public site nor exported."
    )

    def get_heading(self):
        return f"{_('Add a photo')}: {_event(self.request, self.kwargs['pk']).title}"

    def get_back_url(self):
        return event_url(self.request, self.kwargs["pk"])

    def perform(self, form):
        return services.event_photo_add(
            actor=self.request.user,
            event=_event(self.request, self.kwargs["pk"]),
            upload=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
        )

    def get_success_url(self):
        return event_url(self.request, self.kwargs["pk"])


class EventPhotoFileView(FacilityPermissionMixin, View):
    """The stored (cleaned) photo, to the unit's newsroom staff only."""

    permission = Perm.NEWS_MANAGE

    def get(self, request, pk, photo_pk, **kwargs):
        event = _event(request, pk)
        photo = selectors.event_photos(event).filter(pk=photo_pk).first()
        if photo is None:
            raise Http404
        try:
            handle = photo.image.open("rb")
        except OSError as error:
            raise Http404 from error
        content_type = mimetypes.guess_type(photo.image.name)[0] or "application/octet-stream"
        return FileResponse(handle, content_type=content_type)


class ReleaseGenerateView(FormPage):
    """Generate a draft from the event's records, with the quotes the user types."""

    form_class = forms.GenerateForm
    submit_label = gettext_lazy("Generate the draft")
    success_message = gettext_lazy("The draft was generated; read it and edit it.")
    intro = gettext_lazy(
        "Karya writes the draft from the event and the records it is linked to (the BAST, the "
        "agreement, the training, the production order). Type the statements to quote and who "
        "said them; never an inmate's name."
    )

    def get_heading(self):
        return f"{_('New press release')}: {_event(self.request, self.kwargs['pk']).title}"

    def get_back_url(self):
        return event_url(self.request, self.kwargs["pk"])

    def perform(self, form):
        return services.release_generate(
            actor=self.request.user,
            event=_event(self.request, self.kwargs["pk"]),
            quotes=form.quotes(),
        )

    def get_success_url(self):
        return release_url(self.request, self.object.pk)


class ReleaseDetailView(FacilityPermissionMixin, TemplateView):
    permission = Perm.NEWS_MANAGE
    template_name = "newsroom/release_detail.html"

    def get_context_data(self, **kwargs):
        release = _release(self.request, self.kwargs["pk"])
        public_url = ""
        if release.is_published:
            public_url = reverse(
                "catalogue:news-detail", args=[release.facility.code, release.pk, release.slug]
            )
        return super().get_context_data(
            release=release,
            can_edit=release.status in EDITABLE_STATUSES,
            can_approve=_can(self.request, Perm.NEWS_APPROVE),
            statuses=ReleaseStatus,
            public_url=public_url,
            **kwargs,
        )


class ReleaseUpdateView(FormPage):
    form_class = forms.ReleaseForm
    success_message = gettext_lazy("The release was saved.")

    def get_release(self) -> PressRelease:
        if not hasattr(self, "_found"):
            self._found = _release(self.request, self.kwargs["pk"])
        return self._found

    def get_heading(self):
        return f"{_('Edit')}: {self.get_release().title}"

    def get_initial(self):
        release = self.get_release()
        return {"title": release.title, "summary": release.summary, "body": release.body}

    def get_context_data(self, **kwargs):
        release = self.get_release()
        if release.status == ReleaseStatus.APPROVED:
            self.intro = _("Saving a change sends the release back to the head for approval.")
        return super().get_context_data(**kwargs)

    def get_back_url(self):
        return release_url(self.request, self.kwargs["pk"])

    def perform(self, form):
        return services.release_update(
            actor=self.request.user, release=self.get_release(), **form.cleaned_data
        )

    def get_success_url(self):
        return release_url(self.request, self.kwargs["pk"])


class ReleaseReturnView(FormPage):
    permission = Perm.NEWS_APPROVE
    form_class = forms.ReturnForm
    submit_label = gettext_lazy("Send back")
    success_message = gettext_lazy("The release was sent back as a draft.")

    def get_heading(self):
        return f"{_('Send back')}: {_release(self.request, self.kwargs['pk']).title}"

    def get_back_url(self):
        return release_url(self.request, self.kwargs["pk"])

    def perform(self, form):
        return services.release_return(
            actor=self.request.user,
            release=_release(self.request, self.kwargs["pk"]),
            note=form.cleaned_data["note"],
        )

    def get_success_url(self):
        return release_url(self.request, self.kwargs["pk"])


class ReleaseActionView(FacilityPermissionMixin, View):
    """A button on the release's page (POST): one service call, then back to the page."""

    permission = Perm.NEWS_MANAGE
    action = None  # the service
    done = ""

    def post(self, request, pk, **kwargs):
        release = _release(request, pk)
        try:
            type(self).action(actor=request.user, release=release)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.done)
        return HttpResponseRedirect(release_url(request, pk))


class ReleaseSubmitView(ReleaseActionView):
    action = services.release_submit
    done = gettext_lazy("Sent to the head for approval.")


class ReleaseApproveView(ReleaseActionView):
    permission = Perm.NEWS_APPROVE
    action = services.release_approve
    done = gettext_lazy("Approved. It can now be published.")


class ReleasePublishView(ReleaseActionView):
    action = services.release_publish
    done = gettext_lazy("Published on the unit's public page.")


class ReleaseWithdrawView(ReleaseActionView):
    action = services.release_withdraw
    done = gettext_lazy("Withdrawn from the public site.")


class ReleaseDocxView(FacilityPermissionMixin, View):
    permission = Perm.NEWS_MANAGE

    def get(self, request, pk, **kwargs):
        release = _release(request, pk)
        response = HttpResponse(export.as_docx(release), content_type=export.DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{export.file_stem(release)}.docx"'
        return response


class ReleaseTextView(FacilityPermissionMixin, View):
    permission = Perm.NEWS_MANAGE

    def get(self, request, pk, **kwargs):
        release = _release(request, pk)
        response = HttpResponse(export.as_text(release), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{export.file_stem(release)}.txt"'
        return response
