"""URLs of handovers, sales, invoices, consignment and orders, under
/upt/<facility_code>/penjualan/ (names `sales:…`)."""

from django.urls import path

from karya.sales.views import consignment, orders

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
    # Orders (quotation → order → delivery → payment)
    path("pesanan/", orders.OrderListView.as_view(), name="order-list"),
    path("pesanan/tambah/", orders.OrderCreateView.as_view(), name="order-create"),
    path("pesanan/<int:pk>/", orders.OrderDetailView.as_view(), name="order-detail"),
    path("pesanan/<int:pk>/baris/", orders.OrderLinesView.as_view(), name="order-lines"),
    path(
        "pesanan/<int:pk>/baris/<int:line_pk>/ubah/",
        orders.OrderLineUpdateView.as_view(),
        name="order-line-update",
    ),
    path(
        "pesanan/<int:pk>/baris/<int:line_pk>/hapus/",
        orders.OrderLineRemoveView.as_view(),
        name="order-line-remove",
    ),
    path("pesanan/<int:pk>/konfirmasi/", orders.OrderConfirmView.as_view(), name="order-confirm"),
    path(
        "pesanan/<int:pk>/produksi/", orders.OrderProductionView.as_view(), name="order-production"
    ),
    path(
        "pesanan/<int:pk>/produksi/rencana/",
        orders.OrderProductionPlanView.as_view(),
        name="order-production-plan",
    ),
    path("pesanan/<int:pk>/kirim/", orders.OrderDeliverView.as_view(), name="order-deliver"),
    path("pesanan/<int:pk>/batal/", orders.OrderCancelView.as_view(), name="order-cancel"),
    path(
        "pesanan/<int:pk>/penawaran.pdf",
        orders.OrderQuotationPdfView.as_view(),
        name="order-quotation-pdf",
    ),
    path("pesanan/<int:pk>/riwayat/", orders.OrderHistoryView.as_view(), name="order-history"),
]
