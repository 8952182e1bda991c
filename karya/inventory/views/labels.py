"""Product labels of a lot: a page to choose how many (and where to start on a partly used
sheet), and the PDF sheet itself. Printing labels needs Perm.STOCK_VIEW; another unit's lot
answers 404. A number out of range is explained on the page, and no PDF is made."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.views import View

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm
from karya.core.dates import today_in
from karya.core.documents import PdfResponse, render_pdf
from karya.core.errors import DomainError
from karya.inventory import labels
from karya.inventory.forms import LabelForm
from karya.inventory.views.common import abilities, location_or_404

FORM_TEMPLATE = "inventory/label_form.html"


def lot_or_404(request, pk):
    lot = labels.lot_get(facility=request.facility, pk=pk)
    if lot is None:
        raise Http404
    return lot


class _LabelPage(FacilityPermissionMixin, View):
    permission = Perm.STOCK_VIEW

    def page(self, request, lot, form, *, status=200, error: str = ""):
        """The form page; `?lokasi=<id>` (the stock page's link) counts that location only."""
        location = None
        wanted = request.GET.get("lokasi", "")
        if wanted.isdigit():
            location = location_or_404(request, int(wanted))
        stock = labels.lot_stock(lot=lot, location_id=location.pk if location else None)
        if not form.is_bound:
            form = LabelForm(initial={"jumlah": labels.default_count(stock), "mulai": 1})
        context = {
            "facility": request.facility,
            "lot": lot,
            "location": location,
            "stock": stock,
            "form": form,
            "error": error,
            "per_sheet": labels.LABELS_PER_SHEET,
            "columns": labels.COLUMNS,
            "rows": labels.ROWS,
            "public_url": labels.lot_public_url(lot),
            **abilities(request),
        }
        return render(request, FORM_TEMPLATE, context, status=status)


class LabelFormView(_LabelPage):
    """Choose how many labels to print (by default one per unit in stock, at most 240)."""

    def get(self, request, *args, **kwargs):
        lot = lot_or_404(request, kwargs["lot_id"])
        return self.page(request, lot, LabelForm())


class LabelPdfView(_LabelPage):
    """The label sheet as PDF (`?jumlah=<1..240>&mulai=<1..24>`); bad numbers: the form page
    with the reason, status 400."""

    def get(self, request, *args, **kwargs):
        lot = lot_or_404(request, kwargs["lot_id"])
        form = LabelForm(request.GET)
        if not form.is_valid():
            return self.page(request, lot, form, status=400)
        facility = request.facility
        try:
            with translation.override("id"):  # a label for the public: always Indonesian
                context = labels.label_sheets(
                    lot=lot,
                    count=form.cleaned_data["jumlah"],
                    start=form.cleaned_data["mulai"] or 1,
                    today=today_in(facility.timezone),
                )
                pdf = render_pdf(labels.TEMPLATE, context, request=request)
        except DomainError as error:
            status = getattr(error, "status", 400)
            return self.page(request, lot, form, status=status, error=error.message)
        return PdfResponse(pdf, filename=f"label-{facility.code}-{lot.code}")
