"""URLs of handovers, sales, invoices, consignment and orders, under
/upt/<facility_code>/penjualan/ (names `sales:…`)."""

from django.urls import path

from karya.sales.views import consignment

app_name = "sales"
urlpatterns: list = [
    # Consignment (konsinyasi): goods held by partners, settlements, returns.
    path("konsinyasi/", consignment.OverviewView.as_view(), name="consignment-overview"),
    path(
        "konsinyasi/mitra/<int:pk>/",
        consignment.PartnerView.as_view(),
        name="consignment-partner",
    ),
    path(
        "konsinyasi/mitra/<int:pk>/lokasi/",
        consignment.PartnerLocationView.as_view(),
        name="consignment-location",
    ),
    path(
        "konsinyasi/mitra/<int:pk>/retur/",
        consignment.ReturnView.as_view(),
        name="consignment-return",
    ),
    path(
        "konsinyasi/kerja-sama/<int:pk>/penyelesaian/",
        consignment.SettlementCreateView.as_view(),
        name="consignment-settlement-create",
    ),
    path(
        "konsinyasi/penyelesaian/<int:pk>/",
        consignment.SettlementDetailView.as_view(),
        name="consignment-settlement",
    ),
    path(
        "konsinyasi/penyelesaian/<int:pk>/konfirmasi/",
        consignment.SettlementConfirmView.as_view(),
        name="consignment-settlement-confirm",
    ),
    path(
        "konsinyasi/penyelesaian/<int:pk>/tolak/",
        consignment.SettlementRejectView.as_view(),
        name="consignment-settlement-reject",
    ),
]
