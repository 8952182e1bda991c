"""Handover pages (pengambilan / serah terima hasil karya): the unit's list, recording and
changing a draft with its lines and photos, posting it (after a confirmation), reversing it,
its history and its BAST as PDF.

Reading needs Perm.SALES_VIEW; every write needs Perm.SALES_MANAGE; the history needs
Perm.AUDIT_VIEW. Another unit's handover, line or photo answers 404."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from karya.accounts.mixins import FacilityPermissionMixin, can
from karya.accounts.permissions import Perm
from karya.audit.selectors import history_for_all
from karya.audit.views import HistoryView
from karya.core.dates import local
from karya.core.errors import DomainError
from karya.core.views import ServiceFormView, pdf_or_message
from karya.partners import selectors as partner_selectors
from karya.sales.choices import HandoverStatus
from karya.sales.documents.bast import bast_filename, handover_pdf
from karya.sales.forms import handovers as forms
from karya.sales.models import Handover, HandoverLine, HandoverPhoto
from karya.sales.selectors import handovers as selectors
from karya.sales.services import handovers as services


def get_handover(request, pk: int) -> Handover:
    handover = selectors.handover_get(facility=request.facility, pk=pk)
    if handover is None:
        raise Http404
    return handover


def handover_url(request, pk: int, anchor: str = "") -> str:
    url = reverse("sales:handover-detail", args=[request.facility.code, pk])
    return f"{url}#{anchor}" if anchor else url


class HandoverListView(FacilityPermissionMixin, ListView):
    """The unit's pick-ups, newest first, filtered by partner, status and month."""

    permission = Perm.SALES_VIEW
    template_name = "sales/handover_list.html"
    context_object_name = "handovers"
    paginate_by = 50

    def get_queryset(self):
        self.filters = forms.FilterForm(self.request.GET or None, facility=self.request.facility)
        values = self.filters.cleaned_data if self.filters.is_valid() else {}
        month = values.get("month")
        agreement = self.request.GET.get("kerja_sama", "")
        return selectors.handover_list(
            facility=self.request.facility,
            partner_id=values["partner"].pk if values.get("partner") else None,
            agreement_id=int(agreement) if agreement.isdigit() else None,
            status=values.get("status") or None,
            month=(month.year, month.month) if month else None,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filters=self.filters, can_manage=can(self.request, Perm.SALES_MANAGE), **kwargs
        )


class HandoverDetailView(FacilityPermissionMixin, TemplateView):
    permission = Perm.SALES_VIEW
    template_name = "sales/handover_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        handover = get_handover(self.request, self.kwargs["pk"])
        lines = selectors.handover_lines(handover=handover)
        is_draft = handover.status == HandoverStatus.DRAFT
        can_manage = can(self.request, Perm.SALES_MANAGE)
        if is_draft:
            held = selectors.available_at_source(handover=handover, lines=lines)
            for line in lines:
                line.available = held[(line.product_id, line.lot_id)]
                line.short = line.available < line.quantity
        context.update(
            handover=handover,
            lines=lines,
            total=selectors.handover_total(lines),
            photos=list(handover.photos.all()),
            sales=selectors.handover_sales(handover=handover),
            is_draft=is_draft,
            can_manage=can_manage,
            can_edit=can_manage and is_draft,
            can_reverse=(
                can_manage
                and handover.is_posted
                and not handover.is_reversal
                and not hasattr(handover, "reversed_by")
            ),
            line_form=forms.LineForm(handover=handover) if can_manage and is_draft else None,
            photo_form=forms.PhotoForm() if can_manage else None,
        )
        return context


