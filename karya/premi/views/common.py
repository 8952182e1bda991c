"""What the premi pages share: the unit's records (another unit's answers 404), a form page,
a refusal page and the PDF answer.

Reading needs Perm.PREMI_VIEW; preparing runs, corrections, withdrawals, payouts and the
settings Perm.PREMI_MANAGE (the treasurer); approving a run Perm.PREMI_APPROVE (the head)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm
from karya.core.views import ServiceFormView
from karya.inmates.models import Inmate
from karya.premi import selectors
from karya.premi.models import PremiRun


def get_run(request, pk: int) -> PremiRun:
    run = selectors.run_get(facility=request.facility, pk=pk)
    if run is None:
        raise Http404
    return run


def get_inmate(request, pk: int) -> Inmate:
    inmate = Inmate.objects.filter(facility=request.facility, pk=pk).first()
    if inmate is None:
        raise Http404
    return inmate


class FormPage(FacilityPermissionMixin, ServiceFormView):
    """A form page of the premi area: heading, intro, the form, Save and Cancel."""

    permission = Perm.PREMI_MANAGE
    template_name = "premi/form.html"
    submit_label = ""
    intro = ""

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
            intro=self.intro,
        )
        return context
