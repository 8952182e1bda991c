"""What the partner pages share: fetching the unit's records (another unit's record answers
404, exactly like a missing one) and a form page drawn by one template."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm, access_for
from karya.core.views import ServiceFormView, message_page
from karya.partners import selectors
from karya.partners.models import Agreement, FollowUp, Partner, PartnerVisit


def get_partner(request, pk: int) -> Partner:
    partner = selectors.partner_get(facility=request.facility, pk=pk)
    if partner is None:
        raise Http404
    return partner


def get_agreement(request, pk: int) -> Agreement:
    agreement = selectors.agreement_get(facility=request.facility, pk=pk)
    if agreement is None:
        raise Http404
    return agreement


def get_visit(request, pk: int) -> PartnerVisit:
    visit = selectors.visit_get(facility=request.facility, pk=pk)
    if visit is None:
        raise Http404
    return visit


def get_follow_up(request, pk: int) -> FollowUp:
    follow_up = (
        FollowUp.objects.filter(facility=request.facility, pk=pk)
        .select_related("visit__partner")
        .first()
    )
    if follow_up is None:
        raise Http404
    return follow_up


def partner_url(request, partner_id: int) -> str:
    return reverse("partners:partner-detail", args=[request.facility.code, partner_id])


def agreement_url(request, agreement_id: int, anchor: str = "") -> str:
    url = reverse("partners:agreement-detail", args=[request.facility.code, agreement_id])
    return f"{url}#{anchor}" if anchor else url


def visit_url(request, visit_id: int) -> str:
    return reverse("partners:visit-detail", args=[request.facility.code, visit_id])


def can(request, perm: Perm) -> bool:
    return access_for(request.user).can(perm, request.facility)


class FormPageMixin(ServiceFormView):
    """A form page of the partner area (partners/form.html): a heading, what it is about, the
    form, Save and Cancel."""

    template_name = "partners/form.html"
    submit_label = ""

    def get_heading(self) -> str:
        raise NotImplementedError

    def get_back_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=self.get_heading(),
            back_url=self.get_back_url(),
            submit_label=self.submit_label or _("Save"),
        )
        return context


class FormPage(FacilityPermissionMixin, FormPageMixin):
    """A form page whose writes need Perm.PARTNER_MANAGE."""

    permission = Perm.PARTNER_MANAGE


class HeadOnlyMixin:
    """After the page's own permission: only a head (Perm.AGREEMENT_APPROVE) goes on; anyone
    else gets a refusal that says who decides, and nothing changes."""

    def dispatch(self, request, *args, **kwargs):
        get_agreement(request, kwargs["pk"])  # another unit's agreement: 404 first
        if not can(request, Perm.AGREEMENT_APPROVE):
            return message_page(
                request,
                _("Only the head of the unit approves an MoU or a PKS."),
                back_url=agreement_url(request, kwargs["pk"]),
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)