class HandoverFormView(FacilityPermissionMixin, ServiceFormView):
    """Record a pick-up (no pk; ?kerja_sama=<id> chooses the agreement) or change a draft."""

    permission = Perm.SALES_MANAGE
    template_name = "sales/handover_form.html"
    form_class = forms.HandoverForm

    def load(self) -> Handover | None:
        if not hasattr(self, "handover"):
            pk = self.kwargs.get("pk")
            self.handover = None if pk is None else get_handover(self.request, pk)
        return self.handover

    def get(self, request, *args, **kwargs):
        handover = self.load()
        if handover is not None and handover.is_posted:
            messages.error(request, _("A posted handover can no longer be changed."))
            return HttpResponseRedirect(handover_url(request, handover.pk))
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(facility=self.request.facility, editing=self.load() is not None)
        return kwargs

    def get_initial(self):
        facility = self.request.facility
        handover = self.load()
        if handover is not None:
            return forms.HandoverForm.initial_from(handover, facility.timezone)
        now = local(timezone.now(), facility.timezone)
        initial = {
            "date": now.date(),
            "time": now.time().replace(second=0, microsecond=0),
            "officer": self.request.user.pk,
        }
        heads = list(selectors.unit_heads(facility=facility)[:2])
        if len(heads) == 1:
            initial["head"] = heads[0].pk
        sources = list(selectors.handover_sources(facility=facility)[:2])
        if len(sources) == 1:
            initial["source"] = sources[0].pk
        wanted = self.request.GET.get("kerja_sama", "")
        if wanted.isdigit():
            agreement = partner_selectors.agreement_get(facility=facility, pk=int(wanted))
            if agreement is not None:
                initial["agreement"] = agreement.pk
                schemes = [s for s in agreement.schemes if s in dict(forms.HandoverScheme.choices)]
                if schemes:
                    initial["scheme"] = schemes[0]
        return initial

    def get_context_data(self, **kwargs):
        handover = self.load()
        if handover is None:
            heading, back = (
                _("Record a pick-up"),
                reverse("sales:handover-list", args=[self.request.facility.code]),
            )
        else:
            heading = _("Change the draft pick-up of %(partner)s") % {
                "partner": handover.partner.legal_name
            }
            back = handover_url(self.request, handover.pk)
        return super().get_context_data(heading=heading, back_url=back, handover=handover, **kwargs)

    def perform(self, form):
        handover = self.load()
        if handover is None:
            return services.handover_create(
                actor=self.request.user, agreement=form.cleaned_data["agreement"], **form.values()
            )
        return services.handover_update(actor=self.request.user, handover=handover, **form.values())

    def get_success_url(self):
        return handover_url(self.request, self.object.pk, "lines")

    @property
    def success_message(self):
        return _("The pick-up was saved as a draft. Add its lines, then post it.")


class LineFormView(FacilityPermissionMixin, ServiceFormView):
    """Add a line to a draft (no line_pk) or change one."""

    permission = Perm.SALES_MANAGE
    template_name = "sales/handover_form.html"
    form_class = forms.LineForm
    success_message = gettext_lazy("The line was saved.")

    def load(self):
        if not hasattr(self, "handover"):
            self.handover = get_handover(self.request, self.kwargs["pk"])
            self.line = None
            if "line_pk" in self.kwargs:
                self.line = get_object_or_404(
                    HandoverLine.objects.filter(handover=self.handover).select_related(
                        "product", "lot"
                    ),
                    pk=self.kwargs["line_pk"],
                )
        return self.handover

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(handover=self.load(), line=self.line)
        return kwargs

    def get_initial(self):
        self.load()
        if self.line is None:
            return {}
        return {
            "lot": self.line.lot_id,
            "quantity": self.line.quantity,
            "unit_price": self.line.unit_price,
        }

    def get_context_data(self, **kwargs):
        handover = self.load()
        if self.line is None:
            heading = _("Add a line")
        else:
            heading = _("Change the line of %(product)s") % {"product": self.line.product.name}
        return super().get_context_data(
            heading=heading,
            back_url=handover_url(self.request, handover.pk, "lines"),
            handover=handover,
            **kwargs,
        )

    def perform(self, form):
        handover = self.load()
        values = form.values()
        if self.line is None:
            return services.handover_line_add(actor=self.request.user, handover=handover, **values)
        return services.handover_line_update(actor=self.request.user, line=self.line, **values)

    def get_success_url(self):
        return handover_url(self.request, self.load().pk, "lines")


class ActionView(FacilityPermissionMixin, View):
    """A button on the handover page (POST): do one thing, say what was done or why not, and
    go back to the page's section."""

    permission = Perm.SALES_MANAGE
    http_method_names = ["post"]
    anchor = ""

    def act(self, request, handover: Handover, **kwargs) -> str:
        """Call the service; return the message of success (a DomainError says why not)."""
        raise NotImplementedError

    def post(self, request, pk, **kwargs):
        handover = get_handover(request, pk)
        try:
            done = self.act(request, handover, **kwargs)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
        return HttpResponseRedirect(handover_url(request, pk, self.anchor))


class LineRemoveView(ActionView):
    anchor = "lines"

    def act(self, request, handover, line_pk, **kwargs):
        line = get_object_or_404(HandoverLine.objects.filter(handover=handover), pk=line_pk)
        services.handover_line_remove(actor=request.user, line=line)
        return _("The line was removed.")


class PhotoAddView(ActionView):
    anchor = "photos"

    def act(self, request, handover, **kwargs):
        form = forms.PhotoForm(request.POST, request.FILES)
        if not form.is_valid():
            raise DomainError(" ".join(e for errors in form.errors.values() for e in errors))
        services.handover_photo_add(
            actor=request.user,
            handover=handover,
            upload=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
        )
        return _("The photo was added.")


