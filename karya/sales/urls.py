"""URLs of handovers, sales, invoices, consignment and orders, under
/upt/<facility_code>/penjualan/."""

from django.urls import path

from karya.sales.views import orders

app_name = "sales"
urlpatterns: list = [
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
