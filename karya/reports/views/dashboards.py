"""The dashboards and the monthly report (Laporan Bulanan Kegiatan Kerja) of a unit
(/upt/<code>/laporan/), a region (/wilayah/<code>/laporan/) and the country
(/laporan/nasional/), each for a month (`?bulan=2026-01`, default this month) and the year to
date; the report as PDF (`bulanan.pdf`) and XLSX (`bulanan.xlsx`).

Perm.REPORT_VIEW: the unit's head, treasurer, officers; the region's Kanwil staff; Ditjenpas.
Another unit's or region's page answers 404."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from karya.accounts.mixins import (
    FacilityPermissionMixin,
    GlobalPermissionMixin,
    RegionPermissionMixin,
)
from karya.accounts.permissions import Perm, access_for
from karya.core.documents import PdfResponse, safe_filename
from karya.facilities.models import Facility
from karya.reports import dashboards, documents
from karya.reports.periods import current_month, parse_month

NATIONAL_ZONE = "Asia/Jakarta"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def month_asked(request, tz_name: str) -> dt.date:
    """The month of `?bulan=YYYY-MM`; this month (in the zone) when absent, invalid or later."""
    this_month = current_month(tz_name)
    asked = parse_month(request.GET.get("bulan"))
    if asked is None or asked > this_month:
        return this_month
    return asked


class BoardMixin:
    """Builds the dashboard once per request (`self.board`)."""

    template_name = "reports/dashboard.html"

    def zone(self) -> str:
        return NATIONAL_ZONE

    def build(self, month: dt.date) -> dashboards.Dashboard:
        raise NotImplementedError

    def get_board(self) -> dashboards.Dashboard:
        if not hasattr(self, "board"):
            self.month = month_asked(self.request, self.zone())
            self.board = self.build(self.month)
        return self.board

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = self.get_board()
        context.update(
            board=board,
            months=dashboards.month_choices(current_month(self.zone())),
            month_value=f"{board.month:%Y-%m}",
        )
        return context


class ReportDownload(View):
    """The monthly report of the board as a PDF (`format = "pdf"`) or XLSX file."""

    format = "pdf"

    def get(self, request, *args, **kwargs):
        board = self.get_board()
        name = documents.report_filename(board)
        if self.format == "xlsx":
            response = HttpResponse(documents.report_xlsx(board), content_type=XLSX)
            response["Content-Disposition"] = content_disposition_header(
                True, safe_filename(name, extension="xlsx")
            )
            response["Cache-Control"] = "private, no-store"
            return response
        pdf = documents.report_pdf(board, request=request)
        return PdfResponse(pdf, filename=name, as_attachment=bool(request.GET.get("unduh")))


# --- a unit ---------------------------------------------------------------------------------


class UnitBoard(FacilityPermissionMixin, BoardMixin):
    permission = Perm.REPORT_VIEW

    def zone(self) -> str:
        return self.request.facility.timezone

    def build(self, month):
        facility = self.request.facility
        perms = {p.value for p in access_for(self.request.user).permissions_in(facility)}
        # Links to the records behind the figures are for the unit's own staff only.
        own = facility in access_for(self.request.user).home_facilities
        return dashboards.unit_dashboard(facility, month, perms=perms if own else set())


class UnitDashboardView(UnitBoard, TemplateView):
    pass


class UnitReportPdfView(UnitBoard, ReportDownload):
    format = "pdf"


class UnitReportXlsxView(UnitBoard, ReportDownload):
    format = "xlsx"


# --- a region -------------------------------------------------------------------------------


class RegionBoard(RegionPermissionMixin, BoardMixin):
    permission = Perm.REPORT_VIEW

    def build(self, month):
        return dashboards.region_dashboard(self.request.region, month)


class RegionDashboardView(RegionBoard, TemplateView):
    pass


class RegionReportPdfView(RegionBoard, ReportDownload):
    format = "pdf"


class RegionReportXlsxView(RegionBoard, ReportDownload):
    format = "xlsx"


# --- the country ----------------------------------------------------------------------------


class CountryBoard(GlobalPermissionMixin, BoardMixin):
    permission = Perm.REPORT_VIEW

    def build(self, month):
        return dashboards.country_dashboard(month)

    def get_context_data(self, **kwargs):
        from karya.facilities.selectors import facility_list

        context = super().get_context_data(**kwargs)
        context["all_units"] = facility_list().only("code", "name", "region")
        return context


class CountryDashboardView(CountryBoard, TemplateView):
    def get(self, request, *args, **kwargs):
        """`?upt=<code>` (the unit picker) goes down to that unit's dashboard."""
        code = request.GET.get("upt", "").strip().upper()
        if code:
            facility = get_object_or_404(Facility, code=code)
            url = reverse("reports:unit", args=[facility.code])
            month = parse_month(request.GET.get("bulan"))
            return redirect(f"{url}?bulan={month:%Y-%m}" if month else url)
        return super().get(request, *args, **kwargs)


class CountryReportPdfView(CountryBoard, ReportDownload):
    format = "pdf"


class CountryReportXlsxView(CountryBoard, ReportDownload):
    format = "xlsx"
