"""Dashboards, monthly reports and targets (issue 8).

- /api/v1/facilities/{code}/dashboard, …/monthly-report.pdf, …/monthly-report.xlsx: a unit's
  figures for a month (`?month=2026-01`, default this month) and the year to date, and its
  Laporan Bulanan Kegiatan Kerja. Perm.REPORT_VIEW in the unit.
- /api/v1/regions/{region_code}/…: the same for a region (its Kanwil staff, Ditjenpas); another
  region answers 404.
- /api/v1/country/…: the same for the country (Ditjenpas).
- /api/v1/facilities/{code}/targets: a unit's targets of a year with their realisation;
  setting them needs Perm.TARGET_MANAGE (Ditjenpas). /api/v1/report-indicators: the
  indicators targets are set for.

The numbers are those of the dashboard pages (one `Dashboard` feeds both). Amounts are whole
rupiah and percentages have one decimal, as decimal strings; null when a ratio has no base."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from karya.accounts.permissions import ROLE_PERMISSIONS, Perm, access_for
from karya.api.errors import ErrorOut
from karya.api.routers.common import facility_for
from karya.core.documents import PdfResponse, safe_filename
from karya.core.errors import DomainError
from karya.facilities.models import Region
from karya.reports import dashboards, documents, selectors
from karya.reports.choices import Measure
from karya.reports.measures import kind_of
from karya.reports.models import Indicator
from karya.reports.periods import current_month, parse_month
from karya.reports.services.targets import indicator_create, unit_targets_set

router = Router(tags=["reports"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
NATIONAL_ZONE = "Asia/Jakarta"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PRODUCT_FIELDS = ("name", "planned", "made", "planned_to_date", "made_to_date")
VALUE = "A count, whole rupiah or a percentage (see `kind`); null when it has no base."


def _file(media_type: str, what: str) -> dict:
    return {
        "responses": {
            "200": {
                "description": what,
                "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


PDF = _file("application/pdf", "The monthly report as PDF.")
SPREADSHEET = _file(XLSX, "The monthly report as an XLSX workbook.")


# --- schemas -------------------------------------------------------------------------------


class MonthQuery(Schema):
    month: str = Field(
        "", description="YYYY-MM; empty: this month. A later month than this one is refused."
    )


class ReportFigureOut(Schema):
    measure: Measure
    label: str
    kind: str = Field(..., description="count, quantity, rupiah or percent.")
    month: Decimal | None = Field(..., description=VALUE)
    year_to_date: Decimal | None = Field(..., description=VALUE)


class ReportChannelOut(Schema):
    key: str
    label: str
    month: Decimal = Field(..., description="Sales, whole rupiah.")
    year_to_date: Decimal


class ReportSectorOut(Schema):
    sector: str
    label: str
    working: int = Field(..., description="Distinct inmates working in the month.")


class ReportProductOut(Schema):
    name: str
    planned: int
    made: int = Field(..., description="Good quantity of the orders finished in the month.")
    planned_to_date: int
    made_to_date: int


class ReportTargetOut(Schema):
    indicator: str = Field(..., description="The indicator's code.")
    name: str
    kind: str
    target: Decimal | None = Field(..., description="The year's target; null: none set.")
    realised: Decimal | None = Field(..., description="Realised from January to the month.")
    percent: Decimal | None = Field(..., description="Realised as a % of the target.")
    from_finance: bool = Field(..., description="The PNBP target of the finance area.")


class ReportComparedOut(Schema):
    code: str
    name: str
    figures: list[ReportFigureOut]


class ReportRankedOut(Schema):
    place: int
    code: str
    name: str
    value: Decimal | None


class ReportRankingOut(Schema):
    key: str
    title: str
    items: list[ReportRankedOut]


class ReportDashboardOut(Schema):
    level: str = Field(..., description="unit, region or country.")
    code: str | None = Field(..., description="The unit's or region's code.")
    title: str
    month: dt.date = Field(..., description="The first day of the month.")
    month_label: str
    year_to_date_label: str
    figures: list[ReportFigureOut]
    channels: list[ReportChannelOut]
    sectors: list[ReportSectorOut]
    products: list[ReportProductOut] = Field(..., description="A unit's only.")
    ekatalog: list[ReportFigureOut] = Field(..., description="The e-Katalog recap.")
    targets: list[ReportTargetOut]
    compared: list[ReportComparedOut] = Field(
        ..., description="A region's units, or the country's regions, side by side."
    )
    rankings: list[ReportRankingOut]


class ReportIndicatorOut(Schema):
    code: str
    name: str
    measure: Measure
    kind: str
    description: str
    builtin: bool
    is_active: bool


class ReportIndicatorIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: str = Field(..., min_length=1, max_length=150)
    measure: Measure
    description: str = Field("", max_length=300)


class ReportTargetsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    values: dict[str, Decimal | None] = Field(
        ...,
        description="Indicator code → the year's target; null removes it. Indicators left "
        "out keep their target; the PNBP target is the finance area's and is refused here.",
    )


class TargetYearQuery(Schema):
    year: int = Field(0, description="Empty: this year.")


# --- helpers -------------------------------------------------------------------------------


def _month(query: MonthQuery, tz_name: str) -> dt.date:
    if not query.month:
        return current_month(tz_name)
    month = parse_month(query.month)
    if month is None or month > current_month(tz_name):
        raise DomainError(_("Give a month as YYYY-MM, not later than this one."), field="month")
    return month


def _region(request, region_code: str) -> Region:
    region = Region.objects.filter(code=region_code).first()
    access = access_for(request.user)
    if region is None or not access.covers_region(region):
        raise Http404
    if not access.can_in_region(Perm.REPORT_VIEW, region):
        raise PermissionDenied
    return region


def _country(request) -> None:
    if not access_for(request.user).can(Perm.REPORT_VIEW):
        raise PermissionDenied


def _figure(row) -> dict:
    return {
        "measure": row.measure,
        "label": row.label,
        "kind": row.kind,
        "month": row.month,
        "year_to_date": row.ytd,
    }


def _out(board: dashboards.Dashboard) -> dict:
    compared_kinds = [kind_of(m) for m in dashboards.COMPARED]
    return {
        "level": board.level,
        "code": getattr(board.subject, "code", None),
        "title": board.title,
        "month": board.month,
        "month_label": board.month_label,
        "year_to_date_label": board.ytd_label,
        "figures": [_figure(row) for row in board.rows],
        "channels": [
            {"key": m.key, "label": m.label, "month": m.amount, "year_to_date": y.amount}
            for m, y in board.channel_rows
        ],
        "sectors": [
            {"sector": line.key, "label": line.label, "working": line.quantity}
            for line in board.sectors
        ],
        "products": [
            dict(zip(PRODUCT_FIELDS, values, strict=True)) for values in board.product_rows
        ],
        "ekatalog": [_figure(row) for row in board.ekatalog],
        "targets": [
            {
                "indicator": t.indicator.code,
                "name": t.indicator.name,
                "kind": t.kind,
                "target": t.target,
                "realised": t.realised,
                "percent": t.percent,
                "from_finance": t.from_finance,
            }
            for t in board.targets
        ],
        "compared": [
            {
                "code": item.code,
                "name": item.name,
                "figures": [
                    {
                        "measure": measure,
                        "label": str(Measure(measure).label),
                        "kind": kind,
                        "month": item.month.get(measure),
                        "year_to_date": item.ytd.get(measure),
                    }
                    for measure, kind in zip(dashboards.COMPARED, compared_kinds, strict=True)
                ],
            }
            for item in board.compared
        ],
        "rankings": [
            {
                "key": key,
                "title": ranked.title,
                "items": [
                    {"place": i.place, "code": i.code, "name": i.name, "value": i.value}
                    for i in ranked.items
                ],
            }
            for key, ranked in board.ranking_lists
        ],
    }


def _pdf(request, board) -> PdfResponse:
    return PdfResponse(
        documents.report_pdf(board, request=request), filename=documents.report_filename(board)
    )


def _xlsx(board) -> HttpResponse:
    response = HttpResponse(documents.report_xlsx(board), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, safe_filename(documents.report_filename(board), extension="xlsx")
    )
    return response


def _unit_board(request, code: str, query: MonthQuery):
    facility = facility_for(request, code, Perm.REPORT_VIEW)
    return dashboards.unit_dashboard(facility, _month(query, facility.timezone))


# --- a unit ---------------------------------------------------------------------------------


@router.get(
    "/facilities/{code}/dashboard",
    response={200: ReportDashboardOut, **ERRORS},
    summary="A unit's figures for a month and the year to date",
)
def unit_dashboard(request, code: str, query: Query[MonthQuery]):
    return _out(_unit_board(request, code, query))


@router.get(
    "/facilities/{code}/monthly-report.pdf",
    response={**ERRORS, 503: ErrorOut},
    summary="A unit's monthly report (Laporan Bulanan Kegiatan Kerja), PDF",
    openapi_extra=PDF,
)
def unit_report_pdf(request, code: str, query: Query[MonthQuery]):
    return _pdf(request, _unit_board(request, code, query))


@router.get(
    "/facilities/{code}/monthly-report.xlsx",
    response={**ERRORS},
    summary="A unit's monthly report (Laporan Bulanan Kegiatan Kerja), XLSX",
    openapi_extra=SPREADSHEET,
)
def unit_report_xlsx(request, code: str, query: Query[MonthQuery]):
    return _xlsx(_unit_board(request, code, query))


# --- a region and the country ----------------------------------------------------------------


def _region_board(request, region_code: str, query: MonthQuery):
    region = _region(request, region_code)
    return dashboards.region_dashboard(region, _month(query, NATIONAL_ZONE))


@router.get(
    "/regions/{region_code}/dashboard",
    response={200: ReportDashboardOut, **ERRORS},
    summary="A region's figures, its units side by side and ranked",
)
def region_dashboard(request, region_code: str, query: Query[MonthQuery]):
    return _out(_region_board(request, region_code, query))


@router.get(
    "/regions/{region_code}/monthly-report.pdf",
    response={**ERRORS, 503: ErrorOut},
    summary="A region's monthly report, PDF",
    openapi_extra=PDF,
)
def region_report_pdf(request, region_code: str, query: Query[MonthQuery]):
    return _pdf(request, _region_board(request, region_code, query))


@router.get(
    "/regions/{region_code}/monthly-report.xlsx",
    response={**ERRORS},
    summary="A region's monthly report, XLSX",
    openapi_extra=SPREADSHEET,
)
def region_report_xlsx(request, region_code: str, query: Query[MonthQuery]):
    return _xlsx(_region_board(request, region_code, query))


def _country_board(request, query: MonthQuery):
    _country(request)
    return dashboards.country_dashboard(_month(query, NATIONAL_ZONE))


@router.get(
    "/country/dashboard",
    response={200: ReportDashboardOut, **ERRORS},
    summary="The country's figures, its regions side by side and ranked",
)
def country_dashboard(request, query: Query[MonthQuery]):
    return _out(_country_board(request, query))


@router.get(
    "/country/monthly-report.pdf",
    response={**ERRORS, 503: ErrorOut},
    summary="The country's monthly report, PDF",
    openapi_extra=PDF,
)
def country_report_pdf(request, query: Query[MonthQuery]):
    return _pdf(request, _country_board(request, query))


@router.get(
    "/country/monthly-report.xlsx",
    response={**ERRORS},
    summary="The country's monthly report, XLSX",
    openapi_extra=SPREADSHEET,
)
def country_report_xlsx(request, query: Query[MonthQuery]):
    return _xlsx(_country_board(request, query))


# --- targets and indicators ------------------------------------------------------------------


def _year(query: TargetYearQuery) -> int:
    from karya.core.dates import today_in

    if not query.year:
        return today_in(NATIONAL_ZONE).year
    if not 2000 <= query.year <= 2100:
        raise DomainError(_("Give a year such as 2026."), field="year")
    return query.year


def _targets(facility, year: int) -> list[dict]:
    month = min(current_month(facility.timezone), dt.date(year, 12, 1))
    data = dashboards.fresh_scope([facility], month)
    lines = selectors.target_lines(data, [facility.pk], selectors.indicators())
    return [
        {
            "indicator": t.indicator.code,
            "name": t.indicator.name,
            "kind": t.kind,
            "target": t.target,
            "realised": t.realised,
            "percent": t.percent,
            "from_finance": t.from_finance,
        }
        for t in lines
    ]


@router.get(
    "/facilities/{code}/targets",
    response={200: list[ReportTargetOut], **ERRORS},
    summary="A unit's targets of a year and their realisation to date",
)
def unit_targets(request, code: str, query: Query[TargetYearQuery]):
    facility = facility_for(request, code, Perm.REPORT_VIEW)
    return _targets(facility, _year(query))


@router.put(
    "/facilities/{code}/targets",
    response={200: list[ReportTargetOut], **ERRORS},
    summary="Set a unit's targets of a year (Ditjenpas)",
)
def unit_targets_put(request, code: str, query: Query[TargetYearQuery], data: ReportTargetsIn):
    facility = facility_for(request, code, Perm.TARGET_MANAGE)
    year = _year(query)
    known = {i.code: i for i in Indicator.objects.filter(is_active=True)}
    unknown = sorted(set(data.values) - set(known))
    if unknown:
        raise DomainError(
            _("Unknown indicator: %(codes)s.") % {"codes": ", ".join(unknown)},
            field="values",
            code="unknown_indicator",
        )
    with scope(facility=[facility.pk]):
        unit_targets_set(
            actor=request.user,
            facility=facility,
            year=year,
            values={known[code]: value for code, value in data.values.items()},
        )
    return _targets(facility, year)


def _indicator(indicator: Indicator) -> dict:
    return {
        "code": indicator.code,
        "name": indicator.name,
        "measure": indicator.measure,
        "kind": kind_of(indicator.measure),
        "description": indicator.description,
        "builtin": indicator.builtin,
        "is_active": indicator.is_active,
    }


@router.get(
    "/report-indicators",
    response={200: list[ReportIndicatorOut], **ERRORS},
    summary="The indicators units' targets are set for",
)
def indicator_list(request):
    memberships = access_for(request.user).memberships
    if not any(Perm.REPORT_VIEW in ROLE_PERMISSIONS[m.role] for m in memberships):
        raise PermissionDenied
    return [_indicator(i) for i in Indicator.objects.order_by("-is_active", "position", "name")]


@router.post(
    "/report-indicators",
    response={201: ReportIndicatorOut, **ERRORS},
    summary="Add an indicator (Ditjenpas)",
)
def indicator_add(request, data: ReportIndicatorIn):
    if not access_for(request.user).can(Perm.TARGET_MANAGE):
        raise PermissionDenied
    indicator = indicator_create(
        actor=request.user, name=data.name, measure=data.measure, description=data.description
    )
    return Status(201, _indicator(indicator))