class PhotoRemoveView(ActionView):
    anchor = "photos"

    def act(self, request, handover, photo_pk, **kwargs):
        photo = get_object_or_404(HandoverPhoto.objects.filter(handover=handover), pk=photo_pk)
        services.handover_photo_remove(actor=request.user, photo=photo)
        return _("The photo was removed.")


class PhotoFileView(FacilityPermissionMixin, View):
    """The stored (cleaned) photo, only to those who may read the unit's sales."""

    permission = Perm.SALES_VIEW

    def get(self, request, pk, photo_pk, **kwargs):
        handover = get_handover(request, pk)
        photo = get_object_or_404(HandoverPhoto.objects.filter(handover=handover), pk=photo_pk)
        try:
            handle = photo.image.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        content_type = mimetypes.guess_type(photo.image.name)[0] or "application/octet-stream"
        response = FileResponse(handle, content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
        return response


class ConfirmPage(FacilityPermissionMixin, ServiceFormView):
    """A page that shows what will happen and asks to confirm (post, delete) or for a reason
    (reverse); the service's refusal is shown above the form."""

    permission = Perm.SALES_MANAGE
    template_name = "sales/handover_confirm.html"
    form_class = forms.ConfirmForm
    action = ""

    def load(self) -> Handover:
        if not hasattr(self, "handover"):
            self.handover = get_handover(self.request, self.kwargs["pk"])
        return self.handover

    def get(self, request, *args, **kwargs):
        handover = self.load()
        wrong = handover.is_posted if self.action in ("post", "delete") else not handover.is_posted
        if wrong:
            messages.error(request, self.refusal())
            return HttpResponseRedirect(handover_url(request, handover.pk))
        return super().get(request, *args, **kwargs)

    def refusal(self) -> str:
        return _("A posted handover can no longer be changed.")

    def get_context_data(self, **kwargs):
        handover = self.load()
        lines = selectors.handover_lines(handover=handover)
        if handover.status == HandoverStatus.DRAFT:
            held = selectors.available_at_source(handover=handover, lines=lines)
            for line in lines:
                line.available = held[(line.product_id, line.lot_id)]
                line.short = line.available < line.quantity
        return super().get_context_data(
            handover=handover,
            lines=lines,
            total=selectors.handover_total(lines),
            action=self.action,
            is_draft=handover.status == HandoverStatus.DRAFT,
            back_url=handover_url(self.request, handover.pk),
            **kwargs,
        )

    def get_success_url(self):
        return handover_url(self.request, self.object.pk)


class HandoverPostView(ConfirmPage):
    action = "post"

    def perform(self, form):
        handover = services.handover_post(actor=self.request.user, handover=self.load())
        messages.success(
            self.request,
            _("Posted as %(number)s. Print the BAST for signing.") % {"number": handover.number},
        )
        return handover


class HandoverReverseView(ConfirmPage):
    action = "reverse"
    form_class = forms.ReasonForm

    def refusal(self) -> str:
        return _("Only a posted handover can be reversed; delete or change a draft instead.")

    def perform(self, form):
        reversal = services.handover_reverse(
            actor=self.request.user, handover=self.load(), reason=form.cleaned_data["reason"]
        )
        messages.success(
            self.request,
            _("%(handover)s was reversed by %(number)s.")
            % {"handover": self.handover.number, "number": reversal.number},
        )
        return reversal


class HandoverDeleteView(ConfirmPage):
    action = "delete"

    def perform(self, form):
        services.handover_delete(actor=self.request.user, handover=self.load())
        messages.success(self.request, _("The draft pick-up was deleted."))
        return None

    def get_success_url(self):
        return reverse("sales:handover-list", args=[self.request.facility.code])


class HandoverPdfView(FacilityPermissionMixin, View):
    """The BAST to print and sign (a draft prints with a DRAF mark)."""

    permission = Perm.SALES_VIEW

    def get(self, request, pk, **kwargs):
        handover = get_handover(request, pk)
        return pdf_or_message(
            request,
            lambda: handover_pdf(handover),
            filename=bast_filename(handover),
            back_url=handover_url(request, pk),
        )


class HandoverHistoryView(FacilityPermissionMixin, HistoryView):
    """The handover's audit rows with those of its lines and photos."""

    permission = Perm.AUDIT_VIEW

    def get_audited_object(self):
        return get_handover(self.request, self.kwargs["pk"])

    def get_entries(self, obj):
        return history_for_all([obj, *obj.lines.all(), *obj.photos.all()])
