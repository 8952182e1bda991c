"""URLs of the dashboards, reports and targets (names `reports:…`): a unit's under
/upt/<code>/laporan/, a region's under /wilayah/<code>/laporan/, the country's and the
targets' administration under /laporan/."""

from django.urls import path

from karya.reports.views import dashboards, targets

app_name = "reports"
urlpatterns = [
    path("upt/<str:facility_code>/laporan/", dashboards.UnitDashboardView.as_view(), name="unit"),
    path(
        "upt/<str:facility_code>/laporan/bulanan.pdf",
        dashboards.UnitReportPdfView.as_view(),
        name="unit-pdf",
    ),
    path(
        "upt/<str:facility_code>/laporan/bulanan.xlsx",
        dashboards.UnitReportXlsxView.as_view(),
        name="unit-xlsx",
    ),
    path(
        "upt/<str:facility_code>/laporan/target/",
        targets.UnitTargetsView.as_view(),
        name="unit-targets",
    ),
    path(
        "wilayah/<str:region_code>/laporan/",
        dashboards.RegionDashboardView.as_view(),
        name="region",
    ),
    path(
        "wilayah/<str:region_code>/laporan/bulanan.pdf",
        dashboards.RegionReportPdfView.as_view(),
        name="region-pdf",
    ),
    path(
        "wilayah/<str:region_code>/laporan/bulanan.xlsx",
        dashboards.RegionReportXlsxView.as_view(),
        name="region-xlsx",
    ),
    path("laporan/nasional/", dashboards.CountryDashboardView.as_view(), name="country"),
    path(
        "laporan/nasional/bulanan.pdf",
        dashboards.CountryReportPdfView.as_view(),
        name="country-pdf",
    ),
    path(
        "laporan/nasional/bulanan.xlsx",
        dashboards.CountryReportXlsxView.as_view(),
        name="country-xlsx",
    ),
    path("laporan/target/", targets.TargetOverviewView.as_view(), name="targets"),
    path("laporan/indikator/", targets.IndicatorListView.as_view(), name="indicator-list"),
    path(
        "laporan/indikator/tambah/",
        targets.IndicatorFormView.as_view(),
        name="indicator-create",
    ),
    path(
        "laporan/indikator/<int:pk>/",
        targets.IndicatorFormView.as_view(),
        name="indicator-update",
    ),
]
